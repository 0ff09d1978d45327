package org.hyperflux.core.array;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BlockTest {

  @ParameterizedTest
  @EnumSource(DType.class)
  void allocateUsesTheStorageClassOfTheDtype(DType dtype) {
    Block b = Block.allocate(dtype, 5);
    assertThat(b.array()).isInstanceOf(Block.storageClass(dtype));
    assertThat(b.length()).isEqualTo(5);
    assertThat(b.nbytes()).isEqualTo(5L * dtype.itemSize());
    assertThat(b.isCompact()).isTrue();
    for (int i = 0; i < 5; i++) assertThat(b.getDouble(i)).isZero();
  }

  @Test
  void storageClasses() {
    assertThat(Block.storageClass(DType.BOOL)).isEqualTo(boolean[].class);
    assertThat(Block.storageClass(DType.UINT8)).isEqualTo(byte[].class);
    assertThat(Block.storageClass(DType.UINT16)).isEqualTo(short[].class);
    assertThat(Block.storageClass(DType.UINT32)).isEqualTo(int[].class);
    assertThat(Block.storageClass(DType.UINT64)).isEqualTo(long[].class);
    assertThat(Block.storageClass(DType.FLOAT32)).isEqualTo(float[].class);
    assertThat(Block.storageClass(DType.FLOAT64)).isEqualTo(double[].class);
  }

  @Test
  void wrapChecksTheArrayClassAndTheViewBounds() {
    assertThatThrownBy(() -> Block.wrap(DType.FLOAT32, new double[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dtype float32 is stored in float[], not double[]");
    assertThatThrownBy(() -> Block.wrap(DType.FLOAT32, new float[3], 2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("block view [2, 4) is outside an array of length 3");
    assertThatThrownBy(() -> Block.wrap(DType.FLOAT32, new float[3], Integer.MAX_VALUE, 2))
        .as("offset + length overflowing int")
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void slicesAreViewsAndCopiesAreCompact() {
    float[] data = {0, 1, 2, 3, 4, 5};
    Block whole = Block.wrap(DType.FLOAT32, data);
    Block view = whole.slice(2, 3);
    assertThat(view.array()).isSameAs(data);
    assertThat(view.offset()).isEqualTo(2);
    assertThat(view.isCompact()).isFalse();
    assertThat(view.getDouble(0)).isEqualTo(2);
    Block inner = view.slice(1, 2);
    assertThat(inner.getDouble(1)).isEqualTo(4);
    Block copy = view.copy();
    assertThat(copy.isCompact()).isTrue();
    assertThat((float[]) copy.array()).containsExactly(2, 3, 4);
    assertThatThrownBy(() -> view.slice(2, 2))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("slice [2, 4) of a block of length 3");
    assertThatThrownBy(() -> view.slice(1, Integer.MAX_VALUE)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void copyFromStaysInsideTheViews() {
    int[] backing = new int[10];
    Block dst = Block.wrap(DType.INT32, backing, 2, 4);
    Block src = Block.wrap(DType.INT32, new int[] {7, 8, 9});
    dst.copyFrom(src, 1, 2, 2);
    assertThat(backing).containsExactly(0, 0, 0, 0, 8, 9, 0, 0, 0, 0);
    assertThatThrownBy(() -> dst.copyFrom(src, 0, 2, 3))
        .as("writing past the end of the view although the backing array has room")
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("copy of 3 elements from [0] of a block of length 3 to [2] of a block of length 4");
    assertThatThrownBy(() -> dst.copyFrom(src, 2, 0, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> dst.copyFrom(Block.allocate(DType.UINT32, 3), 0, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot copy uint32 into int32 without a cast");
    assertThat(backing).containsExactly(0, 0, 0, 0, 8, 9, 0, 0, 0, 0);
  }

  @Test
  void unsignedValuesReadAsTheirUnsignedValue() {
    Block u8 = Block.wrap(DType.UINT8, new byte[] {-1, (byte) 200});
    assertThat(u8.getDouble(0)).isEqualTo(255);
    assertThat(u8.getLong(1)).isEqualTo(200);
    Block u16 = Block.wrap(DType.UINT16, new short[] {-1});
    assertThat(u16.getLong(0)).isEqualTo(65535);
    Block u32 = Block.wrap(DType.UINT32, new int[] {-1});
    assertThat(u32.getDouble(0)).isEqualTo(4294967295.0);
    assertThat(u32.getLong(0)).isEqualTo(4294967295L);
    Block u64 = Block.wrap(DType.UINT64, new long[] {-1, Long.MIN_VALUE});
    assertThat(u64.getDouble(0)).isEqualTo(0x1p64);
    assertThat(u64.getLong(0)).as("uint64 keeps its bit pattern").isEqualTo(-1);
    assertThat(u64.getDouble(1)).isEqualTo(0x1p63);
    Block i8 = Block.wrap(DType.INT8, new byte[] {-1});
    assertThat(i8.getDouble(0)).isEqualTo(-1);
  }

  @Test
  void setDoubleTruncatesTowardZeroAndWrapsAsNumpyAstype() {
    // np.array([2.9, -2.9, 300.7, -1.5]).astype(np.int8) -> [2, -2, 44, -1]
    Block i8 = Block.allocate(DType.INT8, 4);
    double[] in = {2.9, -2.9, 300.7, -1.5};
    for (int i = 0; i < 4; i++) i8.setDouble(i, in[i]);
    assertThat((byte[]) i8.array()).containsExactly(2, -2, 44, -1);
    // np.array([-1.5, 255.9, 256.0]).astype(np.uint8) -> [255, 255, 0]
    Block u8 = Block.allocate(DType.UINT8, 3);
    u8.setDouble(0, -1.5);
    u8.setDouble(1, 255.9);
    u8.setDouble(2, 256.0);
    assertThat(u8.getLong(0)).isEqualTo(255);
    assertThat(u8.getLong(1)).isEqualTo(255);
    assertThat(u8.getLong(2)).isZero();
    // np.float64(1e19).astype(np.uint64) == 10000000000000000000, above 2^63
    Block u64 = Block.allocate(DType.UINT64, 2);
    u64.setDouble(0, 1e19);
    u64.setDouble(1, 0x1p63);
    assertThat(Long.toUnsignedString(u64.getLong(0))).isEqualTo("10000000000000000000");
    assertThat(u64.getLong(1)).isEqualTo(Long.MIN_VALUE);
    assertThat(u64.getDouble(0)).isEqualTo(1e19);
    Block b = Block.allocate(DType.BOOL, 3);
    b.setDouble(0, 0.5);
    b.setDouble(1, -0.0);
    b.setDouble(2, Double.NaN);
    assertThat((boolean[]) b.array()).containsExactly(true, false, true);
    Block f32 = Block.allocate(DType.FLOAT32, 1);
    f32.setDouble(0, 0.1);
    assertThat(((float[]) f32.array())[0]).isEqualTo(0.1f);
  }

  @Test
  void setLongWrapsToNarrowerIntegers() {
    Block i8 = Block.allocate(DType.INT8, 1);
    i8.setLong(0, 200);
    assertThat(i8.getLong(0)).isEqualTo(-56);
    Block u16 = Block.allocate(DType.UINT16, 1);
    u16.setLong(0, 70000);
    assertThat(u16.getLong(0)).isEqualTo(4464);
    Block u32 = Block.allocate(DType.UINT32, 1);
    u32.setLong(0, -1);
    assertThat(u32.getLong(0)).isEqualTo(4294967295L);
    Block b = Block.allocate(DType.BOOL, 1);
    b.setLong(0, 256);
    assertThat(b.getLong(0)).isEqualTo(1);
    Block f32 = Block.allocate(DType.FLOAT32, 1);
    f32.setLong(0, (1L << 24) + 1);
    assertThat(f32.getDouble(0)).isEqualTo(1 << 24);
  }

  @Test
  void getLongOfFloatsTruncates() {
    Block f = Block.wrap(DType.FLOAT64, new double[] {-2.7, 2.7, Double.NaN});
    assertThat(f.getLong(0)).isEqualTo(-2);
    assertThat(f.getLong(1)).isEqualTo(2);
    assertThat(f.getLong(2)).as("NaN casts to 0 (undefined in numpy)").isZero();
    assertThat(Block.wrap(DType.FLOAT32, new float[] {-0.9f}).getLong(0)).isZero();
  }
}
