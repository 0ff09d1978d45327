package org.hyperflux.core.accumulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Tiles;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.exec.Pass;
import org.hyperflux.core.exec.SourceNode;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Accumulator} keeps (DESIGN §4); a new accumulator (histogram,
 * navigator, decomposition, virtual detector) extends this and inherits the suite. Subclasses
 * give an input with several chunks, the accumulator, and how to compare two results.
 */
public abstract class AbstractAccumulatorContractTest<S, R> {
  /** An input array with several chunks along at least one axis. */
  protected abstract MemoryArray input();

  /** The accumulator under test, for {@link #input()}'s grid. */
  protected abstract Accumulator<S, R> accumulator(MemoryArray input);

  /** Asserts that two results are equal (within the accumulator's rounding, if any). */
  protected abstract void assertSameResult(R actual, R expected);

  private static final int TILE = 7;

  /** Every tile of every chunk, in grid order. */
  private static List<Chunk> tiles(MemoryArray input, long fromChunk, long toChunk) {
    ChunkGrid grid = input.grid();
    List<Chunk> tiles = new ArrayList<>();
    for (long i = fromChunk; i < toChunk; i++) {
      ChunkIndex idx = grid.index(i);
      Region region = grid.region(idx);
      for (Region t : Tiles.of(region, TILE)) {
        tiles.add(new Chunk(idx, t, org.hyperflux.core.array.RegionCopy.extract(input.chunk(idx), region, t)));
      }
    }
    return tiles;
  }

  private R foldAll(Accumulator<S, R> acc, MemoryArray input) {
    S s = acc.create();
    for (Chunk t : tiles(input, 0, input.grid().chunkCount())) acc.accept(s, t);
    return acc.finish(s).value();
  }

  @Test
  void traitsAreConsistent() {
    AccumulatorTraits t = accumulator(input()).traits();
    assertThat(t.passes()).isGreaterThanOrEqualTo(1);
    assertThat(t.mergeable() && t.ordered()).isFalse();
    assertThat(t.stateBytes()).isNotNegative();
  }

  @Test
  void finishReportsEverythingAccepted() {
    MemoryArray in = input();
    Accumulator<S, R> acc = accumulator(in);
    S s = acc.create();
    for (Chunk t : tiles(in, 0, in.grid().chunkCount())) acc.accept(s, t);
    Partial<R> p = acc.finish(s);
    assertThat(p.value()).isNotNull();
    assertThat(p.isComplete()).isTrue();
  }

  @Test
  void statesOfPartitionsMergedInGridOrderEqualOneState() {
    MemoryArray in = input();
    Accumulator<S, R> acc = accumulator(in);
    assumeTrue(acc.traits().mergeable(), "the accumulator is not mergeable");
    long n = in.grid().chunkCount();
    S merged = null;
    for (long i = 0; i < n; i++) {
      S part = acc.create();
      for (Chunk t : tiles(in, i, i + 1)) acc.accept(part, t);
      merged = merged == null ? part : acc.merge(merged, part);
    }
    assertSameResult(acc.finish(merged).value(), foldAll(acc, in));
  }

  @Test
  void aSnapshotDoesNotDisturbTheState() {
    MemoryArray in = input();
    Accumulator<S, R> acc = accumulator(in);
    List<Chunk> all = tiles(in, 0, in.grid().chunkCount());
    S s = acc.create();
    for (int i = 0; i < all.size(); i++) {
      acc.accept(s, all.get(i));
      if (i == all.size() / 2) {
        Partial<R> snap = acc.snapshot(s);
        assertThat(snap.accepted()).isLessThanOrEqualTo(snap.expected());
      }
    }
    assertSameResult(acc.finish(s).value(), foldAll(acc, in));
  }

  @Test
  void accumulatorAndStateSurviveSerialisationMidway() throws Exception {
    MemoryArray in = input();
    Accumulator<S, R> acc = accumulator(in);
    List<Chunk> all = tiles(in, 0, in.grid().chunkCount());
    S s = acc.create();
    int half = all.size() / 2;
    for (int i = 0; i < half; i++) acc.accept(s, all.get(i));
    @SuppressWarnings("unchecked")
    Accumulator<S, R> acc2 = (Accumulator<S, R>) roundTrip(acc);
    @SuppressWarnings("unchecked")
    S s2 = (S) roundTrip(s);
    for (int i = half; i < all.size(); i++) acc2.accept(s2, all.get(i));
    assertSameResult(acc2.finish(s2).value(), foldAll(acc, in));
  }

  @Test
  void aPassGivesTheSameResultAsFeedingTilesByHand() {
    MemoryArray in = input();
    Accumulator<S, R> acc = accumulator(in);
    List<Partial<?>> results = Pass.over(new SourceNode(in), ExecOptions.defaults().withTileElements(TILE))
        .feed(acc).run().block(Duration.ofSeconds(30));
    @SuppressWarnings("unchecked")
    R viaPass = (R) results.get(0).value();
    assertSameResult(viaPass, foldAll(acc, in));
  }

  private static Object roundTrip(Object o) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return in.readObject();
    }
  }
}
