package org.hyperflux.ml.decomposition;

import java.io.Serializable;
import java.util.Arrays;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.Region;

/**
 * Turns a tile of the data into the sample matrix the decompositions work on: one row per
 * navigation position (a sample), one column per unmasked signal channel (a feature), as
 * HyperSpy's {@code data.reshape(n_nav, n_sig)[nav_mask][:, sig_mask]}. Rows at masked navigation
 * positions are skipped; values are divided by the Poissonian weights {@code sqrt(aG_i)
 * sqrt(bH_j)} when those are set (a weight product of 0 counts as 1, as HyperSpy's {@code
 * where(coeff == 0, 1, coeff)}); with {@code rowCentred} each row's mean is subtracted (HyperSpy's
 * {@code centre='signal'}).
 *
 * <p>Tiles must hold whole signals (the trailing signal axes whole); the decomposition rechunks
 * the data so that they do. A NaN or infinite value fails the pass, naming its navigation
 * position. Immutable and serialisable; the row buffers live in a {@link Scratch} owned by one
 * accumulator state.
 */
public final class SampleRows implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long[] navShape;
  private final int signalSize;
  private final boolean[] navExcluded;
  private final int[] channels;
  private final double[] rowWeight;
  private final double[] columnWeight;
  private final boolean rowCentred;
  private final int tileElements;

  /**
   * @param navShape navigation shape (array order)
   * @param signalSize signal channels of one position (all, masked included)
   * @param navExcluded true at excluded navigation positions (flat C order), or null
   * @param channels the unmasked channels (flat C order of the signal shape), or null for all
   * @param rowWeight {@code sqrt(aG)} per navigation position, or null
   * @param columnWeight {@code sqrt(bH)} per selected channel, or null (set together with rowWeight)
   * @param rowCentred subtract each row's mean
   * @param tileElements the largest tile the pass hands over (sizes the row buffers)
   */
  public SampleRows(long[] navShape, int signalSize, boolean[] navExcluded, int[] channels,
      double[] rowWeight, double[] columnWeight, boolean rowCentred, int tileElements) {
    this.navShape = navShape.clone();
    this.signalSize = signalSize;
    this.navExcluded = navExcluded;
    this.channels = channels;
    this.rowWeight = rowWeight;
    this.columnWeight = columnWeight;
    this.rowCentred = rowCentred;
    this.tileElements = tileElements;
  }

  /** The same rows without weights and centring (the raw sums of the Poissonian pass). */
  public SampleRows raw() {
    return new SampleRows(navShape, signalSize, navExcluded, channels, null, null, false, tileElements);
  }

  /** These rows divided by the Poissonian weights. */
  public SampleRows weighted(double[] rowWeight, double[] columnWeight) {
    return new SampleRows(navShape, signalSize, navExcluded, channels, rowWeight, columnWeight, rowCentred,
        tileElements);
  }

  /** These rows with (or without) each row's mean subtracted. */
  public SampleRows rowCentred(boolean centred) {
    return new SampleRows(navShape, signalSize, navExcluded, channels, rowWeight, columnWeight, centred, tileElements);
  }

  /** Navigation positions, excluded ones included. */
  long navSize() {
    long n = 1;
    for (long d : navShape) n *= d;
    return n;
  }

  /** Navigation axes. */
  int navRank() {
    return navShape.length;
  }

  /** Whether the navigation position {@code flat} (C order) is excluded by the mask. */
  boolean excluded(long flat) {
    return navExcluded != null && flat < navExcluded.length && navExcluded[(int) flat];
  }

  /** The navigation position of flat index {@code flat}, array order. */
  long[] position(long flat) {
    return unflatten(flat);
  }

  /** Features per row: the unmasked channels. */
  public int features() {
    return channels == null ? signalSize : channels.length;
  }

  public int signalSize() {
    return signalSize;
  }

  /** Bytes of the row buffers of one {@link Scratch}, for the accumulators' declared state sizes. */
  public long scratchBytes() {
    int tile = Math.max(tileElements, signalSize);
    return 8L * tile + 24L * (tile / signalSize + 1) + 8L * signalSize;
  }

  /** The most rows one tile gives. */
  int maxRows() {
    return Math.max(tileElements, signalSize) / signalSize;
  }

  public boolean isRowCentred() {
    return rowCentred;
  }

  /** Row buffers of one state; not serialised, not thread-safe. */
  static final class Scratch {
    /** The rows read, row-major {@code rows × features}. */
    double[] values = new double[0];
    /** Flat navigation index of each row. */
    long[] nav = new long[0];
    /** Each row's mean before centring (only with rowCentred). */
    double[] rowMean = new double[0];
    double[] raw = new double[0];
  }

  /**
   * Reads the unmasked rows of {@code tile} into {@code s}; returns how many.
   *
   * @throws NonFiniteDataException at the first NaN or infinite value
   * @throws IllegalStateException if the tile does not hold whole signals
   */
  int read(Chunk tile, Scratch s) {
    Region region = tile.region();
    int navRank = navShape.length;
    int size = region.size();
    if (size == 0) return 0;
    int inner = 1;
    for (int a = navRank; a < region.rank(); a++) inner *= region.extent(a);
    if (inner != signalSize) {
      throw new IllegalStateException("tile " + region + " does not hold whole signals of " + signalSize
          + " channels; the decomposition reads whole signals");
    }
    int rows = size / signalSize;
    int m = features();
    if (s.values.length < rows * m) s.values = new double[rows * m];
    if (s.nav.length < rows) {
      s.nav = new long[rows];
      s.rowMean = new double[rows];
    }
    if (s.raw.length < signalSize) s.raw = new double[signalSize];
    Block block = tile.block();
    long[] pos = new long[navRank];
    for (int a = 0; a < navRank; a++) pos[a] = region.offset(a);
    int out = 0;
    for (int r = 0; r < rows; r++) {
      long flat = 0;
      for (int a = 0; a < navRank; a++) flat = flat * navShape[a] + pos[a];
      for (int a = navRank - 1; a >= 0; a--) {
        if (++pos[a] < region.end(a)) break;
        pos[a] = region.offset(a);
      }
      if (navExcluded != null && navExcluded[(int) flat]) continue;
      int base = out * m;
      if (channels == null) {
        toDouble(block, r * signalSize, s.values, base, signalSize);
      } else {
        toDouble(block, r * signalSize, s.raw, 0, signalSize);
        for (int j = 0; j < m; j++) s.values[base + j] = s.raw[channels[j]];
      }
      double sum = 0;
      for (int j = 0; j < m; j++) sum += s.values[base + j];
      if (!Double.isFinite(sum)) failNonFinite(s.values, base, m, flat);
      if (rowWeight != null) {
        double rw = rowWeight[(int) flat];
        for (int j = 0; j < m; j++) {
          double c = rw * columnWeight[j];
          s.values[base + j] /= c == 0 ? 1 : c;
        }
      }
      if (rowCentred) {
        double mean = 0;
        for (int j = 0; j < m; j++) mean += s.values[base + j];
        mean /= m;
        for (int j = 0; j < m; j++) s.values[base + j] -= mean;
        s.rowMean[out] = mean;
      }
      s.nav[out++] = flat;
    }
    return out;
  }

  /** Float data to double (the decompositions accept float32 and float64 only). */
  private static void toDouble(Block src, int from, double[] dst, int pos, int n) {
    int o = src.offset() + from;
    switch (src.dtype()) {
      case FLOAT32: {
        float[] a = (float[]) src.array();
        for (int i = 0; i < n; i++) dst[pos + i] = a[o + i];
        break;
      }
      case FLOAT64:
        System.arraycopy(src.array(), o, dst, pos, n);
        break;
      default:
        throw new IllegalStateException("a decomposition reads float data, got " + src.dtype().numpyName());
    }
  }

  private void failNonFinite(double[] v, int base, int m, long flat) {
    for (int j = 0; j < m; j++) {
      double x = v[base + j];
      if (!Double.isFinite(x)) {
        int channel = channels == null ? j : channels[j];
        throw new NonFiniteDataException("the data holds " + (Double.isNaN(x) ? "NaN" : x > 0 ? "+inf" : "-inf")
            + " at navigation position " + Arrays.toString(unflatten(flat)) + " (array order; flat index " + flat
            + "), signal channel " + channel + ": a decomposition needs finite data; exclude that position with"
            + " a navigation mask or replace the value first");
      }
    }
    // The sum overflowed although every value is finite.
    throw new NonFiniteDataException("the values at navigation position " + Arrays.toString(unflatten(flat))
        + " (array order) overflow a double sum: rescale the data first");
  }

  private long[] unflatten(long flat) {
    long[] p = new long[navShape.length];
    for (int a = navShape.length - 1; a >= 0; a--) {
      p[a] = flat % navShape[a];
      flat /= navShape[a];
    }
    return p;
  }
}
