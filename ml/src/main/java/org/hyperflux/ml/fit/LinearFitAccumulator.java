package org.hyperflux.ml.fit;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hyperflux.core.accumulate.Accumulator;
import org.hyperflux.core.accumulate.AccumulatorTraits;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.Region;

/**
 * The fitting pass: every spectrum {@code y} of a tile (its fitted channels) gives the parameters
 * {@code c = P·y} with the pseudo-inverse {@link LeastSquares} computed once, the residual sum of
 * squares {@code RSS = |y - B·c|²} and from it {@code chisq = RSS / variance} and, on request, the
 * standard errors {@code sqrt(RSS / (n - p) · [(BᵀB)⁻¹]_kk)} (HyperSpy's {@code perror}).
 *
 * <p>Tiles must hold whole spectra (the fit rechunks the signal axis whole). Each row is written
 * as {@code p} parameters, {@code chisq}, then {@code p} errors when asked, at its flat navigation
 * index. Mergeable: a state keeps its partition's rows as segments, merged by concatenation (exact
 * and order-independent) and scattered once at the end; masked positions are never written (NaN).
 * A NaN in a spectrum makes that position's results NaN. Immutable and serialisable; {@code
 * 4·n·p} flops per spectrum, two spectra at a time.
 */
final class LinearFitAccumulator implements Accumulator<LinearFitAccumulator.State, double[]> {
  private static final long serialVersionUID = 1L;

  private final long[] navShape;
  private final int navSize;
  private final int signalSize;
  private final boolean[] navExcluded;
  /** The fitted channels, or null for all. */
  private final int[] channels;
  /** Row-major {@code n × p} over the fitted channels. */
  private final double[] design;
  /** Row-major {@code p × n}. */
  private final double[] pinv;
  private final double[] inverseGramDiagonal;
  private final int n;
  private final int p;
  private final double variance;
  private final boolean errors;
  private final int width;
  private final int tileElements;

  LinearFitAccumulator(long[] navShape, int navSize, int signalSize, boolean[] navExcluded, int[] channels,
      double[] design, LeastSquares solution, int p, double variance, boolean errors, int tileElements) {
    this.navShape = navShape.clone();
    this.navSize = navSize;
    this.signalSize = signalSize;
    this.navExcluded = navExcluded;
    this.channels = channels;
    this.design = design;
    this.pinv = solution.pinv;
    this.inverseGramDiagonal = solution.inverseGramDiagonal;
    this.n = channels == null ? signalSize : channels.length;
    this.p = p;
    this.variance = variance;
    this.errors = errors;
    this.width = errors ? 2 * p + 1 : p + 1;
    this.tileElements = tileElements;
  }

  /** Values per navigation position: p parameters, chisq, [p errors]. */
  int width() {
    return width;
  }

  /** A partition's fitted rows. */
  static final class State implements Serializable {
    private static final long serialVersionUID = 1L;
    final List<long[]> nav = new ArrayList<>();
    final List<double[]> values = new ArrayList<>();
    long count;
    /** The tile's fitted channels, row-major; not serialised. */
    transient double[] rows;
    transient double[] raw;
  }

  @Override
  public AccumulatorTraits traits() {
    long total = 8L * navSize * (width + 1);
    // A partition holds its tile's spectra as doubles, a raw spectrum and its rows' results.
    long partition = 8L * tileElements + 8L * signalSize
        + 8L * ((long) tileElements / Math.max(1, signalSize) + 1) * (width + 1);
    return new AccumulatorTraits(true, false, 1, true, total, Math.min(total, partition + (1L << 20)));
  }

  @Override
  public State create() {
    return new State();
  }

  @Override
  public void accept(State state, Chunk tile) {
    Region region = tile.region();
    int size = region.size();
    if (size == 0) return;
    int navRank = navShape.length;
    int inner = 1;
    for (int a = navRank; a < region.rank(); a++) inner *= region.extent(a);
    if (inner != signalSize) {
      throw new IllegalStateException("tile " + region + " does not hold whole spectra of " + signalSize
          + " channels; the linear fit reads whole spectra");
    }
    int rows = size / signalSize;
    if (state.rows == null || state.rows.length < rows * n) {
      state.rows = new double[rows * n];
      state.raw = new double[signalSize];
    }
    double[] y = state.rows;
    long[] nav = new long[rows];
    long[] pos = new long[navRank];
    for (int a = 0; a < navRank; a++) pos[a] = region.offset(a);
    Block block = tile.block();
    int kept = 0;
    for (int r = 0; r < rows; r++) {
      long flat = 0;
      for (int a = 0; a < navRank; a++) flat = flat * navShape[a] + pos[a];
      for (int a = navRank - 1; a >= 0; a--) {
        if (++pos[a] < region.end(a)) break;
        pos[a] = region.offset(a);
      }
      if (navExcluded != null && navExcluded[(int) flat]) continue;
      if (channels == null) {
        toDouble(block, r * signalSize, y, kept * n, signalSize);
      } else {
        toDouble(block, r * signalSize, state.raw, 0, signalSize);
        for (int j = 0; j < n; j++) y[kept * n + j] = state.raw[channels[j]];
      }
      nav[kept++] = flat;
    }
    if (kept == 0) return;
    double[] out = new double[kept * width];
    int r = 0;
    for (; r + 2 <= kept; r += 2) fitPair(y, r * n, (r + 1) * n, out, r * width, (r + 1) * width);
    if (r < kept) fitPair(y, r * n, r * n, out, r * width, r * width);
    state.nav.add(Arrays.copyOf(nav, kept));
    state.values.add(out);
    state.count += kept;
  }

