package org.hyperflux.core.detector;

import java.io.Serializable;
import java.util.Arrays;
import org.hyperflux.core.array.DType;

/**
 * The fused per-frame kernel of a {@link FrameAnalysis} compiled for one frame shape and dtype:
 * one pass over a frame's rows computes, for each row while it is in L1, the sum-frame update,
 * the row's total, its column sums (for the centre of mass) and every virtual detector's
 * contribution. Integer frames (bool, int8..64, uint8..64) are widened row by row to {@code long}
 * and summed exactly (totals, sum frame, binary masks, the centre of mass moments; uint64 values
 * of 2^63 and above wrap, as the sums of numpy do); float frames are summed in {@code double}.
 *
 * <p>Invariant: a frame's values depend only on its pixels and this kernel — never on batch,
 * tile or thread — so a live run and an offline run produce bit-identical per-position values.
 * Per frame nothing is allocated; the scratch is per thread (one per rail or state).
 *
 * <p>Centre of mass (LiberTEM's {@code CoMUDF} without its mask): {@code comX = Σ x·I / Σ I},
 * {@code comY = Σ y·I / Σ I} in pixels (column and row), minus the given centre if any; NaN when
 * the frame sums to 0. The moments are taken from the column sums and the row totals: {@code Σ x·I
 * = Σ_x x·colSum[x]}, {@code Σ y·I = Σ_y y·rowSum[y]}.
 */
final class FrameKernel implements Serializable {
  private static final long serialVersionUID = 1L;

  final int height;
  final int width;
  final DType dtype;
  final boolean floating;
  /** Pixels of at most 16 bits in frames below 32768 pixels a side: rows, row sums and column sums fit an int. */
  final boolean narrow;
  final boolean sumFrame;
  final DetectorMask.Compiled[] masks;
  /** Version of each mask (live mask replacement); 0 offline. */
  final int[] versions;
  final boolean com;
  final double comCx;
  final double comCy;

  FrameKernel(int height, int width, DType dtype, boolean sumFrame, DetectorMask.Compiled[] masks,
      int[] versions, boolean com, double comCx, double comCy) {
    this.height = height;
    this.width = width;
    this.dtype = dtype;
    this.floating = dtype == DType.FLOAT32 || dtype == DType.FLOAT64;
    this.narrow = !floating && dtype.itemSize() <= 2 && height < 32768 && width < 32768;
    this.sumFrame = sumFrame;
    this.masks = masks;
    this.versions = versions;
    this.com = com;
    this.comCx = comCx;
    this.comCy = comCy;
  }

  /** The same kernel with mask {@code m} replaced. */
  FrameKernel withMask(int m, DetectorMask.Compiled mask, int version) {
    DetectorMask.Compiled[] ms = masks.clone();
    int[] vs = versions.clone();
    ms[m] = mask;
    vs[m] = version;
    return new FrameKernel(height, width, dtype, sumFrame, ms, vs, com, comCx, comCy);
  }

  int framePixels() {
    return height * width;
  }

  /** Per-thread buffers and the values of the last frame. */
  final class Scratch {
    final long[] rowL;
    final int[] rowI;
    final int[] colI;
    final double[] rowD;
    final long[] colL;
    final double[] colD;
    final long[] detL = new long[masks.length];
    final double[] det = new double[masks.length];
    long totalL;
    double totalD;
    double comX;
    double comY;

    Scratch() {
      rowL = floating ? null : new long[width];
      rowI = narrow ? new int[width] : null;
      colI = narrow ? new int[width] : null;
      colL = floating ? null : new long[width];
      rowD = floating ? new double[width] : null;
      colD = floating ? new double[width] : null;
    }
  }

  Scratch scratch() {
    return new Scratch();
  }

  /** A zeroed sum frame of the kernel's precision: {@code long[]} or {@code double[]}. */
  Object newSum() {
    return floating ? new double[framePixels()] : new long[framePixels()];
  }

  /**
   * Runs the kernel on the frame at {@code array[offset ..]} (the dtype's storage class), adding
   * it to {@code sum} (from {@link #newSum()}, or null) and leaving its values in {@code s}.
   */
  void frame(Object array, int offset, Object sum, Scratch s) {
    if (floating) frameDouble(array, offset, (double[]) sum, s);
    else if (narrow) frameInt(array, offset, (long[]) sum, s);
    else frameLong(array, offset, (long[]) sum, s);
  }

