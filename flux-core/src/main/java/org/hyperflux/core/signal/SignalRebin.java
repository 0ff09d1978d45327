package org.hyperflux.core.signal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.ops.LazyArray;

/**
 * HyperSpy 1.7.3's {@code Signal.rebin(new_shape=..., scale=..., crop=True, dtype=...)} for integer
 * factors, lazily through {@link LazyArray#rebin(DType, long...)}: the data is summed over
 * non-overlapping blocks of {@code scale} pixels per axis.
 *
 * <p><b>Arguments</b> are in HyperSpy's natural order: navigation axes x first, then signal axes
 * x first; they are checked, naming the axis, before anything is built. {@code new_shape} gives
 * the factors {@code size / new_size}, which must be integers. A remainder that does not fill a
 * block is dropped ({@code crop=True}).
 *
 * <p><b>dtype</b>: numpy's {@code sum} dtype by default ({@code uint8 -> uint64}), the given one
 * otherwise ({@code dtype="same"} is the signal's own dtype), as HyperSpy. When every factor is 1,
 * HyperSpy returns a copy of the data in its own dtype: so does this, returning the signal itself.
 *
 * <p><b>Axes</b>: as HyperSpy, a binned axis gets {@code size // f}, {@code scale * f} and
 * {@code offset + (f - 1) * scale / 2} (the centre of the first block); metadata and
 * {@code original_metadata} are kept (a numeric noise variance is kept unchanged, as HyperSpy
 * only rebins a variance that is itself a signal).
 *
 * <p><b>Differences from HyperSpy</b>, all deliberate: (1) non-integer factors, and integer
 * factors that do not divide the size, make HyperSpy's eager path switch to linear-interpolation
 * binning ({@code _linear_bin}: float64 for integer data, {@code dtype="same"} refused for
 * integers) and its lazy path refuse; here non-integer factors (and upsampling) fail with a
 * message naming the axis, while integer factors crop in every case and keep numpy's sum dtype,
 * so the values are HyperSpy's and only the dtype of an integer signal differs (uint64 rather
 * than float64). (2) HyperSpy refuses a signal with any non-uniform axis; here a non-uniform axis
 * with factor 1 is kept as it is (HyperSpy's own TODO), only binning one is refused. (3) With every
 * factor 1 and an explicit dtype, HyperSpy ignores the dtype; here the data is cast to it. (4)
 * HyperSpy's lazy rebin rechunks the data (and fails when the chunks do not align with the
 * factors); here the chunking is derived from the input's and nothing is rechunked.
 */
final class SignalRebin {
  private SignalRebin() {}

  /** {@code s.rebin(scale=scale, dtype=dtype)}; {@code scale} in natural order, dtype null for numpy's. */
  static Signal byScale(Signal s, long[] scale, DType dtype) {
    Objects.requireNonNull(scale, "scale");
    Axes axes = s.axes();
    int rank = axes.rank();
    if (scale.length != rank) {
      throw new IllegalArgumentException(
          "rebin needs one scale factor per axis in natural order (navigation axes x first, then"
              + " signal axes): got " + scale.length + " " + Arrays.toString(scale) + " for the "
              + rank + " axes " + axes.dimensionsString() + " of " + s);
    }
    long[] factors = new long[rank];
    for (int i = 0; i < rank; i++) {
      int natural = axes.naturalIndex(i);
      long f = scale[natural];
      Axis a = axes.axis(i);
      String where = "rebin scale " + Arrays.toString(scale) + ": factor " + f + " for "
          + axes.axisRepr(i) + " (natural index " + natural + ")";
      if (f < 1) {
        throw new IllegalArgumentException(where + " must be an integer >= 1; hyperflux sums"
            + " blocks of whole pixels, so upsampling (HyperSpy's scale below 1) is not supported");
      }
      if (a.size() > 0 && f > a.size()) {
        throw new IllegalArgumentException(where + " is larger than the axis size " + a.size()
            + ": the axis would collapse to zero length");
      }
      factors[i] = f;
    }
    return rebinned(s, factors, dtype);
  }

