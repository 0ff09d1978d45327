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

  public DecompositionProblem(LazyArray data, ExecOptions exec, SampleRows rows, int navSize, long samples,
      int outputDimension, Centre centre, long seed, int powerIterations, int oversampling) {
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
  }

  /** This problem reading its rows through {@code newRows} (after the Poissonian weights are known). */
  public DecompositionProblem withRows(SampleRows newRows) {
    return new DecompositionProblem(data, exec, newRows, navSize, samples, outputDimension, centre, seed,
        powerIterations, oversampling);
  }

  /** A pass over the data, numbered {@code number} of {@code total} for progress. */
  public Pass pass(int number, int total) {
    return Pass.over(data.node(), exec).numbered(number, total);
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
}
