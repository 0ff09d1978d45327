package org.hyperflux.ml.decomposition;

import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.Pass;
import org.hyperflux.core.ops.LazyArray;

/**
 * A validated decomposition, ready for its passes: the data (chunked so that every chunk holds
 * whole signals), how a tile becomes sample rows ({@link SampleRows}: masks, Poissonian weights,
 * row centring), the number of navigation positions and of samples (unmasked positions), and the
 * algorithm's parameters. Built by {@code org.hyperflux.ml.Decomposition}; algorithms read it.
 */
public final class DecompositionProblem {
  private final LazyArray data;
  private final ExecOptions exec;
  private final SampleRows rows;
  private final int navSize;
  private final long samples;
  private final int outputDimension;
  private final Centre centre;
  private final long seed;
  private final int powerIterations;
  private final int oversampling;
  private final OnlineParameters online;

  public DecompositionProblem(LazyArray data, ExecOptions exec, SampleRows rows, int navSize, long samples,
      int outputDimension, Centre centre, long seed, int powerIterations, int oversampling,
      OnlineParameters online) {
    this.data = data;
    this.exec = exec;
    this.rows = rows;
    this.navSize = navSize;
    this.samples = samples;
    this.outputDimension = outputDimension;
    this.centre = centre;
    this.seed = seed;
    this.powerIterations = powerIterations;
    this.oversampling = oversampling;
    this.online = online;
  }

  /** This problem reading its rows through {@code newRows} (after the Poissonian weights are known). */
  public DecompositionProblem withRows(SampleRows newRows) {
    return new DecompositionProblem(data, exec, newRows, navSize, samples, outputDimension, centre, seed,
        powerIterations, oversampling, online);
  }

  /** A pass over the data, numbered {@code number} of {@code total} for progress. */
  public Pass pass(int number, int total) {
    return Pass.over(data.node(), exec).numbered(number, total);
  }

  /**
   * The most sample rows an ordered pass may have to hold back to hand them on in C order of the
   * navigation positions: 0 when chunks span the trailing navigation axes whole, else one band of
   * chunks along the first navigation axis.
   */
  public long sequencingRows() {
    org.hyperflux.core.array.ChunkGrid grid = data.grid();
    int navRank = rows.navRank();
    boolean rowMajor = true;
    long band = navRank == 0 ? 0 : grid.maxExtent(0);
    for (int a = 1; a < navRank; a++) {
      if (grid.chunksAlong(a) > 1) rowMajor = false;
      band *= grid.shape().dims()[a];
    }
    return rowMajor ? 0 : band;
  }

  public SampleRows rows() {
    return rows;
  }

  /** Features: unmasked signal channels. */
  public int features() {
    return rows.features();
  }

  /** Navigation positions, masked ones included. */
  public int navSize() {
    return navSize;
  }

  /** Samples: unmasked navigation positions. */
  public long samples() {
    return samples;
  }

  public int outputDimension() {
    return outputDimension;
  }

  public Centre centre() {
    return centre;
  }

  public long seed() {
    return seed;
  }

  public int powerIterations() {
    return powerIterations;
  }

  public int oversampling() {
    return oversampling;
  }

  /** The parameters of the online algorithms. */
  public OnlineParameters online() {
    return online;
  }
}
