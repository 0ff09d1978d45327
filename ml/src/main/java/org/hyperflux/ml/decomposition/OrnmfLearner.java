package org.hyperflux.ml.decomposition;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import org.hyperflux.ml.internal.RowKernels;
import org.hyperflux.ml.internal.SmallMatrices;

/**
 * The learning state of online robust NMF (Zhao and Tan, ICASSP 2016) as HyperSpy 1.7.3's
 * {@code ornmf.ORNMF.fit}: samples arrive in order; each is solved against the current
 * non-negative subspace {@code W} ({@link OrnmfSolver}, warm-started from the previous sample,
 * {@code vmax} the sample's largest value) and then updates {@code W}:
 *
 * <ul>
 *   <li>{@code PGD}: {@code A += h·hᵀ, B += (v−e)·hᵀ, W −= η(W·A − B)}, {@code η = κ/‖A‖_F},
 *       then {@code W = max(W, 0)/max(‖W‖_F, 1)};
 *   <li>{@code RobustPGD}: the same step repeated, each followed by the column projection
 *       {@code W_j = max(W_j, 0)/max(‖W_j‖, 1)}, until the relative change of
 *       {@code ½tr(WᵀW·A) − tr(WᵀB)} is below 1e-5 (at most {@code maxIterations} steps;
 *       HyperSpy: 1e9);
 *   <li>{@code MomentumSGD}: {@code v' = (W·A_t − B_t)/η_t}, {@code η_t = lr·(1 + lr·λ1·t)},
 *       {@code W −= μ·v + v'}, then the PGD projection.
 * </ul>
 *
 * <p>The first {@code W} is {@code |avg · halfnormal(m × k)| / sqrt(k)}, the half-normal numbers
 * keyed by the seed, with {@code avg = sqrt(|mean(first sample)| / m)} (HyperSpy takes the mean of
 * its first block, NaN for a negative mean: the hang fixed upstream by PR #3656 with
 * {@code abs}; a zero mean gives {@code avg = 1} here). Serialisable; scratch is transient. Not
 * thread-safe: one state sees the samples in order.
 */
final class OrnmfLearner implements OnlineLearner {
  private static final long serialVersionUID = 1L;

  /** HyperSpy's {@code method} of ORNMF. */
  enum Method {
    PGD, ROBUST_PGD, MOMENTUM_SGD;

    static Method parse(String name) {
      if (name == null) return PGD;
      switch (name.toLowerCase(Locale.ROOT)) {
        case "pgd": return PGD;
        case "robustpgd": return ROBUST_PGD;
        case "momentumsgd": return MOMENTUM_SGD;
        default:
          throw new IllegalArgumentException("ornmf method '" + name
              + "' is not recognised; available: [PGD, RobustPGD, MomentumSGD]");
      }
    }
  }

  private final int m;
  private final int k;
  private final Method method;
  private final double lambda1;
  private final double kappa;
  private final double learningRate;
  private final double momentum;
  private final int maxIterations;
  private final int batch;
  private final long seed;

  private double[][] w;
  private final double[] a;
  private final double[][] b;
  private double[][] velocity;
  private long t;
  private final double[][] v;
  private final double[][] h;
  private final double[][] e;
  private int filled;
  private int lastBatch = -1;
  private long learnt;

  private transient OrnmfSolver solver;
  private transient double[] at;
  private transient double[][] work;
  private transient double[] diff;
  private transient double[] coef;

  OrnmfLearner(int m, int k, OnlineParameters o, long seed) {
    this.m = m;
    this.k = k;
    this.method = Method.parse(o.method());
    this.lambda1 = OnlineParameters.or(o.lambda1(), 1.0);
    this.kappa = OnlineParameters.or(o.kappa(), 1.0);
    this.learningRate = o.learningRate();
    this.momentum = o.momentum();
    this.maxIterations = o.maxIterationsOr(300);
    this.batch = Math.max(1, o.batchSize());
    this.seed = seed;
    this.a = new double[k * k];
    this.b = new double[k][m];
    this.v = new double[batch][m];
    this.h = new double[batch][k];
    this.e = new double[batch][m];
  }

  /** Learns the non-negative sample {@code x[offset, offset + m)}. */
  @Override
  public void accept(double[] x, int offset) {
    if (w == null) initialise(x, offset);
    System.arraycopy(x, offset, v[filled++], 0, m);
    learnt++;
    if (filled == batch) learnBatch();
  }

  /** Learns what is pending and returns {@code W} (k non-negative columns of length m). */
  @Override
  public double[][] finish() {
    if (w == null) throw new IllegalStateException("ornmf learnt no sample");
    if (filled > 0) learnBatch();
    return w;
  }

  @Override
  public double[][] current() {
    return w;
  }

  @Override
  public long samples() {
    return learnt;
  }

  private void initialise(double[] x, int offset) {
    double mean = 0;
    for (int j = 0; j < m; j++) mean += x[offset + j];
    mean /= m;
    double avg = mean == 0 ? 1 : Math.sqrt(Math.abs(mean) / m);
    w = new double[k][m];
    double scale = avg / Math.sqrt(k);
    for (int j = 0; j < m; j++) {
      for (int c = 0; c < k; c++) w[c][j] = Math.abs(scale * KeyedGaussian.value(seed, j, c));
    }
    if (method == Method.MOMENTUM_SGD) velocity = new double[k][m];
  }

