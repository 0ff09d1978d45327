package org.hyperflux.core.live;

/**
 * What a consumer of a {@link LiveSignal} does with frame batches it cannot take yet (DESIGN §3
 * "one pass, many consumers"). Whatever the policy, {@link LiveEvent.Started}, {@link FrameGap},
 * completion and errors are never dropped.
 */
public enum OverflowPolicy {
  /**
   * The default: the consumer's demand reaches the source (and, for a socket, the sender); no
   * frame is ever dropped. A slow BLOCK consumer slows the whole acquisition.
   */
  BLOCK,
  /** Frame batches arriving while the consumer has no demand are dropped and counted. */
  DROP_COUNTED,
  /**
   * Keeps only the newest batch the consumer has not asked for yet; the batches it replaces are
   * dropped and counted. For views that show the latest frames and must never slow acquisition.
   */
  LATEST
}