  private void frameLong(Object array, int offset, long[] sum, Scratch s) {
    final int w = width;
    final long[] row = s.rowL;
    final long[] col = s.colL;
    Arrays.fill(col, 0);
    Arrays.fill(s.detL, 0);
    Arrays.fill(s.det, 0);
    long total = 0;
    long sy = 0;
    for (int r = 0; r < height; r++) {
      toLong(array, offset + r * w, row, w);
      long rs = 0;
      if (sum != null) {
        int base = r * w;
        for (int c = 0; c < w; c++) {
          long v = row[c];
          sum[base + c] += v;
          col[c] += v;
          rs += v;
        }
      } else {
        for (int c = 0; c < w; c++) {
          long v = row[c];
          col[c] += v;
          rs += v;
        }
      }
      total += rs;
      sy += r * rs;
      for (int m = 0; m < masks.length; m++) {
        DetectorMask.Compiled mk = masks[m];
        int j0 = mk.rowStart[r];
        int j1 = mk.rowStart[r + 1];
        if (mk.binary) {
          long acc = 0;
          for (int j = j0; j < j1; j++) {
            for (int c = mk.from[j], e = mk.to[j]; c < e; c++) acc += row[c];
          }
          s.detL[m] += acc;
        } else {
          double acc = s.det[m];
          for (int j = j0; j < j1; j++) acc += mk.value[j] * row[mk.from[j]];
          s.det[m] = acc;
        }
      }
    }
    for (int m = 0; m < masks.length; m++) {
      if (masks[m].binary) s.det[m] = s.detL[m];
    }
    s.totalL = total;
    s.totalD = total;
    if (com) {
      long sx = 0;
      for (int c = 0; c < w; c++) sx += c * col[c];
      s.comX = total == 0 ? Double.NaN : (double) sx / (double) total - comCx;
      s.comY = total == 0 ? Double.NaN : (double) sy / (double) total - comCy;
    }
  }

  /**
   * {@link #frameLong} for pixels of at most 16 bits: the same exact integer sums, with rows,
   * row sums, run sums and column sums in {@code int} (|pixel| <= 65535 and fewer than 32768
   * pixels a side keep them below 2^31), which the JIT vectorises twice as wide.
   */
  private void frameInt(Object array, int offset, long[] sum, Scratch s) {
    final int w = width;
    final int[] row = s.rowI;
    final int[] col = s.colI;
    Arrays.fill(col, 0);
    Arrays.fill(s.detL, 0);
    Arrays.fill(s.det, 0);
    long total = 0;
    long sy = 0;
    for (int r = 0; r < height; r++) {
      toInt(array, offset + r * w, row, w);
      int rs = 0;
      for (int c = 0; c < w; c++) {
        int v = row[c];
        col[c] += v;
        rs += v;
      }
      if (sum != null) {
        int base = r * w;
        for (int c = 0; c < w; c++) sum[base + c] += row[c];
      }
      total += rs;
      sy += (long) r * rs;
      for (int m = 0; m < masks.length; m++) {
        DetectorMask.Compiled mk = masks[m];
        int j0 = mk.rowStart[r];
        int j1 = mk.rowStart[r + 1];
        if (mk.binary) {
          int acc = 0;
          for (int j = j0; j < j1; j++) {
            for (int c = mk.from[j], e = mk.to[j]; c < e; c++) acc += row[c];
          }
          s.detL[m] += acc;
        } else {
          double acc = s.det[m];
          for (int j = j0; j < j1; j++) acc += mk.value[j] * row[mk.from[j]];
          s.det[m] = acc;
        }
      }
    }
    for (int m = 0; m < masks.length; m++) {
      if (masks[m].binary) s.det[m] = s.detL[m];
    }
    s.totalL = total;
    s.totalD = total;
    if (com) {
      long sx = 0;
      for (int c = 0; c < w; c++) sx += (long) c * col[c];
      s.comX = total == 0 ? Double.NaN : (double) sx / (double) total - comCx;
      s.comY = total == 0 ? Double.NaN : (double) sy / (double) total - comCy;
    }
  }