  private void learnBatch() {
    int n = filled;
    filled = 0;
    if (solver == null) {
      solver = new OrnmfSolver(m, k, lambda1, kappa, maxIterations);
      at = new double[k * k];
      work = new double[k][m];
      diff = new double[m];
      coef = new double[k];
    }
    if (n != lastBatch) {
      for (int s = 0; s < batch; s++) {
        Arrays.fill(h[s], 0);
        Arrays.fill(e[s], 0);
      }
      lastBatch = n;
    }
    double vmax = Double.NEGATIVE_INFINITY;
    for (int s = 0; s < n; s++) for (int j = 0; j < m; j++) vmax = Math.max(vmax, v[s][j]);
    solver.prepare(w);
    solver.solve(v, h, e, n, vmax);
    update(n);
    t++;
  }

  private void update(int n) {
    boolean sums = method != Method.MOMENTUM_SGD;
    double[] aTarget = sums ? a : at;
    double[][] bTarget = sums ? b : work;
    if (!sums) {
      Arrays.fill(at, 0);
      for (double[] row : work) Arrays.fill(row, 0);
    }
    for (int s = 0; s < n; s++) {
      double[] hs = h[s];
      for (int c = 0; c < k; c++) for (int d = 0; d < k; d++) aTarget[c * k + d] += hs[c] * hs[d];
      for (int j = 0; j < m; j++) diff[j] = v[s][j] - e[s][j];
      for (int c = 0; c < k; c++) RowKernels.rank1(bTarget[c], diff, hs[c], 0, m);
    }
    if (method == Method.MOMENTUM_SGD) {
      double eta = learningRate * (1 + learningRate * lambda1 * t);
      gradient(at, work, 1 / eta);
      for (int c = 0; c < k; c++) {
        double[] wc = w[c];
        double[] g = work[c];
        double[] vel = velocity[c];
        for (int j = 0; j < m; j++) {
          wc[j] -= momentum * vel[j] + g[j];
          vel[j] = g[j];
        }
      }
      clipAndScale();
      return;
    }
    double normA = Math.sqrt(SmallMatrices.squaredNorm(a, k * k));
    double eta = normA > 0 ? kappa / normA : 0;
    if (method == Method.PGD) {
      step(eta);
      clipAndScale();
      return;
    }
    double previous = 0;
    double last = 0;
    for (int step = 0; ; step++) {
      step(eta);
      projectColumns();
      previous = last;
      last = objective();
      if (step + 1 > 2 && !(Math.abs((last - previous) / previous) > 1e-5)) break;
      if (step + 1 >= maxIterations) break;
    }
  }

  /** {@code work = (W·A − B)·scale} from the current W (B taken from {@code bSource}: b, or work itself). */
  private void gradient(double[] aMatrix, double[][] bSource, double scale) {
    for (int c = 0; c < k; c++) {
      for (int d = 0; d < k; d++) coef[d] = aMatrix[d * k + c];
      double[] g = work[c];
      double[] bc = bSource[c];
      for (int j = 0; j < m; j++) g[j] = -bc[j];
      SmallMatrices.addTimes(w, k, coef, g, m);
      if (scale != 1) for (int j = 0; j < m; j++) g[j] *= scale;
    }
  }

  /** {@code W −= η(W·A − B)}. */
  private void step(double eta) {
    gradient(a, b, eta);
    for (int c = 0; c < k; c++) {
      double[] wc = w[c];
      double[] g = work[c];
      for (int j = 0; j < m; j++) wc[j] -= g[j];
    }
  }

  /** {@code W = max(W, 0) / max(‖W‖_F, 1)}. */
  private void clipAndScale() {
    double norm = 0;
    for (double[] wc : w) {
      for (int j = 0; j < m; j++) wc[j] = Math.max(wc[j], 0);
      norm += SmallMatrices.squaredNorm(wc, m);
    }
    double scale = 1 / Math.max(Math.sqrt(norm), 1);
    if (scale != 1) for (double[] wc : w) for (int j = 0; j < m; j++) wc[j] *= scale;
  }

  /** HyperSpy's {@code _project}: each column clipped at 0 and divided by max(its norm before clipping, 1). */
  private void projectColumns() {
    for (double[] wc : w) {
      double scale = 1 / Math.max(Math.sqrt(SmallMatrices.squaredNorm(wc, m)), 1);
      for (int j = 0; j < m; j++) wc[j] = Math.max(wc[j], 0) * scale;
    }
  }

  /** {@code ½·tr(WᵀW·A) − tr(WᵀB)}. */
  private double objective() {
    double f = 0;
    for (int c = 0; c < k; c++) {
      for (int d = 0; d < k; d++) f += 0.5 * SmallMatrices.dot(w[c], w[d], m) * a[d * k + c];
      f -= SmallMatrices.dot(w[c], b[c], m);
    }
    return f;
  }
}
