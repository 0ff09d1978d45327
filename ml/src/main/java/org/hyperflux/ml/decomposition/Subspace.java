package org.hyperflux.ml.decomposition;

/**
 * What a decomposition algorithm learns before the loadings pass: {@code k} components over the
 * {@code m} features (row-major {@code k × m}, unit length, in the weighted feature space when
 * the Poissonian normalisation is on), their explained variance and its ratio as the algorithm
 * defines them, and the feature mean that was subtracted ({@code null} when none).
 */
public record Subspace(double[] components, int k, int m, double[] explainedVariance,
    double[] explainedVarianceRatio, double[] featureMean) {}