  /** Widens {@code n} pixels of at most 16 bits from {@code array[from ..]} into {@code row}. */
  private void toInt(Object array, int from, int[] row, int n) {
    switch (dtype) {
      case UINT8 -> {
        byte[] a = (byte[]) array;
        for (int c = 0; c < n; c++) row[c] = a[from + c] & 0xFF;
      }
      case INT8 -> {
        byte[] a = (byte[]) array;
        for (int c = 0; c < n; c++) row[c] = a[from + c];
      }
      case UINT16 -> {
        short[] a = (short[]) array;
        for (int c = 0; c < n; c++) row[c] = a[from + c] & 0xFFFF;
      }
      case INT16 -> {
        short[] a = (short[]) array;
        for (int c = 0; c < n; c++) row[c] = a[from + c];
      }
      case BOOL -> {
        boolean[] a = (boolean[]) array;
        for (int c = 0; c < n; c++) row[c] = a[from + c] ? 1 : 0;
      }
      default -> throw new AssertionError(dtype);
    }
  }

  private void frameDouble(Object array, int offset, double[] sum, Scratch s) {
    final int w = width;
    final double[] row = s.rowD;
    final double[] col = s.colD;
    Arrays.fill(col, 0);
    Arrays.fill(s.det, 0);
    double total = 0;
    double sy = 0;
    for (int r = 0; r < height; r++) {
      toDouble(array, offset + r * w, row, w);
      double rs = 0;
      int base = r * w;
      for (int c = 0; c < w; c++) {
        double v = row[c];
        if (sum != null) sum[base + c] += v;
        col[c] += v;
        rs += v;
      }
      total += rs;
      sy += r * rs;
      for (int m = 0; m < masks.length; m++) {
        DetectorMask.Compiled mk = masks[m];
        int j0 = mk.rowStart[r];
        int j1 = mk.rowStart[r + 1];
        double acc = s.det[m];
        if (mk.binary) {
          for (int j = j0; j < j1; j++) {
            for (int c = mk.from[j], e = mk.to[j]; c < e; c++) acc += row[c];
          }
        } else {
          for (int j = j0; j < j1; j++) acc += mk.value[j] * row[mk.from[j]];
        }
        s.det[m] = acc;
      }
    }
    s.totalD = total;
    if (com) {
      double sx = 0;
      for (int c = 0; c < w; c++) sx += c * col[c];
      s.comX = total == 0 ? Double.NaN : sx / total - comCx;
      s.comY = total == 0 ? Double.NaN : sy / total - comCy;
    }
  }

  /** Widens {@code n} integer pixels from {@code array[from ..]} into {@code row}. */
  private void toLong(Object array, int from, long[] row, int n) {
    switch (dtype) {
      case UINT8 -> {
        byte[] a = (byte[]) array;
        for (int c = 0; c < n; c++) row[c] = a[from + c] & 0xFF;
      }
      case INT8 -> {
        byte[] a = (byte[]) array;
        for (int c = 0; c < n; c++) row[c] = a[from + c];
      }
      case UINT16 -> {
        short[] a = (short[]) array;
        for (int c = 0; c < n; c++) row[c] = a[from + c] & 0xFFFF;
      }
      case INT16 -> {
        short[] a = (short[]) array;
        for (int c = 0; c < n; c++) row[c] = a[from + c];
      }
      case UINT32 -> {
        int[] a = (int[]) array;
        for (int c = 0; c < n; c++) row[c] = a[from + c] & 0xFFFFFFFFL;
      }
      case INT32 -> {
        int[] a = (int[]) array;
        for (int c = 0; c < n; c++) row[c] = a[from + c];
      }
      case INT64, UINT64 -> System.arraycopy(array, from, row, 0, n);
      case BOOL -> {
        boolean[] a = (boolean[]) array;
        for (int c = 0; c < n; c++) row[c] = a[from + c] ? 1 : 0;
      }
      default -> throw new AssertionError(dtype);
    }
  }

  private void toDouble(Object array, int from, double[] row, int n) {
    if (dtype == DType.FLOAT32) {
      float[] a = (float[]) array;
      for (int c = 0; c < n; c++) row[c] = a[from + c];
    } else {
      System.arraycopy(array, from, row, 0, n);
    }
  }
}
