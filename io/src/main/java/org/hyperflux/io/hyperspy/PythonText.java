package org.hyperflux.io.hyperspy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code str()} of the scalar values a metadata list can hold, for the lists HyperSpy
 * stores as strings: {@code np.array([1, 2.5, 'a'])} turns every element into its {@code str}
 * ({@code '1'}, {@code '2.5'}, {@code 'a'}), so a mixed list is written as the strings numpy
 * would make. Floats follow Python's {@code repr}: the shortest decimal that reads back as the
 * same double, positional for decimal exponents in [-4, 16), else {@code d.ddde+XX}.
 */
final class PythonText {
  private PythonText() {}

  /** {@code str(value)} for null, String, Boolean, Long or Double. */
  static String str(Object value) {
    if (value == null) return "None";
    if (value instanceof Boolean b) return b ? "True" : "False";
    if (value instanceof Double d) return floatRepr(d);
    return value.toString();
  }

  /** Python's {@code repr(float)}. */
  static String floatRepr(double d) {
    if (Double.isNaN(d)) return "nan";
    if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
    if (d == 0) return 1 / d < 0 ? "-0.0" : "0.0";
    BigDecimal exact = new BigDecimal(d);
    BigDecimal shortest = exact;
    for (int p = 1; p <= 17; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (r.doubleValue() == d) {
        shortest = r;
        break;
      }
    }
    shortest = shortest.stripTrailingZeros();
    String digits = shortest.unscaledValue().abs().toString();
    int exp10 = digits.length() - 1 - shortest.scale();
    StringBuilder sb = new StringBuilder(d < 0 ? "-" : "");
    if (exp10 >= -4 && exp10 < 16) {
      if (exp10 >= 0) {
        if (digits.length() <= exp10 + 1) {
          sb.append(digits).append("0".repeat(exp10 + 1 - digits.length())).append(".0");
        } else {
          sb.append(digits, 0, exp10 + 1).append('.').append(digits, exp10 + 1, digits.length());
        }
      } else {
        sb.append("0.").append("0".repeat(-exp10 - 1)).append(digits);
      }
    } else {
      sb.append(digits.charAt(0));
      if (digits.length() > 1) sb.append('.').append(digits, 1, digits.length());
      int abs = Math.abs(exp10);
      sb.append('e').append(exp10 < 0 ? '-' : '+').append(abs < 10 ? "0" : "").append(abs);
    }
    return sb.toString();
  }
}
