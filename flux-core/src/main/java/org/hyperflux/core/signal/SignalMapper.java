package org.hyperflux.core.signal;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Casts;
import org.hyperflux.core.array.DType;

/**
 * A function that returns the output signal of one navigation position, shape and dtype
 * included: the form {@link Signal#map(SignalMapper)} takes when the output is not declared. As
 * HyperSpy's {@code map} without {@code output_signal_size}/{@code output_dtype}, the output
 * shape and dtype are inferred by calling it on the first signal (navigation index all zeros)
 * when the map is built: the one read a lazy signal does at build time. Every later call must
 * return the same shape and dtype.
 *
 * <p>{@code signal} and {@code navigationIndex} are as for {@link SignalFunction}: the
 * position's signal in C order of the signal axes in array order, a read-only view; the
 * position in natural order (x first), reused between calls. The returned block is copied into
 * the result, so it may be reused by the next call of the same thread but must not be shared
 * between threads. Returning a new block per call costs an allocation and a copy per position;
 * where that matters declare the output and write into it ({@link SignalFunction}).
 *
 * <pre>{@code
 * // a 2D frame -> the first row, float32, of whatever length the frames have
 * Signal rows = frames.map((signal, index) -> {
 *   Block row = Block.allocate(DType.FLOAT32, width);
 *   for (int i = 0; i < width; i++) row.setDouble(i, signal.getDouble(i));
 *   return SignalMapper.Output.of(row, width);
 * });
 * }</pre>
 *
 * <p><b>Thread-safety.</b> Called concurrently from several CPU threads for different positions,
 * never on an IO thread; see {@link SignalFunction}. Serializable (DESIGN §4).
 */
@FunctionalInterface
public interface SignalMapper extends Serializable {
  /**
   * The output signal of one navigation position.
   *
   * @param signal the position's signal, read only
   * @param navigationIndex the position in natural order (x first); reused between calls
   * @return the output signal: its shape (natural order) and its values
   */
  Output apply(Block signal, long[] navigationIndex);

  /**
   * One output signal: its {@code signalShape} in natural order (x first, as HyperSpy prints
   * signal dimensions; empty for a scalar) and its {@code data}, whose dtype is the output dtype
   * and whose elements are in C order of the shape in array order (the reverse of the natural
   * order), so a 2D output of natural shape {@code (width, height)} holds {@code height} rows of
   * {@code width}.
   */
  record Output(long[] signalShape, Block data) {
    /**
     * @throws IllegalArgumentException if an extent is negative or above
     *     {@link Integer#MAX_VALUE}, or the data does not hold {@code product(signalShape)}
     *     elements
     */
    public Output {
      Objects.requireNonNull(signalShape, "signalShape");
      Objects.requireNonNull(data, "data");
      signalShape = signalShape.clone();
      long size = 1;
      boolean empty = false;
      for (long d : signalShape) {
        if (d < 0 || d > Integer.MAX_VALUE) {
          throw new IllegalArgumentException(
              "output signal shape " + Arrays.toString(signalShape) + " has the extent " + d
                  + "; extents must be between 0 and " + Integer.MAX_VALUE);
        }
        if (d == 0) empty = true;
        // Both factors fit an int, so the product cannot overflow before it exceeds one.
        else if (size <= Integer.MAX_VALUE) size *= d;
      }
      if (empty) size = 0;
      if (size != data.length()) {
        throw new IllegalArgumentException(
            "output signal shape " + Arrays.toString(signalShape) + " (natural order) holds "
                + size + " elements but the output block " + data + " has " + data.length());
      }
    }

    /** An output of {@code signalShape} (natural order; none for a scalar) over {@code data}. */
    public static Output of(Block data, long... signalShape) {
      return new Output(signalShape, data);
    }

    /** A one-dimensional float64 output of {@code values.length} points (not copied). */
    public static Output ofDoubles(double... values) {
      return new Output(new long[] {values.length}, Block.wrap(DType.FLOAT64, values));
    }

    /** A scalar float64 output. */
    public static Output scalar(double value) {
      return new Output(new long[0], Block.wrap(DType.FLOAT64, new double[] {value}));
    }

    /** The shape in natural order (a copy). */
    @Override
    public long[] signalShape() {
      return signalShape.clone();
    }

    /** The output dtype: the data's. */
    public DType dtype() {
      return data.dtype();
    }

    /** Equal when the shapes are equal and the data is the same block. */
    @Override
    public boolean equals(Object o) {
      return o instanceof Output other && Arrays.equals(signalShape, other.signalShape)
          && data.equals(other.data);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(signalShape) + data.hashCode();
    }

    @Override
    public String toString() {
      return "Output[" + data.dtype().numpyName() + " " + Arrays.toString(signalShape) + "]";
    }
  }

  /**
   * A function from the signal as doubles to a one-dimensional float64 output: the convenience
   * form. The signal is converted (unsigned integers by value) into a new array per call; the
   * returned array is the output signal, natural shape {@code (result.length,)}.
   */
  @FunctionalInterface
  interface Doubles extends Serializable {
    /**
     * @param signal the position's signal as doubles, C order of the signal axes in array order
     * @param navigationIndex the position in natural order (x first); reused between calls
     * @return the output signal's values
     */
    double[] apply(double[] signal, long[] navigationIndex);
  }

  /**
   * The {@link Doubles} form as a mapper: its output is one-dimensional float64.
   *
   * <pre>{@code
   * Signal firstThree = spectra.map(SignalMapper.ofDoubles((s, index) -> Arrays.copyOf(s, 3)));
   * }</pre>
   */
  static SignalMapper ofDoubles(Doubles function) {
    Objects.requireNonNull(function, "function");
    return (signal, navigationIndex) -> {
      double[] in = new double[signal.length()];
      Casts.toDouble(signal, 0, in, in.length);
      double[] out = function.apply(in, navigationIndex);
      if (out == null) {
        throw new IllegalStateException("the function returned null instead of the output values");
      }
      return Output.ofDoubles(out);
    };
  }
}
