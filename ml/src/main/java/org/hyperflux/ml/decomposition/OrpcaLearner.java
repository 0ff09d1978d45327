package org.hyperflux.ml.decomposition;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.hyperflux.ml.internal.Linalg;
import org.hyperflux.ml.internal.RowKernels;
import org.hyperflux.ml.internal.SmallMatrices;

/**
 * The learning state of online robust PCA (Feng, Xu and Yan, NIPS 2013) as HyperSpy 1.7.3's
 * {@code rpca.ORPCA.fit}: samples arrive one at a time, in order; each is solved against the
 * current subspace {@code L} ({@link OrpcaSolver}, warm-started from the previous sample's
 * {@code r} and {@code e}) and then updates {@code L}:
 *
 * <ul>
 *   <li>{@code CF}: {@code A += r·rᵀ, B += (z−e)·rᵀ, L = B(A + λ1·I)⁻¹};
 *   <li>{@code BCD}: the same sums, then one block-coordinate sweep over the columns,
 *       {@code u = (B_j − L·Ã_j)/Ã_jj + L_j, L_j = u / max(‖u‖, 1)} with {@code Ã = A + λ1·I};
 *   <li>{@code SGD}: {@code L −= (L·A_t − B_t + λ1·L)/η}, {@code η = lr·(1 + lr·λ1·t)}, on the
 *       current sample's {@code A_t, B_t} only;
 *   <li>{@code MomentumSGD}: {@code v' = (L·A_t − B_t + λ1·L)/η, L −= μ·v + v'}.
 * </ul>
 *
 * <p>The first subspace is the thin QR of the first {@code trainingSamples} samples ({@code qr},
 * HyperSpy's default; those samples are then learnt like the others) or of a Gaussian
 * {@code m × k} matrix keyed by the seed ({@code rand}). With a batch size the samples are learnt
 * in consecutive mini-batches (the last one may be smaller; the warm start is dropped when the
 * batch size changes, as HyperSpy's). Serialisable; the solver and update scratch are transient
 * and rebuilt on use. Not thread-safe: one state sees the samples in order.
 */
final class OrpcaLearner implements OnlineLearner {
  private static final long serialVersionUID = 1L;

  /** HyperSpy's {@code method} of ORPCA. */
  enum Method {
    CF, BCD, SGD, MOMENTUM_SGD;

    static Method parse(String name) {
      if (name == null) return BCD;
      switch (name.toLowerCase(Locale.ROOT)) {
        case "cf": return CF;
        case "bcd": return BCD;
        case "sgd": return SGD;
        case "momentumsgd": return MOMENTUM_SGD;
        default:
          throw new IllegalArgumentException("orpca method '" + name
              + "' is not recognised; available: [BCD, CF, SGD, MomentumSGD]");
      }
    }
  }

  private final int m;
  private final int k;
  private final Method method;
  private final double lambda1;
  private final double lambda2;
  private final double learningRate;
  private final double momentum;
  private final int maxIterations;
  private final int batch;
  private final int trainingSamples;
  private final boolean qrInit;
  private final long seed;

  /** The subspace: k column arrays of length m. */
  private double[][] l;
  private final double[] a;
  private final double[][] b;
  private double[][] velocity;
  private long t;
  /** The pending mini-batch (or the one sample) and its warm-started solution. */
  private final double[][] z;
  private final double[][] r;
  private final double[][] e;
  private int filled;
  private int lastBatch = -1;
  /** The first samples, kept until the qr initialisation. */
  private List<double[]> training = new ArrayList<>();
  private long learnt;

  private transient OrpcaSolver solver;
  private transient double[] at;
  private transient double[][] work;
  private transient double[] w;
  private transient double[] square;
  private transient double[] inverse;

