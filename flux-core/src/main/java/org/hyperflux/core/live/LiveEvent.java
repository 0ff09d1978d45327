package org.hyperflux.core.live;

/**
 * What a {@link LiveSource} emits for one acquisition, in this order: one {@link Started}, then
 * {@link FrameBatch}es and {@link FrameGap}s in acquisition order. The stream completes after the
 * last frame of the scan, or fails with a {@link LiveAcquisitionException}.
 */
public sealed interface LiveEvent permits LiveEvent.Started, FrameBatch, FrameGap {

  /**
   * The acquisition is armed: its geometry is known, no frame has arrived yet.
   *
   * @param geometry the scan
   * @param header the detector's acquisition header as key/value text (kept in
   *     {@code original_metadata} by writers), in the order the detector sent it
   */
  record Started(ScanGeometry geometry, java.util.Map<String, String> header) implements LiveEvent {
    public Started {
      if (geometry == null) throw new IllegalArgumentException("geometry must not be null");
      header = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(header));
    }
  }
}
