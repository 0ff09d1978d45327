package org.hyperflux.core.accumulate;

import java.io.Serializable;
import org.hyperflux.core.array.Chunk;

/**
 * Folds a stream of tiles into a result: reductions, histograms, navigators, decompositions,
 * virtual detectors and fits all implement this one contract (DESIGN §4).
 *
 * <p>Lifecycle: {@link #create} → {@link #accept}* → {@link #merge}* → {@link #finish} once. A
 * state is touched by one thread at a time. {@code accept} never retains the tile or its block.
 * Mergeable accumulators get one state per partition (a chunk), merged left to right in grid
 * order, so results are identical run to run; ordered ones see every tile of the stream in grid
 * order on one state. Accumulators are serialisable so that a distributed engine can ship them.
 *
 * @param <S> the mutable state
 * @param <R> the result
 */
public interface Accumulator<S, R> extends Serializable {
  /** What this accumulator needs from the executor. */
  AccumulatorTraits traits();

  /** A fresh, empty state. */
  S create();

  /** Folds one tile (a region of the input with its grid index) into {@code state}. */
  void accept(S state, Chunk tile);

  /** Combines two states; {@code left} covers data before {@code right} in grid order. May reuse either. */
  S merge(S left, S right);

  /** The result; the state is not used afterwards. */
  Partial<R> finish(S state);

  /** An immutable result of the data accepted so far; never concurrent with {@code accept}. */
  Partial<R> snapshot(S state);
}