  /** {@code s.rebin(new_shape=newShape, dtype=dtype)}; {@code newShape} in natural order. */
  static Signal byShape(Signal s, long[] newShape, DType dtype) {
    Objects.requireNonNull(newShape, "newShape");
    Axes axes = s.axes();
    int rank = axes.rank();
    if (newShape.length != rank) {
      throw new IllegalArgumentException(
          "rebin needs one new size per axis in natural order (navigation axes x first, then"
              + " signal axes): got " + newShape.length + " " + Arrays.toString(newShape)
              + " for the " + rank + " axes " + axes.dimensionsString() + " of " + s);
    }
    long[] factors = new long[rank];
    for (int i = 0; i < rank; i++) {
      int natural = axes.naturalIndex(i);
      long m = newShape[natural];
      int n = axes.axis(i).size();
      String where = "rebin to the shape " + Arrays.toString(newShape) + " of " + s + " asks for "
          + m + " points along " + axes.axisRepr(i) + " (natural index " + natural + ")";
      if (n == 0) {
        if (m != 0) {
          throw new IllegalArgumentException(where + ", which has size 0: an empty axis stays empty");
        }
        factors[i] = 1;
        continue;
      }
      if (m < 1) {
        throw new IllegalArgumentException(where + ": the new size must be >= 1");
      }
      if (m > n) {
        throw new IllegalArgumentException(where + ", more than its size " + n
            + "; hyperflux sums blocks of whole pixels, so upsampling is not supported");
      }
      if (n % m != 0) {
        throw new IllegalArgumentException(where + " of size " + n + ": the factor " + n + " / "
            + m + " = " + PythonRepr.floatRepr((double) n / m) + " is not an integer. HyperSpy"
            + " bins by linear interpolation there; hyperflux bins whole pixels only, so choose a"
            + " size that divides " + n + " (" + divisors(n) + ")");
      }
      factors[i] = n / m;
    }
    return rebinned(s, factors, dtype);
  }

  /** The divisors of {@code n}, e.g. {@code 1, 2, 3, 6}; at most 24 listed. */
  static String divisors(int n) {
    List<Integer> low = new ArrayList<>();
    List<Integer> high = new ArrayList<>();
    for (int d = 1; (long) d * d <= n; d++) {
      if (n % d == 0) {
        low.add(d);
        if (d != n / d) high.add(0, n / d);
      }
    }
    low.addAll(high);
    StringJoiner j = new StringJoiner(", ");
    for (int k = 0; k < low.size() && k < 24; k++) j.add(String.valueOf(low.get(k)));
    if (low.size() > 24) j.add("... " + (low.size() - 24) + " more");
    return j.toString();
  }

  /** The signal binned by {@code factors} (array order, already checked against the axes). */
  private static Signal rebinned(Signal s, long[] factors, DType dtype) {
    Axes axes = s.axes();
    boolean identity = true;
    for (int i = 0; i < factors.length; i++) {
      identity &= factors[i] == 1;
      Axis a = axes.axis(i);
      if (factors[i] != 1 && !a.isUniform()) {
        throw new IllegalArgumentException(
            "cannot rebin the non-uniform axis " + axes.axisRepr(i) + " of " + s + " by "
                + factors[i] + ": only uniform axes can be binned (HyperSpy raises"
                + " NotImplementedError for non-uniform axes)");
      }
    }
    if (identity) {
      // HyperSpy returns a copy of the data in its own dtype.
      return dtype == null || dtype == s.dtype() ? s : s.changeDtype(dtype);
    }
    List<Axis> list = new ArrayList<>(axes.rank());
    for (int i = 0; i < factors.length; i++) {
      Axis a = axes.axis(i);
      long f = factors[i];
      if (f == 1) {
        list.add(a);
        continue;
      }
      list.add(a.withSize((int) (a.size() / f))
          .withScale(a.scale() * f)
          .withOffset(a.offset() + (f - 1) * a.scale() / 2));
    }
    return s.derived(s.data().rebin(dtype, factors), Axes.of(list));
  }
}
