package org.hyperflux.core.testing;

import java.util.concurrent.atomic.AtomicLong;
import org.hyperflux.core.accumulate.Accumulator;
import org.hyperflux.core.accumulate.AccumulatorTraits;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Casts;
import org.hyperflux.core.array.Chunk;

/**
 * A tiny mergeable test accumulator: the sum of all elements in double precision, plus the
 * number of tiles and elements it accepted (so tests can check that every element arrived
 * exactly once). Independent of the library's reductions.
 */
public final class DoubleSum implements Accumulator<DoubleSum.State, DoubleSum.Result> {
  private static final long serialVersionUID = 1L;

  /** The mutable state of one partition. */
  public static final class State {
    double sum;
    long elements;
    long tiles;
    double[] buffer = new double[0];
  }

  /** The result: sum, elements and tiles accepted. */
  public record Result(double sum, long elements, long tiles) {}

  private final boolean mergeable;
  private final long stateBytes;
  private final AtomicLong accepts = new AtomicLong();

  private DoubleSum(boolean mergeable, long stateBytes) {
    this.mergeable = mergeable;
    this.stateBytes = stateBytes;
  }

  /** A mergeable sum (folded per chunk in parallel, merged in grid order). */
  public static DoubleSum mergeable() {
    return new DoubleSum(true, 64);
  }

  /** An ordered sum (one state, tiles in grid order). */
  public static DoubleSum ordered() {
    return new DoubleSum(false, 64);
  }

  /** The same accumulator declaring {@code bytes} per state to the planner. */
  public DoubleSum withStateBytes(long bytes) {
    return new DoubleSum(mergeable, bytes);
  }

  /** Calls of {@link #accept} over all states. */
  public long accepts() {
    return accepts.get();
  }

  @Override
  public AccumulatorTraits traits() {
    return new AccumulatorTraits(mergeable, !mergeable, 1, true, stateBytes);
  }

  @Override
  public State create() {
    return new State();
  }

  @Override
  public void accept(State state, Chunk tile) {
    accepts.incrementAndGet();
    Block b = tile.block();
    int n = b.length();
    if (b.array() instanceof float[] f) {
      double s = 0;
      int o = b.offset();
      for (int i = 0; i < n; i++) s += f[o + i];
      state.sum += s;
    } else {
      if (state.buffer.length < n) state.buffer = new double[n];
      Casts.toDouble(b, 0, state.buffer, n);
      double s = 0;
      for (int i = 0; i < n; i++) s += state.buffer[i];
      state.sum += s;
    }
    state.elements += n;
    state.tiles++;
  }

  @Override
  public State merge(State left, State right) {
    left.sum += right.sum;
    left.elements += right.elements;
    left.tiles += right.tiles;
    return left;
  }

  @Override
  public Partial<Result> finish(State state) {
    return Partial.complete(new Result(state.sum, state.elements, state.tiles), state.tiles);
  }

  @Override
  public Partial<Result> snapshot(State state) {
    return Partial.complete(new Result(state.sum, state.elements, state.tiles), state.tiles);
  }
}
