package org.hyperflux.core.accumulate;

/**
 * What an {@link Accumulator} declares to the planner.
 *
 * @param mergeable states of different partitions can be merged (the executor may fold chunks in parallel)
 * @param ordered tiles must arrive in grid order on a single state
 * @param passes passes over the data the result needs (1 for reductions)
 * @param liveCapable usable on a single-pass live source
 * @param stateBytes bytes one state holds (counted against the budget per state alive)
 */
public record AccumulatorTraits(
    boolean mergeable, boolean ordered, int passes, boolean liveCapable, long stateBytes) {
  public AccumulatorTraits {
    if (passes < 1) throw new IllegalArgumentException("passes must be >= 1, got " + passes);
    if (stateBytes < 0) throw new IllegalArgumentException("stateBytes must be >= 0, got " + stateBytes);
    if (mergeable && ordered) {
      throw new IllegalArgumentException("an accumulator is either mergeable or ordered, not both");
    }
  }
}
