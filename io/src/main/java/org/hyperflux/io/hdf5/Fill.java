package org.hyperflux.io.hdf5;

import java.util.Arrays;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;

/**
 * A dataset's fill value (what chunks never written, and contiguous storage never allocated, read
 * as), from the value jHDF decodes from the fill-value message: a number, {@code "TRUE"} /
 * {@code "FALSE"} for numpy bools, or absent (zero, HDF5's default).
 */
final class Fill {
  private final double asDouble;
  private final long asLong;

  private Fill(double asDouble, long asLong) {
    this.asDouble = asDouble;
    this.asLong = asLong;
  }

  static final Fill ZERO = new Fill(0, 0);

  static Fill of(Object value) {
    if (value instanceof Number n) return new Fill(n.doubleValue(), n.longValue());
    if (value instanceof Boolean b) return b ? new Fill(1, 1) : ZERO;
    if ("TRUE".equals(value)) return new Fill(1, 1);
    return ZERO;
  }

  /** A new block of {@code n} elements of {@code dtype}, every one the fill value. */
  Block block(DType dtype, int n) {
    Block b = Block.allocate(dtype, n);
    if (asDouble == 0 && asLong == 0 && Double.doubleToRawLongBits(asDouble) == 0) return b;
    Object a = b.array();
    switch (dtype) {
      case BOOL: Arrays.fill((boolean[]) a, asLong != 0); break;
      case INT8: case UINT8: Arrays.fill((byte[]) a, (byte) asLong); break;
      case INT16: case UINT16: Arrays.fill((short[]) a, (short) asLong); break;
      case INT32: case UINT32: Arrays.fill((int[]) a, (int) asLong); break;
      case INT64: case UINT64: Arrays.fill((long[]) a, asLong); break;
      case FLOAT32: Arrays.fill((float[]) a, (float) asDouble); break;
      case FLOAT64: Arrays.fill((double[]) a, asDouble); break;
      default: throw new AssertionError(dtype);
    }
    return b;
  }

  @Override
  public String toString() {
    return asDouble == asLong ? Long.toString(asLong) : Double.toString(asDouble);
  }
}
