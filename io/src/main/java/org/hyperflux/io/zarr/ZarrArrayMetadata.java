package org.hyperflux.io.zarr;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;

/**
 * What a zarr v2 {@code .zarray} says about an array: shape, chunk shape, dtype and its byte
 * order, fill value, compressor and chunk-key separator. Axis order is C (zarr's {@code order:
 * "C"}; Fortran-ordered arrays are refused when read). Filters are not supported: an array is
 * written with {@code "filters": null}. Immutable; derive variants with the {@code with*} methods.
 *
 * <pre>{@code
 * ZarrArrayMetadata m = ZarrArrayMetadata.of(Shape.of(64, 64, 256), new int[] {16, 16, 256}, DType.UINT16)
 *     .withCompressor(ZarrCompressor.zlib(4)).withDimensionSeparator("/");
 * }</pre>
 */
public final class ZarrArrayMetadata {
  private final Shape shape;
  private final int[] chunkShape;
  private final DType dtype;
  private final ByteOrder byteOrder;
  private final FillValue fillValue;
  private final ZarrCompressor compressor;
  private final String dimensionSeparator;
  private final ChunkGrid grid;

  private ZarrArrayMetadata(Shape shape, int[] chunkShape, DType dtype, ByteOrder byteOrder,
      FillValue fillValue, ZarrCompressor compressor, String dimensionSeparator) {
    this.shape = Objects.requireNonNull(shape, "shape");
    this.dtype = Objects.requireNonNull(dtype, "dtype");
    this.byteOrder = Objects.requireNonNull(byteOrder, "byteOrder");
    this.fillValue = Objects.requireNonNull(fillValue, "fillValue").forDType(dtype);
    this.compressor = Objects.requireNonNull(compressor, "compressor");
    this.dimensionSeparator = Objects.requireNonNull(dimensionSeparator, "dimensionSeparator");
    Objects.requireNonNull(chunkShape, "chunkShape");
    if (chunkShape.length != shape.rank()) {
      throw new IllegalArgumentException(
          "chunk shape " + Arrays.toString(chunkShape) + " has rank " + chunkShape.length
              + " but shape " + shape + " has rank " + shape.rank());
    }
    long bytes = dtype.itemSize();
    for (int axis = 0; axis < chunkShape.length; axis++) {
      if (chunkShape[axis] <= 0) {
        throw new IllegalArgumentException(
            "chunk shape " + Arrays.toString(chunkShape) + " has extent " + chunkShape[axis]
                + " along axis " + axis + "; zarr chunk extents must be > 0");
      }
      bytes *= chunkShape[axis];
      if (bytes > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "chunks of shape " + Arrays.toString(chunkShape) + " and dtype " + dtype.numpyName()
                + " hold more than 2^31-9 bytes; a zarr chunk must fit one Java array");
      }
    }
    if (!dimensionSeparator.equals(".") && !dimensionSeparator.equals("/")) {
      throw new IllegalArgumentException(
          "dimension separator must be \".\" or \"/\", got \"" + dimensionSeparator + "\"");
    }
    this.chunkShape = chunkShape.clone();
    this.grid = ChunkGrid.regular(shape, this.chunkShape);
  }

  /**
   * Metadata with HyperSpy's defaults: little-endian, fill value 0, Blosc(zstd, clevel 1, byte
   * shuffle) ({@link ZarrCompressor#zspyDefault()}) and the {@code "."} separator.
   */
  public static ZarrArrayMetadata of(Shape shape, int[] chunkShape, DType dtype) {
    return new ZarrArrayMetadata(shape, chunkShape, dtype, ByteOrder.LITTLE_ENDIAN,
        FillValue.zero(), ZarrCompressor.zspyDefault(), ".");
  }

  /** Every field given (the {@code .zarray} reader's constructor). */
  static ZarrArrayMetadata of(Shape shape, int[] chunkShape, DType dtype, ByteOrder byteOrder,
      FillValue fillValue, ZarrCompressor compressor, String dimensionSeparator) {
    return new ZarrArrayMetadata(shape, chunkShape, dtype, byteOrder, fillValue, compressor,
        dimensionSeparator);
  }

  /** The same metadata with another byte order for the stored elements (one-byte types ignore it). */
  public ZarrArrayMetadata withByteOrder(ByteOrder order) {
    return new ZarrArrayMetadata(shape, chunkShape, dtype, order, fillValue, compressor, dimensionSeparator);
  }

  /** The same metadata with another fill value. */
  public ZarrArrayMetadata withFillValue(FillValue fill) {
    return new ZarrArrayMetadata(shape, chunkShape, dtype, byteOrder, fill, compressor, dimensionSeparator);
  }

  /** The same metadata with another compressor. */
  public ZarrArrayMetadata withCompressor(ZarrCompressor c) {
    return new ZarrArrayMetadata(shape, chunkShape, dtype, byteOrder, fillValue, c, dimensionSeparator);
  }

  /** The same metadata with chunk keys {@code i.j.k} ({@code "."}) or {@code i/j/k} ({@code "/"}). */
  public ZarrArrayMetadata withDimensionSeparator(String separator) {
    return new ZarrArrayMetadata(shape, chunkShape, dtype, byteOrder, fillValue, compressor, separator);
  }

  /** The array's shape, C order. */
  public Shape shape() {
    return shape;
  }

  /** The chunk shape (a copy); edge chunks are stored at this full shape and cropped on read. */
  public int[] chunkShape() {
    return chunkShape.clone();
  }

  /** The element type (stored in {@link #byteOrder()}). */
  public DType dtype() {
    return dtype;
  }

  /** Byte order of the stored elements (little-endian for one-byte types). */
  public ByteOrder byteOrder() {
    return byteOrder;
  }

  /** The numpy typestr of the stored elements, e.g. {@code "<u2"}, {@code ">f8"}, {@code "|b1"}. */
  public String dtypeString() {
    return ZarrDType.format(dtype, byteOrder);
  }

  /** The fill value, normalised for the dtype (a boolean for bool, a float for float types, else an integer). */
  public FillValue fillValue() {
    return fillValue;
  }

  /** The compressor of every chunk ({@link ZarrCompressor#none()} for raw chunks). */
  public ZarrCompressor compressor() {
    return compressor;
  }

  /** {@code "."} or {@code "/"}. */
  public String dimensionSeparator() {
    return dimensionSeparator;
  }

  /** The chunk grid over {@link #shape()}: the chunk shape repeated, edge chunks cropped to the shape. */
  public ChunkGrid grid() {
    return grid;
  }

  /** Elements in one full (uncropped) chunk. */
  public int chunkElements() {
    int n = 1;
    for (int c : chunkShape) n *= c;
    return n;
  }

  /** Bytes of one full (uncropped) decoded chunk. */
  public int chunkBytes() {
    return chunkElements() * dtype.itemSize();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ZarrArrayMetadata)) return false;
    ZarrArrayMetadata m = (ZarrArrayMetadata) o;
    return shape.equals(m.shape) && Arrays.equals(chunkShape, m.chunkShape) && dtype == m.dtype
        && (dtype.itemSize() == 1 || byteOrder.equals(m.byteOrder))
        && fillValue.equals(m.fillValue) && compressor.equals(m.compressor)
        && dimensionSeparator.equals(m.dimensionSeparator);
  }

  @Override
  public int hashCode() {
    return Objects.hash(shape, Arrays.hashCode(chunkShape), dtype, fillValue, compressor, dimensionSeparator);
  }

  @Override
  public String toString() {
    return "ZarrArrayMetadata[shape " + shape + ", chunks " + Arrays.toString(chunkShape) + ", dtype "
        + dtypeString() + ", fill " + fillValue + ", compressor " + compressor + ", separator \""
        + dimensionSeparator + "\"]";
  }
}