  OrpcaLearner(int m, int k, OnlineParameters o, long seed) {
    this.m = m;
    this.k = k;
    this.method = Method.parse(o.method());
    this.lambda1 = OnlineParameters.or(o.lambda1(), 0.1);
    this.lambda2 = OnlineParameters.or(o.lambda2(), 1.0);
    this.learningRate = o.learningRate();
    this.momentum = o.momentum();
    this.maxIterations = o.maxIterationsOr(10_000);
    this.batch = Math.max(1, o.batchSize());
    this.trainingSamples = o.trainingSamples();
    this.qrInit = init(o.init());
    this.seed = seed;
    this.a = new double[k * k];
    this.b = new double[k][m];
    this.z = new double[batch][m];
    this.r = new double[batch][k];
    this.e = new double[batch][m];
    if (qrInit && trainingSamples < k) {
      throw new IllegalArgumentException("orpca's qr init needs trainingSamples >= outputDimension, got "
          + trainingSamples + " < " + k);
    }
  }

  /** True for {@code qr} (default), false for {@code rand}. */
  static boolean init(String init) {
    if (init == null || init.equalsIgnoreCase("qr")) return true;
    if (init.equalsIgnoreCase("rand")) return false;
    throw new IllegalArgumentException("orpca init '" + init + "' is not recognised; available: [qr, rand]");
  }

  /** Learns the sample {@code x[offset, offset + m)}. */
  @Override
  public void accept(double[] x, int offset) {
    if (l == null) {
      if (!qrInit) {
        initialise(randomSubspace());
      } else {
        training.add(Arrays.copyOfRange(x, offset, offset + m));
        if (training.size() == trainingSamples) initialiseFromTraining();
        return;
      }
    }
    learn(x, offset);
  }

  /** Learns what is still pending and returns the subspace ({@code L}, k columns of length m). */
  @Override
  public double[][] finish() {
    if (l == null) initialiseFromTraining();
    if (filled > 0) learnBatch();
    return l;
  }

  /** Samples learnt so far. */
  @Override
  public double[][] current() {
    return l;
  }

  @Override
  public long samples() {
    return learnt;
  }

  private void initialiseFromTraining() {
    List<double[]> first = training;
    training = null;
    if (l == null && first.isEmpty()) initialise(randomSubspace());
    else initialise(qrSubspace(first));
    for (double[] x : first) learn(x, 0);
  }

  private void initialise(double[][] subspace) {
    l = subspace;
    training = null;
    if (method == Method.MOMENTUM_SGD) velocity = new double[k][m];
  }

  /** HyperSpy's {@code init='qr'}: the first k columns of the thin QR of the samples as columns. */
  private double[][] qrSubspace(List<double[]> samples) {
    int cols = Math.min(samples.size(), m);
    if (cols < k) {
      throw new IllegalArgumentException("orpca's qr init needs at least outputDimension = " + k + " samples, got "
          + cols);
    }
    double[] y = new double[m * cols];
    for (int s = 0; s < cols; s++) {
      double[] x = samples.get(s);
      for (int j = 0; j < m; j++) y[j * cols + s] = x[j];
    }
    return firstColumns(Linalg.orthonormalColumns(y, m, cols), cols);
  }

  /** HyperSpy's {@code init='rand'}: the thin QR of an m × k standard normal matrix, keyed by the seed. */
  private double[][] randomSubspace() {
    double[] y = new double[m * k];
    for (int j = 0; j < m; j++) for (int c = 0; c < k; c++) y[j * k + c] = KeyedGaussian.value(seed, j, c);
    return firstColumns(Linalg.orthonormalColumns(y, m, k), k);
  }

  private double[][] firstColumns(double[] q, int cols) {
    double[][] out = new double[k][m];
    for (int c = 0; c < k; c++) for (int j = 0; j < m; j++) out[c][j] = q[j * cols + c];
    return out;
  }

  private void learn(double[] x, int offset) {
    System.arraycopy(x, offset, z[filled++], 0, m);
    learnt++;
    if (filled == batch) learnBatch();
  }

