package org.hyperflux.ml;

import java.util.List;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.ml.decomposition.DecompositionAlgorithms;
import reactor.core.publisher.Mono;

/**
 * Decomposes a signal (HyperSpy's {@code s.decomposition(...)}) in streaming passes over its
 * chunks: samples are navigation positions, features are signal channels, exactly as HyperSpy's
 * lazy decomposition. The algorithm is chosen by name ({@link #algorithms()}: {@code svd},
 * {@code pca}, {@code rsvd}, and HyperSpy's online robust {@code orpca} and {@code ornmf}); every
 * algorithm reads the data in a fixed number of passes, holds only matrices of the signal size
 * (and the {@code n_nav × k} loadings; the online ones also up to one band of chunks to put the
 * samples in order), and returns computed values ({@link DecompositionResult}).
 *
 * <pre>{@code
 * Signal si = SignalFiles.load(Path.of("eels_si.zspy"));
 * DecompositionResult r = Decomposition.of(si, DecompositionOptions.of("svd", 8));
 * System.out.println(Arrays.toString(r.explainedVarianceRatio()));
 * }</pre>
 *
 * <p>Unlike HyperSpy's lazy path, a chunked signal axis is read whole (HyperSpy reads its first
 * chunk only), loadings under a navigation mask are placed at their positions (NaN where masked),
 * masks work with every algorithm, and results are identical on every run whatever the chunking
 * of the navigation axes (partitions are merged in a fixed order).
 *
 * <p>Mistakes in the request (unknown algorithm, integer data, output dimension out of range,
 * masks of the wrong shape) throw {@link IllegalArgumentException} at once; NaN or infinite data
 * found while reading fails the passes with a
 * {@link org.hyperflux.ml.decomposition.NonFiniteDataException} naming the position.
 */
public final class Decomposition {
  private Decomposition() {}

  /** Decomposes {@code signal} now (blocking) and returns the computed result. */
  public static DecompositionResult of(Signal signal, DecompositionOptions options) {
    return ofMono(signal, options).block();
  }

  /**
   * The decomposition as a {@code Mono}: the request is checked now (throwing), the data read on
   * subscription, in passes.
   */
  public static Mono<DecompositionResult> ofMono(Signal signal, DecompositionOptions options) {
    return DecompositionRun.prepare(signal, options).run();
  }

  /** The available algorithm names, sorted. */
  public static List<String> algorithms() {
    return DecompositionAlgorithms.names();
  }
}
