package org.hyperflux.ml.decomposition;

/**
 * HyperSpy's {@code centre} of {@code decomposition(algorithm='SVD', centre=...)}: what mean is
 * subtracted before an SVD (and added back by the decomposition model).
 */
public enum Centre {
  /** No centring: HyperSpy's default, and what its lazy SVD does. */
  NONE,
  /** Subtract each channel's mean over the navigation positions ({@code centre='navigation'}; what PCA does). */
  NAVIGATION,
  /** Subtract each navigation position's mean over its channels ({@code centre='signal'}). */
  SIGNAL
}
