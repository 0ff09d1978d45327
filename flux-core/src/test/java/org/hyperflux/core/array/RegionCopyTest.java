package org.hyperflux.core.array;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** {@link RegionCopy} against a per-element reference on random boxes of rank 0-4. */
class RegionCopyTest {

  /** The value stored at a global position: its flat index in a (16, 16, 16, 16) C layout. */
  private static long valueAt(long[] p) {
    long v = 0;
    for (long x : p) v = v * 16 + x;
    return v;
  }

  /** A block holding {@code region} filled with {@link #valueAt}. */
  private static Block filled(Region region) {
    Block b = Block.allocate(DType.INT64, region.size());
    int i = 0;
    for (long[] p : positions(region)) b.setLong(i++, valueAt(p));
    return b;
  }

  /** The global positions of a region in C order. */
  private static Iterable<long[]> positions(Region region) {
    List<long[]> out = new ArrayList<>();
    if (region.isEmpty()) return out;
    long[] p = region.offsets();
    while (true) {
      out.add(p.clone());
      int a = region.rank() - 1;
      while (a >= 0) {
        if (++p[a] < region.end(a)) break;
        p[a] = region.offset(a);
        a--;
      }
      if (a < 0) return out;
    }
  }

  private static Region randomRegion(Random rnd, int rank, int maxOffset, int maxExtent, boolean allowEmpty) {
    long[] o = new long[rank];
    int[] e = new int[rank];
    for (int a = 0; a < rank; a++) {
      o[a] = rnd.nextInt(maxOffset + 1);
      e[a] = (allowEmpty ? 0 : 1) + rnd.nextInt(maxExtent);
    }
    return Region.of(o, e);
  }

  /** A random box inside {@code outer}. */
  private static Region randomInside(Random rnd, Region outer, boolean allowEmpty) {
    long[] o = new long[outer.rank()];
    int[] e = new int[outer.rank()];
    for (int a = 0; a < o.length; a++) {
      int ext = outer.extent(a);
      int lo = rnd.nextInt(ext + (allowEmpty ? 1 : 0));
      // Favour full and single-element extents: they make boxes contiguous.
      int len = switch (rnd.nextInt(4)) {
        case 0 -> ext - lo;
        case 1 -> Math.min(1, ext - lo);
        default -> rnd.nextInt(ext - lo + 1);
      };
      if (!allowEmpty && len == 0) len = 1;
      o[a] = outer.offset(a) + lo;
      e[a] = len;
    }
    return Region.of(o, e);
  }

  /** A random region containing {@code box}: the box grown by random margins on each side. */
  private static Region around(Random rnd, Region box) {
    long[] o = new long[box.rank()];
    int[] e = new int[box.rank()];
    for (int a = 0; a < o.length; a++) {
      int before = (int) Math.min(box.offset(a), rnd.nextInt(3));
      o[a] = box.offset(a) - before;
      e[a] = before + box.extent(a) + rnd.nextInt(3);
    }
    return Region.of(o, e);
  }

  @Property(tries = 500, seed = "97531")
  void copyMovesExactlyTheBoxBetweenAnyTwoLayouts(@ForAll long seed) {
    Random rnd = new Random(seed);
    int rank = rnd.nextInt(5);
    Region box = randomRegion(rnd, rank, 3, 4, true);
    Region src = around(rnd, box);
    Region dst = around(rnd, box);
    Block s = filled(src);
    Block d = Block.allocate(DType.INT64, dst.size());
    for (int i = 0; i < d.length(); i++) d.setLong(i, -1);
    RegionCopy.copy(s, src, d, dst, box);
    int[] ones = new int[rank];
    Arrays.fill(ones, 1);
    int i = 0;
    for (long[] p : positions(dst)) {
      boolean inBox = box.contains(Region.of(p, ones));
      assertThat(d.getLong(i)).as("dst %s at %s, box %s from %s", dst, Arrays.toString(p), box, src)
          .isEqualTo(inBox ? valueAt(p) : -1);
      i++;
    }
  }

