package org.hyperflux.core.signal;

import java.io.Serializable;
import java.util.Objects;
import org.hyperflux.core.array.Block;

/**
 * A function applied to every signal of a {@link Signal} by {@link Signal#map(SignalFunction,
 * long[], org.hyperflux.core.array.DType)}: HyperSpy's {@code map} with a declared output
 * signal shape and dtype. For each navigation position it reads that position's signal and
 * writes the output signal into a block it is given.
 *
 * <p><b>Arguments.</b> {@code signal} holds the position's signal in C order of the signal axes
 * in array order (the last array axis, natural x, varies fastest; a 2D frame is {@code height}
 * rows of {@code width}), in the signal's dtype. It is usually a view into a larger array (a
 * storage chunk), not a copy: read elements {@code signal.array()[signal.offset() + i]} for
 * {@code i < signal.length()} (or {@link Block#getDouble}), and never write to it.
 * {@code navigationIndex} is the position in natural order (x first, as {@code inav} takes it);
 * the array is reused between calls, so copy it to keep it. {@code out} is a zero-filled view of
 * {@code product(outputSignalShape)} elements of the declared dtype, in C order of the output
 * signal shape in array order; write only its elements {@code 0 .. out.length() - 1}.
 *
 * <pre>{@code
 * // float32 frames -> the total of each frame as float64, a scalar per position
 * Signal totals = frames.map((signal, index, out) -> {
 *   float[] a = (float[]) signal.array();
 *   double sum = 0;
 *   for (int i = signal.offset(), end = i + signal.length(); i < end; i++) sum += a[i];
 *   out.setDouble(0, sum);
 * }, new long[0], DType.FLOAT64);
 * }</pre>
 *
 * <p><b>Thread-safety.</b> The function is called concurrently from several CPU threads (the
 * execution's CPU scheduler, never an IO thread), each call for a different navigation position;
 * it must not keep mutable state shared between calls. Within a navigation chunk the positions
 * are visited in C order; each is computed once per execution, unless an operation downstream
 * asks for parts of the output signal separately (each part computes the whole signals), and
 * again by every later execution. An exception it throws ends the stream in a {@link SignalFunctionException} that
 * names the navigation index. Like every functional parameter of hyperflux it is
 * {@link Serializable} (DESIGN §4), so that a plan can be shipped to other machines: capture only
 * serialisable values.
 */
@FunctionalInterface
public interface SignalFunction extends Serializable {
  /**
   * Computes the output signal of one navigation position.
   *
   * @param signal the position's signal, read only (see the class comment for its layout)
   * @param navigationIndex the position in natural order (x first); reused between calls
   * @param out the zero-filled output signal to write, of the declared dtype and shape
   */
  void apply(Block signal, long[] navigationIndex, Block out);

  /**
   * A function on {@code double[]}: the convenience form. Each signal is converted to doubles
   * (unsigned integers by value) into {@code signal}, and {@code out} (zero-filled for every
   * call) is cast to the declared dtype afterwards as numpy's {@code astype} (truncation toward
   * zero for integers). Both arrays are buffers reused from position to position within a
   * navigation chunk; read and write them only during the call. The conversion costs a copy of
   * every signal; write a {@link SignalFunction} over the {@link Block} where that matters.
   */
  @FunctionalInterface
  interface Doubles extends Serializable {
    /**
     * Computes one output signal.
     *
     * @param signal the position's signal as doubles, C order of the signal axes in array order
     * @param navigationIndex the position in natural order (x first); reused between calls
     * @param out the output signal to fill, C order of the output shape in array order
     */
    void apply(double[] signal, long[] navigationIndex, double[] out);
  }

  /**
   * The {@link Doubles} form as a signal function.
   *
   * <pre>{@code
   * // the mean spectrum value of each position, float64
   * Signal means = spectra.map(SignalFunction.ofDoubles((signal, index, out) -> {
   *   double sum = 0;
   *   for (double v : signal) sum += v;
   *   out[0] = sum / signal.length;
   * }), new long[0], DType.FLOAT64);
   * }</pre>
   */
  static SignalFunction ofDoubles(Doubles function) {
    return new DoubleSignalFunction(Objects.requireNonNull(function, "function"));
  }
}
