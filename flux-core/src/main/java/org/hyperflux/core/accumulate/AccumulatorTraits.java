package org.hyperflux.core.accumulate;

/**
 * What an {@link Accumulator} declares to the planner. {@code stateBytes} is the largest state
 * (the merged one, held for the whole pass); {@code partitionStateBytes} the state of one
 * partition (one chunk), held per chunk in flight.
 *
 * @param mergeable states of different partitions can be merged (the executor may fold chunks in parallel)
 * @param ordered tiles must arrive in grid order on a single state
 * @param passes passes over the data the result needs (1 for reductions)
 * @param liveCapable usable on a single-pass live source
 * @param stateBytes bytes of the merged (largest) state
 * @param partitionStateBytes bytes of the state of one partition (one chunk)
 */
public record AccumulatorTraits(
    boolean mergeable, boolean ordered, int passes, boolean liveCapable, long stateBytes,
    long partitionStateBytes) {
  /** Traits whose partition states can be as large as the merged state. */
  public AccumulatorTraits(boolean mergeable, boolean ordered, int passes, boolean liveCapable,
      long stateBytes) {
    this(mergeable, ordered, passes, liveCapable, stateBytes, stateBytes);
  }

  public AccumulatorTraits {
    if (partitionStateBytes < 0 || partitionStateBytes > stateBytes) {
      throw new IllegalArgumentException(
          "partitionStateBytes must be between 0 and stateBytes (" + stateBytes + "), got "
              + partitionStateBytes);
    }
    if (passes < 1) throw new IllegalArgumentException("passes must be >= 1, got " + passes);
    if (stateBytes < 0) throw new IllegalArgumentException("stateBytes must be >= 0, got " + stateBytes);
    if (mergeable && ordered) {
      throw new IllegalArgumentException("an accumulator is either mergeable or ordered, not both");
    }
  }
}
