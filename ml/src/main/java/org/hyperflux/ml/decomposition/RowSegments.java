package org.hyperflux.ml.decomposition;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Navigation-positional results of a pass (loadings, per-position sums): the rows each partition
 * produced, with their flat navigation indices, kept as segments and written in place once at the
 * end (DESIGN §4: positional results are written per partition slice). Merging concatenates, so
 * it is exact and order-independent. Serialisable.
 */
final class RowSegments implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int width;
  private final List<long[]> nav = new ArrayList<>();
  private final List<double[]> values = new ArrayList<>();
  private long rows;

  RowSegments(int width) {
    this.width = width;
  }

  /** Adds {@code n} rows: navigation indices {@code nav[0..n)} and values {@code values[0..n·width)}. */
  void add(long[] navIndex, double[] rowValues, int n) {
    nav.add(Arrays.copyOf(navIndex, n));
    values.add(Arrays.copyOf(rowValues, n * width));
    rows += n;
  }

  void addAll(RowSegments other) {
    nav.addAll(other.nav);
    values.addAll(other.values);
    rows += other.rows;
  }

  long rows() {
    return rows;
  }

  /** The rows placed at their navigation index in an {@code navSize × width} array; rows never written are NaN. */
  double[] scatter(int navSize) {
    double[] out = new double[Math.multiplyExact(navSize, width)];
    Arrays.fill(out, Double.NaN);
    for (int s = 0; s < nav.size(); s++) {
      long[] idx = nav.get(s);
      double[] v = values.get(s);
      for (int r = 0; r < idx.length; r++) System.arraycopy(v, r * width, out, (int) idx[r] * width, width);
    }
    return out;
  }
}
