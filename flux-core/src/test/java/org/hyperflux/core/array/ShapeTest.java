package org.hyperflux.core.array;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShapeTest {

  @Test
  void rankZeroIsAScalarOfOneElement() {
    Shape s = Shape.scalar();
    assertThat(s.rank()).isZero();
    assertThat(s.size()).isEqualTo(1);
    assertThat(s.nbytes(DType.FLOAT64)).isEqualTo(8);
    assertThat(s.strides()).isEmpty();
    assertThat(s.dims()).isEmpty();
    assertThat(s).hasToString("()").isEqualTo(Shape.of()).isEqualTo(Shape.of(new long[0]));
  }

  @Test
  void zeroLengthAxesHoldNoElements() {
    Shape s = Shape.of(3, 0, 5);
    assertThat(s.size()).isZero();
    assertThat(s.nbytes(DType.INT32)).isZero();
    assertThat(s.strides()).containsExactly(0, 5, 1);
    assertThat(s).hasToString("(3, 0, 5)");
  }

  @Test
  void aZeroLengthAxisMakesAnyOtherExtentsLegalAsInNumpy() {
    // np.empty((2**40, 2**40, 0)) is a valid empty array: the product never overflows.
    Shape s = Shape.of(1L << 40, 1L << 40, 0);
    assertThat(s.size()).isZero();
    assertThat(s.nbytes(DType.FLOAT64)).isZero();
  }

  @Test
  void sizeAndStridesAreCOrder() {
    Shape s = Shape.of(128, 128, 256, 256);
    assertThat(s.size()).isEqualTo(1L << 30);
    assertThat(s.nbytes(DType.UINT16)).isEqualTo(1L << 31);
    assertThat(s.strides()).containsExactly(1L << 23, 1L << 16, 256, 1);
    assertThat(Shape.of(5)).hasToString("(5,)");
  }

  @Test
  void intAndLongFactoriesAgree() {
    assertThat(Shape.of(2, 3)).isEqualTo(Shape.of(2L, 3L)).hasSameHashCodeAs(Shape.of(2L, 3L));
    assertThat(Shape.of(2, 3)).isNotEqualTo(Shape.of(3, 2));
  }

  @Test
  void dimsAreCopies() {
    long[] d = {4, 5};
    Shape s = Shape.of(d);
    d[0] = 99;
    s.dims()[1] = 99;
    assertThat(s).isEqualTo(Shape.of(4, 5));
  }

  @Test
  void negativeExtentsAreRejectedNamingAxisAndValue() {
    assertThatThrownBy(() -> Shape.of(3, -2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shape extent along axis 1 is negative (-2); shape=[3, -2]");
  }

  @Test
  void moreThanLongMaxElementsOverflowIsRejected() {
    assertThatThrownBy(() -> Shape.of(1L << 32, 1L << 32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[4294967296, 4294967296]")
        .hasMessageContaining("more than 2^63-1 elements");
    assertThat(Shape.of(1L << 31, 1L << 31).size()).isEqualTo(1L << 62);
  }

  @Test
  void bytesBeyondLongMaxAreRejected() {
    Shape s = Shape.of(1L << 62);
    assertThat(s.nbytes(DType.INT8)).isEqualTo(1L << 62);
    assertThatThrownBy(() -> s.nbytes(DType.FLOAT64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("float64")
        .hasMessageContaining("more than 2^63-1 bytes");
  }

  @Test
  void normalizeAxisAcceptsNegativeAxesAsNumpy() {
    Shape s = Shape.of(2, 3, 4);
    assertThat(s.normalizeAxis(0)).isZero();
    assertThat(s.normalizeAxis(2)).isEqualTo(2);
    assertThat(s.normalizeAxis(-1)).isEqualTo(2);
    assertThat(s.normalizeAxis(-3)).isZero();
  }

  @Test
  void normalizeAxisRejectsOutOfBoundsAxes() {
    Shape s = Shape.of(2, 3, 4);
    assertThatThrownBy(() -> s.normalizeAxis(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("axis 3 is out of bounds for an array of rank 3");
    assertThatThrownBy(() -> s.normalizeAxis(-4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("axis -4 is out of bounds for an array of rank 3");
    assertThatThrownBy(() -> Shape.scalar().normalizeAxis(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("axis 0 is out of bounds for an array of rank 0");
  }
}