  @Test
  void copyRejectsABoxOutsideEitherRegion() {
    Region a = Region.of(new long[] {0, 0}, new int[] {4, 4});
    Region b = Region.of(new long[] {2, 2}, new int[] {4, 4});
    Region box = Region.of(new long[] {1, 2}, new int[] {2, 2});
    assertThatThrownBy(() -> RegionCopy.copy(Block.allocate(DType.INT8, 16), a, Block.allocate(DType.INT8, 16), b, box))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("box [1:3, 2:4] is not inside both [0:4, 0:4] and [2:6, 2:6]");
  }

  @Property(tries = 500, seed = "13579")
  void viewOrCopyReturnsAViewExactlyWhenTheBoxIsContiguous(@ForAll long seed) {
    Random rnd = new Random(seed);
    int rank = rnd.nextInt(5);
    Region outer = randomRegion(rnd, rank, 4, 5, false);
    Region box = randomInside(rnd, outer, false);
    float[] backing = new float[outer.size() + 3];
    Block whole = Block.wrap(DType.FLOAT32, backing, 3, outer.size());
    for (int i = 0; i < outer.size(); i++) whole.setDouble(i, i);
    // Reference: the box's element offsets in outer's layout, and whether they form one run.
    long[] strides = RegionCopy.strides(outer);
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    List<Long> offsets = new ArrayList<>();
    for (long[] p : positions(box)) {
      long off = 0;
      for (int a = 0; a < rank; a++) off += (p[a] - outer.offset(a)) * strides[a];
      offsets.add(off);
      min = Math.min(min, off);
      max = Math.max(max, off);
    }
    boolean contiguous = max - min + 1 == box.size();

    Block tile = RegionCopy.viewOrCopy(whole, outer, box);
    assertThat(tile.length()).isEqualTo(box.size());
    assertThat(tile.array() == backing).as("view of %s in %s", box, outer).isEqualTo(contiguous);
    assertThat(RegionCopy.contiguousStart(outer, box)).isEqualTo(contiguous ? (int) min : -1);
    for (int i = 0; i < box.size(); i++) {
      assertThat(tile.getDouble(i)).isEqualTo((double) offsets.get(i));
    }
    assertThat(RegionCopy.extract(whole, outer, box).isCompact()).isTrue();
  }

  @Test
  void aBoxOutsideTheRegionIsNeverServedAsAView() {
    Region outer = Region.of(new long[] {0, 0}, new int[] {4, 4});
    // Same extent along the last axis but shifted: contiguous in shape, yet not inside.
    Region shifted = Region.of(new long[] {1, 2}, new int[] {1, 4});
    assertThat(RegionCopy.contiguousStart(outer, shifted)).isEqualTo(-1);
    Block b = Block.allocate(DType.FLOAT32, 16);
    assertThatThrownBy(() -> RegionCopy.viewOrCopy(b, outer, shifted))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("box [1:2, 2:6] is not inside both [0:4, 0:4] and [1:2, 2:6]");
  }

  @Test
  void copyChecksDtypes() {
    Region r = Region.of(new long[] {0}, new int[] {3});
    assertThatThrownBy(() -> RegionCopy.copy(Block.allocate(DType.INT8, 3), r, Block.allocate(DType.UINT8, 3), r, r))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot copy int8 into uint8");
  }

  @Test
  void rankZeroCopiesTheOneElement() {
    Region r = Region.whole(Shape.scalar());
    Block src = Block.wrap(DType.FLOAT64, new double[] {4.5});
    Block dst = Block.allocate(DType.FLOAT64, 1);
    RegionCopy.copy(src, r, dst, r, r);
    assertThat(dst.getDouble(0)).isEqualTo(4.5);
    assertThat(RegionCopy.viewOrCopy(src, r, r)).isSameAs(src);
  }
}
