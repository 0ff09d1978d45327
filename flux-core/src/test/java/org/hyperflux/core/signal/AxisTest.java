package org.hyperflux.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Validation, immutability and the {@code with*} methods of {@link Axis} and {@link Axes}. */
class AxisTest {

  @Test
  void badGeometryIsRejectedNamingTheValues() {
    assertThatThrownBy(() -> Axis.uniform(-1, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative size -1");
    assertThatThrownBy(() -> Axis.uniform(4, 0.0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scale 0.0");
    assertThatThrownBy(() -> Axis.uniform(4, Double.NaN, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scale NaN");
    assertThatThrownBy(() -> Axis.uniform(4, 1, Double.POSITIVE_INFINITY))
        .hasMessageContaining("offset Infinity");
    assertThatThrownBy(() -> Axis.nonUniform(0, 1, 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("values[1]=1.0, values[2]=1.0")
        .hasMessageContaining("[0.0, 1.0, 1.0, 2.0]");
    assertThatThrownBy(() -> Axis.nonUniform(3, 2, 4))
        .hasMessageContaining("not strictly monotonic");
    assertThatThrownBy(() -> Axis.nonUniform(0, Double.NaN))
        .hasMessageContaining("index 1 is NaN");
    assertThatThrownBy(() -> Axis.nonUniform(3, new double[] {1, 2}))
        .hasMessageContaining("size 3 but 2 values [1.0, 2.0]");
    assertThatThrownBy(() -> Axis.uniform(4).withName("x").withScale(0))
        .hasMessageContaining("'x'")
        .hasMessageContaining("scale 0.0");
  }

  @Test
  void valuesAreCopiedInAndOut() {
    double[] in = {1, 2, 4};
    Axis axis = Axis.nonUniform(in);
    in[0] = 100;
    assertThat(axis.value(0)).isEqualTo(1.0);
    double[] out = axis.values();
    out[1] = 100;
    assertThat(axis.values()).containsExactly(1, 2, 4);
    assertThat(Axis.uniform(3, 0.5, -1).values()).containsExactly(-1, -0.5, 0);
  }

  @Test
  void withMethodsReturnNewAxesAndKeepTheRest() {
    Axis base = Axis.uniform(5, 0.1, -3.3);
    Axis named = base.withName("Energy").withUnits("keV").withNavigate(true);
    assertThat(base.name()).isNull();
    assertThat(base.navigate()).isFalse();
    assertThat(named.name()).isEqualTo("Energy");
    assertThat(named.units()).isEqualTo("keV");
    assertThat(named.navigate()).isTrue();
    assertThat(named.scale()).isEqualTo(0.1);
    Axis moved = named.withScale(2).withOffset(7).withSize(9);
    assertThat(moved.scale()).isEqualTo(2.0);
    assertThat(moved.offset()).isEqualTo(7.0);
    assertThat(moved.size()).isEqualTo(9);
    assertThat(moved.name()).isEqualTo("Energy");
    assertThat(named.size()).isEqualTo(5);
    assertThat(base.withName("")).isEqualTo(base);
    assertThat(base.withName("").displayName()).isEqualTo("<undefined>");
    assertThat(base.displayUnits()).isEqualTo("<undefined>");
    assertThat(base.withName("x")).isNotEqualTo(base);
    assertThat(base.withName("x").hashCode()).isEqualTo(base.withName("x").hashCode());
  }

  @Test
  void nonUniformAxesHaveNoScaleOffsetOrSettableSize() {
    Axis axis = Axis.nonUniform(0, 1, 3);
    assertThat(axis.isUniform()).isFalse();
    assertThatThrownBy(axis::scale).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(axis::offset).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> axis.withSize(4)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> axis.withScale(4)).isInstanceOf(IllegalStateException.class);
    assertThat(axis.withName("t").values()).containsExactly(0, 1, 3);
  }

  @Test
  void lowAndHighFollowTheCalibration() {
    Axis negative = Axis.uniform(10, -1, 0);
    assertThat(negative.low()).isEqualTo(-9.0);
    assertThat(negative.high()).isEqualTo(0.0);
    Axis decreasing = Axis.nonUniform(10, 8, -2);
    assertThat(decreasing.low()).isEqualTo(-2.0);
    assertThat(decreasing.high()).isEqualTo(10.0);
    assertThat(Axis.uniform(0).low()).isEqualTo(0.0);
  }

  @Test
  void outOfRangeMessagesNameAxisValueAndRange() {
    Axis axis = Axis.uniform(10, 1, 0).withName("x");
    assertThatThrownBy(() -> axis.indexOf(12.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("12.5")
        .hasMessageContaining("[0.0, 9.0]")
        .hasMessageContaining("<x axis, size: 10>");
    assertThatThrownBy(() -> axis.indexRange(20.0, null))
        .hasMessageContaining("slice start 20.0 is above the high bound 9.0");
    assertThatThrownBy(() -> axis.indexRange(null, -3.0))
        .hasMessageContaining("slice stop -3.0 is below the low bound 0.0");
    assertThat(axis.indexRange(-3.0, 30.0)).containsExactly(0, 10);
    assertThat(axis.indexRange(5.0, 2.0)).containsExactly(5, 5);
  }

  @Test
  void sliceKeepsCalibration() {
    Axis axis = Axis.uniform(10, 0.5, 1).withNavigate(true);
    Axis s = axis.slice(2, 6);
    assertThat(s.offset()).isEqualTo(2.0);
    assertThat(s.size()).isEqualTo(4);
    assertThat(s.navigate()).isTrue();
    assertThat(Axis.nonUniform(0, 1, 3, 7).slice(1, 3).values()).containsExactly(1, 3);
    assertThatThrownBy(() -> axis.slice(3, 11)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void reprMatchesHyperSpy() {
    assertThat(Axis.uniform(128)).hasToString("<Unnamed axis, size: 128>");
    assertThat(Axis.uniform(128).withName("x").withNavigate(true))
        .hasToString("<x axis, size: 128, index: 0>");
  }

  @Test
  void axesKeepNavigationBeforeSignal() {
    Axis nav = Axis.uniform(3).withNavigate(true);
    Axis sig = Axis.uniform(16);
    assertThatThrownBy(() -> Axes.of(sig, nav))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("navigation axis 1")
        .hasMessageContaining("navigate=[false, true]");
    Axes axes = Axes.of(nav, sig);
    assertThatThrownBy(() -> axes.with(1, sig.withNavigate(true)).with(0, nav.withNavigate(false)))
        .hasMessageContaining("navigate=[false, true]");
    assertThat(axes.with(1, sig.withNavigate(true)).dimensionsString()).isEqualTo("(16, 3|)");
  }

  @Test
  void axesOrdersAndShapes() {
    Axes axes = Axes.uniform(new long[] {2, 3, 4, 5}, 2);
    assertThat(axes.arrayShape()).containsExactly(2, 3, 4, 5);
    assertThat(axes.navigationShape()).containsExactly(3, 2);
    assertThat(axes.signalShape()).containsExactly(5, 4);
    assertThat(axes.dimensionsString()).isEqualTo("(3, 2|5, 4)");
    assertThat(axes.navigationAxes()).containsExactly(axes.axis(1), axes.axis(0));
    assertThat(axes.signalAxes()).containsExactly(axes.axis(3), axes.axis(2));
    for (int i = 0; i < 4; i++) assertThat(axes.arrayIndex(axes.naturalIndex(i))).isEqualTo(i);
    assertThat(axes.naturalIndex(0)).isEqualTo(1);
    assertThat(axes.naturalIndex(3)).isEqualTo(2);
    assertThat(axes.shape().rank()).isEqualTo(4);
    assertThat(Axes.uniform(new long[0], 0).dimensionsString()).isEqualTo("(|)");
    assertThatThrownBy(() -> Axes.uniform(new long[] {2}, 2))
        .hasMessageContaining("signal dimension 2 is outside [0, 1]");
    assertThatThrownBy(() -> Axes.uniform(new long[] {-1}, 1))
        .hasMessageContaining("extent -1 along axis 0");
  }

  @Test
  void axesLookupByNameAndRemoval() {
    Axes axes = Axes.uniform(new long[] {2, 3, 4}, 1);
    axes = axes.with(0, axes.axis(0).withName("y")).with(1, axes.axis(1).withName("x"))
        .with(2, axes.axis(2).withName("E"));
    assertThat(axes.indexOf("x")).isEqualTo(1);
    assertThat(axes.axis("E").size()).isEqualTo(4);
    Axes finalAxes = axes;
    assertThatThrownBy(() -> finalAxes.axis("z"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no axis named 'z'")
        .hasMessageContaining("[y, x, E]");
    Axes reduced = axes.remove(2, 0);
    assertThat(reduced.rank()).isEqualTo(1);
    assertThat(reduced.axis(0).name()).isEqualTo("x");
    assertThat(reduced.dimensionsString()).isEqualTo("(3|)");
    assertThatThrownBy(() -> finalAxes.remove(1, 1)).hasMessageContaining("repeated");
    assertThatThrownBy(() -> finalAxes.remove(3)).hasMessageContaining("out of range");
    // duplicate names: the last one in natural order wins, as in HyperSpy
    Axes dup = Axes.of(List.of(
        Axis.uniform(2).withName("a").withNavigate(true),
        Axis.uniform(3).withName("a").withNavigate(true)));
    assertThat(dup.indexOf("a")).isEqualTo(0);
    assertThat(axes.arrayOrder()).hasSize(3);
    assertThatThrownBy(() -> finalAxes.arrayOrder().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void ordinals() {
    assertThat(Axes.ordinal(0)).isEqualTo("0th");
    assertThat(Axes.ordinal(1)).isEqualTo("1st");
    assertThat(Axes.ordinal(2)).isEqualTo("2nd");
    assertThat(Axes.ordinal(3)).isEqualTo("3rd");
    assertThat(Axes.ordinal(11)).isEqualTo("11th");
    assertThat(Axes.ordinal(112)).isEqualTo("112th");
    assertThat(Axes.ordinal(21)).isEqualTo("21st");
  }
}
