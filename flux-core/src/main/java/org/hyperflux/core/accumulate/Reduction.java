package org.hyperflux.core.accumulate;

import java.util.Locale;
import org.hyperflux.core.array.DType;

/**
 * Reductions over a set of axes, with numpy 1.24's semantics and result types: {@code sum}
 * gives {@link DType#sumType()} (int64/uint64 for integers), {@code mean}/{@code var}/{@code std}
 * give {@link DType#meanType()} (float64 for integers, float32 stays float32), {@code min}/
 * {@code max} keep the dtype. The {@code NAN*} variants ignore NaN (an all-NaN reduction gives
 * NaN, and 0 for {@code NANSUM}); on bool and integer data they are the plain reductions.
 * Cross-chunk combination: sums merge by addition, variances with Chan's parallel formula (never
 * naive sums of squares). Computed by {@link ReductionAccumulator}; used by
 * {@code LazyArray.reduce}.
 */
public enum Reduction {
  SUM, MEAN, MIN, MAX, VAR, STD, NANSUM, NANMEAN, NANMIN, NANMAX, NANVAR, NANSTD;

  /** True for the NaN-ignoring variants. */
  public boolean ignoresNaN() {
    return name().startsWith("NAN");
  }

  /** numpy's function name, e.g. {@code nanstd}. */
  public String numpyName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The variant that does not ignore NaN ({@code NANVAR → VAR}); plain kinds return themselves. */
  public Reduction withoutNaN() {
    return ignoresNaN() ? valueOf(name().substring(3)) : this;
  }

  /** True for min and max (with or without NaN): reductions without identity. */
  public boolean isExtremum() {
    Reduction k = withoutNaN();
    return k == MIN || k == MAX;
  }

  /** True for var and std (with or without NaN): the reductions {@code ddof} applies to. */
  public boolean isMoment() {
    Reduction k = withoutNaN();
    return k == VAR || k == STD;
  }

  /** numpy's result dtype of this reduction over {@code input}. */
  public DType resultType(DType input) {
    switch (withoutNaN()) {
      case SUM: return input.sumType();
      case MIN: case MAX: return input;
      default: return input.meanType();
    }
  }

  /**
   * The ufunc numpy names when an extremum meets an empty reduction ({@code minimum},
   * {@code maximum}, {@code fmin}, {@code fmax}); null for reductions with an identity.
   */
  String ufuncName() {
    switch (this) {
      case MIN: return "minimum";
      case MAX: return "maximum";
      case NANMIN: return "fmin";
      case NANMAX: return "fmax";
      default: return null;
    }
  }
}
