package org.hyperflux.core.array;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class TilesTest {

  @Property(tries = 500, seed = "112358")
  void tilesPartitionTheRegionIntoContiguousRunsInCOrder(@ForAll long seed) {
    Random rnd = new Random(seed);
    int rank = rnd.nextInt(5);
    long[] o = new long[rank];
    int[] e = new int[rank];
    for (int a = 0; a < rank; a++) {
      o[a] = rnd.nextInt(5);
      e[a] = rnd.nextInt(6) == 0 ? 1 : 1 + rnd.nextInt(9);
    }
    Region region = Region.of(o, e);
    int max = 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : region.size() + 2);
    List<Region> tiles = Tiles.of(region, max);

    // Contiguous runs that follow each other cover the region's layout exactly once, in order.
    long next = 0;
    for (Region t : tiles) {
      assertThat(region.contains(t)).as("tile %s of %s", t, region).isTrue();
      assertThat(t.size()).as("tile %s, max %d", t, max).isBetween(1, max);
      int start = RegionCopy.contiguousStart(region, t);
      assertThat(start).as("tile %s of %s is contiguous and follows the previous one", t, region).isEqualTo((int) next);
      next += t.size();
    }
    assertThat(next).isEqualTo(region.size());
    if (region.size() <= max) assertThat(tiles).containsExactly(region);
  }

  @Test
  void largestTilesAreUsed() {
    // (4, 6, 10) with 25 elements per tile: rows of 10 fit twice, so tiles are 2 rows.
    Region r = Region.of(new long[] {0, 0, 0}, new int[] {4, 6, 10});
    List<Region> tiles = Tiles.of(r, 25);
    assertThat(tiles).hasSize(12);
    assertThat(tiles.get(0)).hasToString("[0:1, 0:2, 0:10]");
    // A tile smaller than one row splits the row.
    assertThat(Tiles.of(r, 4).get(2)).hasToString("[0:1, 0:1, 8:10]");
    assertThat(Tiles.of(r, 60)).hasSize(4);
    assertThat(Tiles.of(r, 240)).containsExactly(r);
  }

  @Test
  void emptyAndRankZeroRegions() {
    assertThat(Tiles.of(Region.of(new long[] {0, 0}, new int[] {3, 0}), 10)).isEmpty();
    Region scalar = Region.whole(Shape.scalar());
    assertThat(Tiles.of(scalar, 1)).containsExactly(scalar);
  }

  @Test
  void aTileHoldsAtLeastOneElement() {
    assertThatThrownBy(() -> Tiles.of(Region.whole(Shape.of(3)), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tiles must hold at least 1 element, got 0");
  }
}