  /**
   * Parameters, chisq and errors of the spectra at {@code y[a..a+n)} and {@code y[b..b+n)},
   * written at {@code out[oa..)} and {@code out[ob..)}: two spectra and two parameters at a time,
   * four independent fused multiply-add chains (as the decompositions' projection kernel).
   */
  private void fitPair(double[] y, int a, int b, double[] out, int oa, int ob) {
    int k = 0;
    for (; k + 2 <= p; k += 2) {
      int r0 = k * n;
      int r1 = r0 + n;
      double s00 = 0;
      double s01 = 0;
      double s10 = 0;
      double s11 = 0;
      for (int i = 0; i < n; i++) {
        double u = y[a + i];
        double v = y[b + i];
        double f = pinv[r0 + i];
        double g = pinv[r1 + i];
        s00 = Math.fma(u, f, s00);
        s01 = Math.fma(u, g, s01);
        s10 = Math.fma(v, f, s10);
        s11 = Math.fma(v, g, s11);
      }
      out[oa + k] = s00;
      out[oa + k + 1] = s01;
      out[ob + k] = s10;
      out[ob + k + 1] = s11;
    }
    if (k < p) {
      int r0 = k * n;
      double s0 = 0;
      double s1 = 0;
      for (int i = 0; i < n; i++) {
        s0 = Math.fma(y[a + i], pinv[r0 + i], s0);
        s1 = Math.fma(y[b + i], pinv[r0 + i], s1);
      }
      out[oa + k] = s0;
      out[ob + k] = s1;
    }
    double rssA = 0;
    double rssB = 0;
    for (int i = 0; i < n; i++) {
      int row = i * p;
      double fa = 0;
      double fb = 0;
      for (int j = 0; j < p; j++) {
        fa = Math.fma(design[row + j], out[oa + j], fa);
        fb = Math.fma(design[row + j], out[ob + j], fb);
      }
      double da = y[a + i] - fa;
      double db = y[b + i] - fb;
      rssA = Math.fma(da, da, rssA);
      rssB = Math.fma(db, db, rssB);
    }
    finish(rssA, out, oa);
    finish(rssB, out, ob);
  }

  /** chisq and the standard errors from the residual sum of squares. */
  private void finish(double rss, double[] out, int o) {
    out[o + p] = rss / variance;
    if (errors) {
      double scale = rss / (n - p);
      for (int k = 0; k < p; k++) out[o + p + 1 + k] = Math.sqrt(scale * inverseGramDiagonal[k]);
    }
  }

  /** Any numeric dtype to double (integers are fitted as float64, as numpy's lstsq converts them). */
  private static void toDouble(Block src, int from, double[] dst, int pos, int count) {
    int o = src.offset() + from;
    switch (src.dtype()) {
      case FLOAT32: {
        float[] a = (float[]) src.array();
        for (int i = 0; i < count; i++) dst[pos + i] = a[o + i];
        break;
      }
      case FLOAT64:
        System.arraycopy(src.array(), o, dst, pos, count);
        break;
      default:
        for (int i = 0; i < count; i++) dst[pos + i] = src.getDouble(from + i);
    }
  }

  @Override
  public State merge(State left, State right) {
    left.nav.addAll(right.nav);
    left.values.addAll(right.values);
    left.count += right.count;
    return left;
  }

  @Override
  public Partial<double[]> finish(State state) {
    return Partial.complete(scatter(state), state.count);
  }

  @Override
  public Partial<double[]> snapshot(State state) {
    return new Partial<>(scatter(state), null, state.count, navSize);
  }

  /** Row-major {@code navSize × width}, NaN where no row was written. */
  private double[] scatter(State state) {
    double[] all = new double[Math.multiplyExact(navSize, width)];
    Arrays.fill(all, Double.NaN);
    for (int s = 0; s < state.nav.size(); s++) {
      long[] idx = state.nav.get(s);
      double[] v = state.values.get(s);
      for (int r = 0; r < idx.length; r++) System.arraycopy(v, r * width, all, (int) idx[r] * width, width);
    }
    return all;
  }
}
