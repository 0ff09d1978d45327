package org.hyperflux.ml.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether the ml kernels may use the incubating Vector API, and its entry points. The module
 * {@code jdk.incubator.vector} must be resolved at start-up ({@code java --add-modules
 * jdk.incubator.vector}; the {@code hyperflux} launcher does so for {@code decompose} and {@code
 * bench}), the machine's preferred vectors must hold at least four doubles, and the system
 * property {@value #PROPERTY} must not be {@code false}. Otherwise the kernels run plain loops
 * ({@link RowKernels}, {@link SmallMatrices}), which give the same sums up to rounding, more
 * slowly. The Gram micro-kernel needs eight doubles per vector too ({@link #gramKernel()}).
 */
public final class Simd {
  /** Set to {@code false} to keep the Vector API kernels off even where the module is resolved. */
  public static final String PROPERTY = "hyperflux.simd";

  private static final boolean AVAILABLE = detect();
  private static final boolean GRAM_KERNEL = AVAILABLE && VectorGram.worthwhile();

  /** Rows of the warm-up calls; tiles of fewer rows time too little work to compare. */
  private static final int MIN_PROBE_ROWS = 32;
  /** Warm-up calls in all: C2 compiles after some hundreds, more while its queue is long at start-up. */
  private static final int WARM_UP_CALLS = 2000;
  private static final int WARM_UP_CALLS_PER_PROBE = 24;
  /** Timed calls per probe: fewer were dominated by the first call's overheads. */
  private static final int TIMED_CALLS = 12;
  private static final AtomicInteger warmUpCalls = new AtomicInteger();
  private static volatile boolean gramWarm;

  private Simd() {}

  /** Whether the Vector API kernels are in use in this JVM. */
  public static boolean available() {
    return AVAILABLE;
  }

  /** Whether the Gram micro-kernel is in use in this JVM: {@link #available()} on a machine with AVX-512's eight-double vectors. */
  public static boolean gramKernel() {
    return GRAM_KERNEL;
  }

  private static boolean detect() {
    if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"))) return false;
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return false;
    try {
      return VectorProjection.worthwhile();
    } catch (LinkageError e) {
      return false;
    }
  }

  /**
   * {@code G += XᵀX} on the upper triangle of {@code g} (its rows; entries below the diagonal
   * are never touched) for the {@code n} rows of length {@code m} held row-major in {@code
   * values}, by the register-blocked micro-kernel. {@code work} (null at first) is reused when
   * large enough; returns the buffer to pass next time. Only when {@link #gramKernel()}.
   */
  public static double[][] gramAddUpper(double[] values, int n, int m, double[][] g, double[][] work) {
    return VectorGram.addUpper(values, n, m, g, work);
  }

  /**
   * Whether the Gram micro-kernel is compiled and faster than the loop it replaces. Until then it
   * runs slower than that loop by a factor of 10 to 100 (the Vector API is fast only once C2 has
   * compiled it; interpreted or from C1 every vector is an object). Callers use the loop and
   * {@link #probeGram} until this says yes; it stays yes for the life of the JVM.
   */
  public static boolean gramKernelWarm() {
    return gramWarm;
  }

  /**
   * Runs the micro-kernel briefly on these rows (nothing is added anywhere) and times it against
   * {@code loopNanosPerFma}, what the loop just took per multiply-add on the same rows; marks it
   * {@linkplain #gramKernelWarm warm} once it does the same work in under three quarters of the
   * loop's time. Until the JIT has been asked to compile it, each probe also makes a few dozen
   * cheap calls on a few rows (C2 compiles a method after some hundreds of calls): the warm-up
   * costs a few percent of the loop's time over its first tiles, and nothing once warm. Only
   * when {@link #gramKernel()}.
   */
  public static void probeGram(double[] values, int n, int m, double loopNanosPerFma) {
    if (gramWarm || n < MIN_PROBE_ROWS) return;
    if (warmUpCalls.get() < WARM_UP_CALLS) {
      warmUpCalls.addAndGet(WARM_UP_CALLS_PER_PROBE);
      VectorGram.probe(values, MIN_PROBE_ROWS, m, WARM_UP_CALLS_PER_PROBE, false);
    }
    double nanosPerFma = VectorGram.probe(values, n, m, TIMED_CALLS, true);
    if (nanosPerFma < 0.75 * loopNanosPerFma) gramWarm = true;
  }

  /**
   * {@code out[offset + i] = rows[i]·y} (first {@code m} entries) for {@code i < k}, eight rows
   * per sweep. Only when {@link #available()}.
   */
  public static void project(double[][] rows, int k, double[] y, int m, double[] out, int offset) {
    VectorProjection.project(rows, k, y, m, out, offset);
  }

  /**
   * ORPCA's soft threshold, then a projection: {@code c = clip(y, ±λ)}, {@code e ← y − c} in
   * one sweep, and {@code out[i] = rows[i]·c} for {@code i < k} in one more per eight rows;
   * returns {@code Σ (e_new − e_old)²}. Only when {@link #available()}.
   */
  public static double clipAndProject(double[] y, double[] e, double[] c, double lambda, int m, double[][] rows,
      int k, double[] out) {
    return VectorProjection.clipAndProject(y, e, c, lambda, m, rows, k, out);
  }

  /** Bytes of the work buffer {@link #gramAddUpper} holds for {@code n} rows of {@code m} features. */
  public static long gramWorkBytes(int n, int m) {
    return GRAM_KERNEL ? 8 * VectorGram.panelDoubles(n, m) + 16L * m : 0;
  }
}
