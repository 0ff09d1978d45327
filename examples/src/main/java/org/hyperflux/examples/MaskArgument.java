package org.hyperflux.examples;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.signal.Axis;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SignalFiles;

/**
 * A navigation or signal mask given on the command line ({@code hyperflux decompose
 * --navigation-mask FILE}, {@code --signal-mask FILE}, {@code --signal-range START:END}), with
 * HyperSpy's meaning: {@code true} marks a position or channel that is <em>excluded</em>. The
 * mask is flat in C order of the navigation (or signal) shape in array order, as {@link
 * org.hyperflux.ml.DecompositionOptions#withNavigationMask(boolean[])} takes it.
 *
 * <p>A mask file is any file {@link SignalFiles} reads whose data has exactly the expected shape
 * (array order) and is boolean, or of another dtype holding only 0 and 1 (HyperSpy's {@code
 * s._get_navigation_signal(dtype=bool)} saved, or a 0/1 integer image); it is read whole. A range
 * keeps the channels HyperSpy's {@code s.isig[START:END]} keeps with float bounds ({@link
 * Axis#indexRange}: calibrated values, rounded as {@code value2index}, the end excluded) and
 * masks the others, as {@code mask = ~s._get_signal_signal(dtype=bool); mask.isig[START:END] =
 * False}. Mistakes (unreadable file, wrong shape, values other than 0 and 1, a range that keeps
 * nothing) throw {@link IllegalArgumentException} naming the option, the file and the shapes.
 *
 * @param option the option that gave the mask, e.g. {@code --navigation-mask}
 * @param source the file (absolute) or the range as given
 * @param isFile whether {@code source} is a file (else a range)
 * @param excluded true where excluded
 */
record MaskArgument(String option, String source, boolean isFile, boolean[] excluded) {
  /**
   * Reads the mask in {@code file} and checks it against {@code expected} (array order), the
   * {@code what} ("navigation" or "signal") shape of {@code input}.
   */
  static MaskArgument fromFile(String option, Path file, String what, long[] expected, String input) {
    Signal mask;
    try {
      mask = SignalFiles.load(file);
    } catch (IOException | IllegalArgumentException e) {
      String why = e instanceof NoSuchFileException ? "no such file or directory" : e.getMessage();
      throw new IllegalArgumentException(option + " " + file + ": cannot read the mask: " + why);
    }
    long[] shape = mask.data().shape().dims();
    if (!Arrays.equals(shape, expected)) {
      throw new IllegalArgumentException(option + " " + file + " has shape " + tuple(shape) + " but the " + what
          + " shape of " + input + " is " + tuple(expected) + " (array order; a boolean mask, true = excluded)");
    }
    DType dtype = mask.dtype();
    double[] values;
    try {
      values = mask.compute().memory().orElseThrow().toDoubleArray();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(option + " " + file + ": cannot read the mask's data: " + e.getMessage(), e);
    }
    boolean[] excluded = new boolean[values.length];
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      if (v != 0 && v != 1) {
        throw new IllegalArgumentException(option + " " + file + " holds " + dtype.numpyName() + " data with values"
            + " other than 0 and 1 (" + v + " at flat index " + i + " of shape " + tuple(shape) + "); give a boolean"
            + " mask (true = excluded, as HyperSpy) or 0/1 integers");
      }
      excluded[i] = v == 1;
    }
    return new MaskArgument(option, file.toAbsolutePath().toString(), true, excluded);
  }

  /**
   * The signal mask of {@code --signal-range START:END} on the 1-D signal {@code axis}: the
   * channels {@code s.isig[START:END]} keeps are included, every other one excluded. Either
   * bound may be left out ({@code START:} or {@code :END}).
   */
  static MaskArgument fromRange(String option, String range, Axis axis) {
    int colon = range.indexOf(':');
    if (colon < 0 || colon != range.lastIndexOf(':')) {
      throw new IllegalArgumentException(option + " " + range + ": give START:END in the calibrated units of the"
          + " signal axis (" + axis.displayUnits() + "), e.g. " + example(axis));
    }
    Double start = bound(option, range, range.substring(0, colon), axis);
    Double end = bound(option, range, range.substring(colon + 1), axis);
    int[] kept;
    try {
      kept = axis.indexRange(start, end);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + " " + range + ": " + e.getMessage());
    }
    if (kept[0] == kept[1]) {
      throw new IllegalArgumentException(option + " " + range + " keeps no channel of the signal axis " + axis
          + " (values " + axis.low() + " to " + axis.high() + " " + axis.displayUnits() + ")");
    }
    boolean[] excluded = new boolean[axis.size()];
    for (int i = 0; i < excluded.length; i++) excluded[i] = i < kept[0] || i >= kept[1];
    return new MaskArgument(option, range, false, excluded);
  }

  private static Double bound(String option, String range, String text, Axis axis) {
    String t = text.strip();
    if (t.isEmpty()) return null;
    try {
      double v = Double.parseDouble(t);
      if (Double.isFinite(v)) return v;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " " + range + ": '" + t + "' is not a number; give START:END in the"
        + " calibrated units of the signal axis (" + axis.displayUnits() + "), e.g. " + example(axis));
  }

  private static String example(Axis axis) {
    return axis.low() + ":" + axis.high();
  }

  /** How many positions or channels are excluded. */
  int excludedCount() {
    int n = 0;
    for (boolean b : excluded) if (b) n++;
    return n;
  }

  /**
   * The mask as reported by {@code --json}: {@code {"file": ...}} or {@code {"range": ...}}, then
   * {@code "excluded_<unit>"} and {@code "<unit>"} (the total), {@code unit} being {@code
   * positions} or {@code channels}.
   */
  Map<String, Object> toJson(String unit) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(isFile ? "file" : "range", source);
    m.put("excluded_" + unit, excludedCount());
    m.put(unit, excluded.length);
    return m;
  }

  /** HyperSpy's way of writing a shape: {@code (7, 6)}, {@code (40,)}. */
  static String tuple(long[] shape) {
    if (shape.length == 1) return "(" + shape[0] + ",)";
    return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
  }
}
