package org.hyperflux.core.ops;

/**
 * Reductions over a set of axes, with numpy's result dtypes: {@code sum} of integers gives
 * int64/uint64, {@code mean}/{@code var}/{@code std} of integers give float64 and of float32 give
 * float32, {@code min}/{@code max} keep the dtype. The {@code NAN*} variants ignore NaN (an
 * all-NaN reduction gives NaN, and 0 for {@code NANSUM}). Cross-chunk combination: sums merge by
 * addition, variances with Chan's parallel formula (never naive sums of squares).
 */
public enum Reduction {
  SUM, MEAN, MIN, MAX, VAR, STD, NANSUM, NANMEAN, NANMIN, NANMAX, NANVAR, NANSTD;

  /** True for the NaN-ignoring variants. */
  public boolean ignoresNaN() {
    return name().startsWith("NAN");
  }

  /** numpy's function name, e.g. {@code nanstd}. */
  public String numpyName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
