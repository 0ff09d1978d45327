package org.hyperflux.core.signal;

import java.util.Arrays;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Casts;

/**
 * {@link SignalFunction#ofDoubles}: a {@link SignalFunction.Doubles} seen as a signal function.
 * {@link MapNode} recognises it and reuses one pair of {@code double[]} buffers for every
 * position of a navigation chunk ({@link #apply(Block, long[], Block, double[], double[])});
 * {@link #apply(Block, long[], Block)}, for callers outside a map, allocates them per call.
 */
record DoubleSignalFunction(SignalFunction.Doubles function) implements SignalFunction {
  private static final long serialVersionUID = 1L;

  @Override
  public void apply(Block signal, long[] navigationIndex, Block out) {
    apply(signal, navigationIndex, out, new double[signal.length()], new double[out.length()]);
  }

  /**
   * Converts {@code signal} into {@code in}, zeroes {@code result}, calls the function and casts
   * {@code result} into {@code out}; the buffers hold at least the signal and output lengths.
   */
  void apply(Block signal, long[] navigationIndex, Block out, double[] in, double[] result) {
    int n = signal.length();
    int m = out.length();
    Casts.toDouble(signal, 0, in, n);
    Arrays.fill(result, 0, m, 0.0);
    function.apply(in, navigationIndex, result);
    Casts.fromDouble(result, out, 0, m);
  }
}
