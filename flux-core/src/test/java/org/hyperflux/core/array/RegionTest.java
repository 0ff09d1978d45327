package org.hyperflux.core.array;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RegionTest {

  private static Region r(long o0, int e0, long o1, int e1) {
    return Region.of(new long[] {o0, o1}, new int[] {e0, e1});
  }

  @Test
  void accessorsAndString() {
    Region a = r(2, 3, 10, 4);
    assertThat(a.rank()).isEqualTo(2);
    assertThat(a.offset(1)).isEqualTo(10);
    assertThat(a.extent(1)).isEqualTo(4);
    assertThat(a.end(1)).isEqualTo(14);
    assertThat(a.size()).isEqualTo(12);
    assertThat(a.shape()).isEqualTo(Shape.of(3, 4));
    assertThat(a).hasToString("[2:5, 10:14]");
    assertThat(a.isEmpty()).isFalse();
    assertThat(r(0, 0, 0, 4).isEmpty()).isTrue();
  }

  @Test
  void factoriesCopyTheirArrays() {
    long[] o = {1, 2};
    int[] e = {3, 4};
    Region a = Region.of(o, e);
    o[0] = 50;
    e[0] = 50;
    a.offsets()[1] = 50;
    a.extents()[1] = 50;
    assertThat(a).isEqualTo(r(1, 3, 2, 4)).hasSameHashCodeAs(r(1, 3, 2, 4));
  }

  @Test
  void wholeAndRankZero() {
    assertThat(Region.whole(Shape.of(3, 0))).isEqualTo(r(0, 3, 0, 0));
    Region scalar = Region.whole(Shape.scalar());
    assertThat(scalar.size()).isEqualTo(1);
    assertThat(scalar).hasToString("[]");
    assertThatThrownBy(() -> Region.whole(Shape.of(1L << 31)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(2147483648,)");
  }

  @Test
  void negativeOffsetsAndExtentsAreRejectedNamingThem() {
    assertThatThrownBy(() -> r(0, -1, 0, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("region offset and extent must be >= 0 along every axis; offset=[0, 0] extent=[-1, 2]");
    assertThatThrownBy(() -> r(-3, 1, 0, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset=[-3, 0]");
  }

  @Test
  void rankMismatchIsRejected() {
    assertThatThrownBy(() -> Region.of(new long[] {0, 0}, new int[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("region rank mismatch: offset [0, 0] has rank 2 but extent [1] has rank 1");
    Region one = Region.of(new long[] {0}, new int[] {4});
    assertThatThrownBy(() -> r(0, 2, 0, 2).intersect(one))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has rank 1 but [0:2, 0:2] has rank 2");
    assertThatThrownBy(() -> r(0, 2, 0, 2).relativeTo(one)).isInstanceOf(IllegalArgumentException.class);
    assertThat(r(0, 2, 0, 2).contains(one)).isFalse();
  }

  @Test
  void tooManyElementsForOneBlockAreRejected() {
    assertThatThrownBy(() -> r(0, 1 << 16, 0, 1 << 15))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than 2^31-9 elements");
  }

  @Test
  void intersect() {
    assertThat(r(0, 4, 0, 4).intersect(r(2, 4, 1, 2))).isEqualTo(r(2, 2, 1, 2));
    assertThat(r(0, 4, 0, 4).intersect(r(5, 4, 0, 4))).isNull();
    // Touching boxes meet in an empty box.
    assertThat(r(0, 4, 0, 4).intersect(r(4, 4, 0, 4))).isEqualTo(r(4, 0, 0, 4));
  }

  @Test
  void contains() {
    Region outer = r(2, 4, 2, 4);
    assertThat(outer.contains(outer)).isTrue();
    assertThat(outer.contains(r(3, 2, 5, 1))).isTrue();
    assertThat(outer.contains(r(1, 2, 3, 1))).isFalse();
    assertThat(outer.contains(r(3, 4, 3, 1))).isFalse();
    assertThat(outer.contains(r(6, 0, 2, 4))).as("empty box at the end").isTrue();
  }

  @Test
  void relativeToAndTranslateAreInverse() {
    Region origin = r(10, 5, 20, 5);
    Region inner = r(12, 2, 21, 3);
    assertThat(inner.relativeTo(origin)).isEqualTo(r(2, 2, 1, 3));
    assertThat(inner.relativeTo(origin).translate(origin)).isEqualTo(inner);
    assertThatThrownBy(() -> origin.relativeTo(inner)).isInstanceOf(IllegalArgumentException.class);
    assertThat(inner.withAxis(1, 0, 7)).isEqualTo(r(12, 2, 0, 7));
  }

  /** Intersection is the set intersection of the boxes, checked point by point in 2-d. */
  @Property(tries = 300, seed = "20240611")
  void intersectionIsThePointwiseIntersection(
      @ForAll @IntRange(max = 6) int ao0, @ForAll @IntRange(max = 5) int ae0,
      @ForAll @IntRange(max = 6) int ao1, @ForAll @IntRange(max = 5) int ae1,
      @ForAll @IntRange(max = 6) int bo0, @ForAll @IntRange(max = 5) int be0,
      @ForAll @IntRange(max = 6) int bo1, @ForAll @IntRange(max = 5) int be1) {
    Region a = r(ao0, ae0, ao1, ae1);
    Region b = r(bo0, be0, bo1, be1);
    Region i = a.intersect(b);
    assertThat(b.intersect(a)).isEqualTo(i);
    int both = 0;
    for (int x = 0; x < 12; x++) {
      for (int y = 0; y < 12; y++) {
        boolean inA = x >= ao0 && x < ao0 + ae0 && y >= ao1 && y < ao1 + ae1;
        boolean inB = x >= bo0 && x < bo0 + be0 && y >= bo1 && y < bo1 + be1;
        if (inA && inB) {
          both++;
          assertThat(i).isNotNull();
          assertThat(i.contains(r(x, 1, y, 1))).isTrue();
        }
      }
    }
    if (i != null) {
      assertThat(i.size()).isEqualTo(both);
      assertThat(a.contains(i)).isTrue();
      assertThat(b.contains(i)).isTrue();
    }
  }
}
