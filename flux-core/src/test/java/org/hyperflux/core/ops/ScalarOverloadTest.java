package org.hyperflux.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.MemoryArray;
import org.junit.jupiter.api.Test;

/** Java int and double literals reach numpy's Python int and float casting through the right overloads. */
class ScalarOverloadTest {
  private static LazyArray uint8() {
    Block b = Block.wrap(DType.UINT8, new byte[] {0, 1, (byte) 200});
    return LazyArray.of(MemoryArray.of(Shape.of(3), b));
  }

  @Test
  void intLiteralsKeepSmallIntegerDtypes() {
    assertThat(uint8().add(1).dtype()).isEqualTo(DType.UINT8);
    assertThat(uint8().subtract(1).dtype()).isEqualTo(DType.UINT8);
    assertThat(uint8().multiply(2).dtype()).isEqualTo(DType.UINT8);
    assertThat(uint8().subtract(1).compute().toBlock().getLong(0)).isEqualTo(255); // wraps as numpy
  }

  @Test
  void floatLiteralsAndDivisionGiveFloats() {
    assertThat(uint8().subtract(1.0).dtype()).isEqualTo(DType.FLOAT64);
    assertThat(uint8().divide(2).dtype()).isEqualTo(DType.FLOAT64);
    assertThat(uint8().divide(2).compute().toBlock().getDouble(2)).isEqualTo(100.0);
    assertThat(uint8().astype(DType.FLOAT32).divide(2.0).dtype()).isEqualTo(DType.FLOAT32);
  }
}
