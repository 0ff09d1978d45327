package org.hyperflux.core.accumulate;

import java.util.BitSet;

/**
 * A result, possibly of part of the data: the value, which positions it covers, and how many
 * items (chunks or tiles) were accepted out of how many are expected. {@code validMask} is null
 * when every position is covered.
 */
public record Partial<R>(R value, BitSet validMask, long accepted, long expected) {
  /** True when everything expected was accepted. */
  public boolean isComplete() {
    return accepted >= expected;
  }

  /** A complete result. */
  public static <R> Partial<R> complete(R value, long count) {
    return new Partial<>(value, null, count, count);
  }
}
