package org.hyperflux.ml.fit;

import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.exec.RegionFunction;

/**
 * The values of a fitted linear model, region by region: {@code Σ_k c[nav, k]·B[channel, k]} with
 * the design matrix over every channel of the signal axis (masked channels included, as
 * HyperSpy's {@code m.as_signal()}); NaN at navigation positions that were not fitted. A pure,
 * serialisable function of the region.
 */
final class LinearFitModel implements RegionFunction {
  private static final long serialVersionUID = 1L;

  private final long[] shape;
  private final int navRank;
  /** Row-major {@code navSize × width}, the parameters first. */
  private final double[] results;
  private final int width;
  /** Row-major {@code signalSize × p}. */
  private final double[] design;
  private final int p;

  LinearFitModel(long[] shape, double[] results, int width, double[] design, int p) {
    this.shape = shape.clone();
    this.navRank = shape.length - 1;
    this.results = results;
    this.width = width;
    this.design = design;
    this.p = p;
  }

  @Override
  public void fill(Region region, Block out) {
    int rank = region.rank();
    long[] pos = region.offsets();
    int size = region.size();
    for (int e = 0; e < size; e++) {
      long nav = 0;
      for (int a = 0; a < navRank; a++) nav = nav * shape[a] + pos[a];
      int channel = (int) pos[rank - 1];
      int r = (int) nav * width;
      int b = channel * p;
      double v = 0;
      for (int k = 0; k < p; k++) v += results[r + k] * design[b + k];
      out.setDouble(e, v);
      for (int a = rank - 1; a >= 0; a--) {
        if (++pos[a] < region.end(a)) break;
        pos[a] = region.offset(a);
      }
    }
  }
}
