package org.hyperflux.ml;

import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.exec.RegionFunction;

/**
 * The values of a decomposition model, region by region: {@code Σ_c loadings[i,c]·factors[j,c]}
 * over the first {@code components}, plus the subtracted mean (scaled back by the Poissonian
 * weights) when the decomposition was centred, as HyperSpy's {@code get_decomposition_model}. NaN
 * at excluded positions and channels. A pure, serialisable function of the region.
 */
final class DecompositionModel implements RegionFunction {
  private static final long serialVersionUID = 1L;

  private final int navRank;
  private final long[] shape;
  private final int k;
  private final int components;
  /** Row-major {@code nNav × k}. */
  private final double[] loadings;
  /** Row-major {@code nSig × k}. */
  private final double[] factors;
  private final double[] featureMean;
  private final double[] rowMean;
  private final double[] rowWeight;
  private final double[] columnWeight;

  DecompositionModel(int navRank, long[] shape, int k, int components, double[] loadings, double[] factors,
      double[] featureMean, double[] rowMean, double[] rowWeight, double[] columnWeight) {
    this.navRank = navRank;
    this.shape = shape;
    this.k = k;
    this.components = components;
    this.loadings = loadings;
    this.factors = factors;
    this.featureMean = featureMean;
    this.rowMean = rowMean;
    this.rowWeight = rowWeight;
    this.columnWeight = columnWeight;
  }

  @Override
  public void fill(Region region, Block out) {
    int rank = region.rank();
    long[] pos = region.offsets();
    int n = region.size();
    for (int e = 0; e < n; e++) {
      int nav = 0;
      for (int a = 0; a < navRank; a++) nav = (int) (nav * shape[a] + pos[a]);
      int sig = 0;
      for (int a = navRank; a < rank; a++) sig = (int) (sig * shape[a] + pos[a]);
      double v = 0;
      int li = nav * k;
      int fj = sig * k;
      for (int c = 0; c < components; c++) v += loadings[li + c] * factors[fj + c];
      if (featureMean != null || rowMean != null) {
        double mean = (featureMean == null ? 0 : featureMean[sig]) + (rowMean == null ? 0 : rowMean[nav]);
        if (rowWeight != null) {
          double w = rowWeight[nav] * columnWeight[sig];
          mean *= w == 0 ? 1 : w;
        }
        v += mean;
      }
      out.setDouble(e, v);
      for (int a = rank - 1; a >= 0; a--) {
        if (++pos[a] < region.end(a)) break;
        pos[a] = region.offset(a);
      }
    }
  }
}
