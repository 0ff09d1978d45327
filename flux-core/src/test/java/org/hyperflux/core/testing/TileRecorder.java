package org.hyperflux.core.testing;

import java.util.ArrayList;
import java.util.List;
import org.hyperflux.core.accumulate.Accumulator;
import org.hyperflux.core.accumulate.AccumulatorTraits;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.Region;

/** An ordered test accumulator that records the grid index and region of every tile, in arrival order. */
public final class TileRecorder implements Accumulator<List<TileRecorder.Seen>, List<TileRecorder.Seen>> {
  private static final long serialVersionUID = 1L;

  /** One accepted tile. */
  public record Seen(ChunkIndex gridIndex, Region region, int length) {}

  @Override
  public AccumulatorTraits traits() {
    return new AccumulatorTraits(false, true, 1, true, 1024);
  }

  @Override
  public List<Seen> create() {
    return new ArrayList<>();
  }

  @Override
  public void accept(List<Seen> state, Chunk tile) {
    state.add(new Seen(tile.gridIndex(), tile.region(), tile.block().length()));
  }

  @Override
  public List<Seen> merge(List<Seen> left, List<Seen> right) {
    left.addAll(right);
    return left;
  }

  @Override
  public Partial<List<Seen>> finish(List<Seen> state) {
    return Partial.complete(List.copyOf(state), state.size());
  }

  @Override
  public Partial<List<Seen>> snapshot(List<Seen> state) {
    return finish(state);
  }
}