  private void learnBatch() {
    int n = filled;
    filled = 0;
    if (solver == null) {
      solver = new OrpcaSolver(m, k, lambda1, lambda2, maxIterations);
      at = new double[k * k];
      work = new double[k][m];
      w = new double[m];
      square = new double[k * k];
      inverse = new double[k * k];
    }
    if (n != lastBatch) {
      for (int s = 0; s < batch; s++) {
        Arrays.fill(r[s], 0);
        Arrays.fill(e[s], 0);
      }
      lastBatch = n;
    }
    solver.prepare(l);
    solver.solve(z, r, e, n);
    update(n);
    t++;
  }

  /** The subspace update with the batch's {@code A_t = Σ r·rᵀ} and {@code B_t = Σ (z−e)·rᵀ}. */
  private void update(int n) {
    boolean sums = method == Method.CF || method == Method.BCD;
    double[] aTarget = sums ? a : at;
    double[][] bTarget = sums ? b : work;
    if (!sums) {
      Arrays.fill(at, 0);
      for (double[] row : work) Arrays.fill(row, 0);
    }
    for (int s = 0; s < n; s++) {
      double[] rs = r[s];
      for (int c = 0; c < k; c++) for (int d = 0; d < k; d++) aTarget[c * k + d] += rs[c] * rs[d];
      double[] zs = z[s];
      double[] es = e[s];
      for (int j = 0; j < m; j++) w[j] = zs[j] - es[j];
      for (int c = 0; c < k; c++) RowKernels.rank1(bTarget[c], w, rs[c], 0, m);
    }
    switch (method) {
      case CF:
        closedForm();
        break;
      case BCD:
        blockCoordinateDescent();
        break;
      default:
        gradientStep();
    }
  }

  private void closedForm() {
    for (int i = 0; i < k * k; i++) square[i] = a[i];
    for (int c = 0; c < k; c++) square[c * k + c] += lambda1;
    SmallMatrices.invert(square, k, inverse);
    for (int c = 0; c < k; c++) {
      for (int d = 0; d < k; d++) w[d] = inverse[d * k + c];
      Arrays.fill(l[c], 0);
      SmallMatrices.addTimes(b, k, w, l[c], m);
    }
  }

  private void blockCoordinateDescent() {
    for (int i = 0; i < k; i++) {
      double aii = a[i * k + i] + lambda1;
      for (int c = 0; c < k; c++) square[c] = -(a[c * k + i] + (c == i ? lambda1 : 0)) / aii;
      double[] u = w;
      double[] li = l[i];
      double[] bi = b[i];
      for (int j = 0; j < m; j++) u[j] = bi[j] / aii + li[j];
      SmallMatrices.addTimes(l, k, square, u, m);
      double scale = 1 / Math.max(Math.sqrt(SmallMatrices.squaredNorm(u, m)), 1);
      for (int j = 0; j < m; j++) li[j] = u[j] * scale;
    }
  }

  /** SGD and MomentumSGD: {@code g = (L·A_t − B_t + λ1·L)/η}. */
  private void gradientStep() {
    double eta = learningRate * (1 + learningRate * lambda1 * t);
    // work holds B_t; turn it into the gradient g, column by column, from the unchanged L.
    for (int c = 0; c < k; c++) {
      for (int d = 0; d < k; d++) square[d] = at[d * k + c];
      square[c] += lambda1;
      double[] g = work[c];
      for (int j = 0; j < m; j++) g[j] = -g[j];
      SmallMatrices.addTimes(l, k, square, g, m);
      for (int j = 0; j < m; j++) g[j] /= eta;
    }
    for (int c = 0; c < k; c++) {
      double[] lc = l[c];
      double[] g = work[c];
      if (method == Method.MOMENTUM_SGD) {
        double[] v = velocity[c];
        for (int j = 0; j < m; j++) {
          lc[j] -= momentum * v[j] + g[j];
          v[j] = g[j];
        }
      } else {
        for (int j = 0; j < m; j++) lc[j] -= g[j];
      }
    }
  }
}
