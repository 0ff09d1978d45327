package org.hyperflux.core.array;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks {@link DType} against {@code golden/dtype/dtype_rules.csv}, written by numpy 1.24 through
 * {@code make_dtype_golden.py} next to it.
 */
class DTypeTest {

  private static final String GOLDEN = "/golden/dtype/dtype_rules.csv";

  /** One row of the golden file: {@code op,left,right,result}. */
  record Rule(String op, String left, String right, String result) {
    String display() {
      return right.isEmpty()
          ? op + "(" + left + ") -> " + result
          : op + "(" + left + ", " + right + ") -> " + result;
    }
  }

  static List<Rule> rules() {
    InputStream in = DTypeTest.class.getResourceAsStream(GOLDEN);
    assertThat(in).as("classpath resource %s", GOLDEN).isNotNull();
    List<Rule> rules = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      boolean header = true;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split(",", -1);
        if (header) {
          assertThat(f).containsExactly("op", "left", "right", "result");
          header = false;
          continue;
        }
        assertThat(f).as("row %s", line).hasSize(4);
        rules.add(new Rule(f[0], f[1], f[2], f[3]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rules;
  }

  static Stream<Arguments> goldenRules() {
    return rules().stream().map(r -> Arguments.of(Named.of(r.display(), r)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenRules")
  void matchesNumpy(Rule rule) {
    DType left = DType.fromNumpyName(rule.left());
    DType actual = switch (rule.op()) {
      case "promote" -> DType.promote(left, DType.fromNumpyName(rule.right()));
      case "true_divide" -> left.trueDivide(DType.fromNumpyName(rule.right()));
      case "result_int" -> resultTypeForPythonInt(left, new BigInteger(rule.right()));
      case "result_float" -> DType.resultType(left, pythonFloat(rule.right()));
      case "result_bool" -> DType.resultType(left, pythonBool(rule.right()));
      case "sum" -> left.sumType();
      case "mean", "var", "std" -> left.meanType();
      default -> throw new AssertionError("unknown op in golden file: " + rule.op());
    };
    assertThat(actual.numpyName()).as(rule.display()).isEqualTo(rule.result());
  }

  @Test
  void goldenFileCoversEveryOpAndPair() {
    List<Rule> rules = rules();
    assertThat(rules.stream().map(Rule::op).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("promote", "true_divide", "result_int", "result_float",
            "result_bool", "sum", "mean", "var", "std");
    int n = DType.values().length;
    assertThat(rules.stream().filter(r -> r.op().equals("promote")).count()).isEqualTo((long) n * n);
    assertThat(rules.stream().filter(r -> r.op().equals("true_divide")).count()).isEqualTo((long) n * n);
    Set<String> scalarsOnInt8 = rules.stream()
        .filter(r -> r.op().startsWith("result_") && r.left().equals("int8"))
        .map(Rule::right).collect(Collectors.toSet());
    assertThat(scalarsOnInt8).contains("0", "-129", "18446744073709551615", "nan", "-inf", "True", "False");
  }

  private static DType resultTypeForPythonInt(DType array, BigInteger value) {
    if (value.bitLength() < 64) {
      return DType.resultType(array, value.longValueExact());
    }
    assertThat(value.signum()).isPositive();
    assertThat(value.bitLength()).isEqualTo(64);
    return DType.resultTypeUnsigned64(array, value.longValue());
  }

  private static double pythonFloat(String repr) {
    return switch (repr) {
      case "nan" -> Double.NaN;
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(repr);
    };
  }

  private static boolean pythonBool(String repr) {
    return switch (repr) {
      case "True" -> true;
      case "False" -> false;
      default -> throw new AssertionError("not a python bool: " + repr);
    };
  }

  @Test
  void itemSizesKindsAndNames() {
    assertThat(DType.values()).extracting(DType::itemSize).containsExactly(1, 1, 2, 4, 8, 1, 2, 4, 8, 4, 8);
    assertThat(DType.values()).extracting(DType::kind)
        .containsExactly('b', 'i', 'i', 'i', 'i', 'u', 'u', 'u', 'u', 'f', 'f');
    assertThat(DType.values()).extracting(DType::numpyName).containsExactly("bool", "int8", "int16",
        "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float32", "float64");
  }

  @Test
  void predicates() {
    for (DType t : DType.values()) {
      assertThat(t.isBool()).as("%s.isBool", t).isEqualTo(t == DType.BOOL);
      assertThat(t.isUnsigned()).as("%s.isUnsigned", t).isEqualTo(t.kind() == 'u');
      assertThat(t.isInteger()).as("%s.isInteger", t).isEqualTo(t.kind() == 'i' || t.kind() == 'u');
      assertThat(t.isFloat()).as("%s.isFloat", t).isEqualTo(t.kind() == 'f');
    }
  }

  @Test
  void fromNumpyNameAcceptsNamesAndTypestrs() {
    for (DType t : DType.values()) {
      assertThat(DType.fromNumpyName(t.numpyName())).isSameAs(t);
      String code = String.valueOf(t.kind()) + t.itemSize();
      assertThat(DType.fromNumpyName(code)).isSameAs(t);
      for (String order : List.of("<", ">", "|", "=")) {
        assertThat(DType.fromNumpyName(order + code)).isSameAs(t);
      }
    }
    assertThat(DType.fromNumpyName("<u2")).isSameAs(DType.UINT16);
    assertThat(DType.fromNumpyName(">f4")).isSameAs(DType.FLOAT32);
    assertThat(DType.fromNumpyName("|b1")).isSameAs(DType.BOOL);
    assertThat(DType.fromNumpyName("|u1")).isSameAs(DType.UINT8);
    assertThat(DType.fromNumpyName("<i8")).isSameAs(DType.INT64);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "float16", "<f2", "complex64", "<c8", "INT8", "uint", "i3", "<<i4", "object"})
  void fromNumpyNameRejectsUnknownNames(String name) {
    assertThatThrownBy(() -> DType.fromNumpyName(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + name + "'")
        .hasMessageContaining("bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64");
  }

  @Test
  void fromNumpyNameRejectsNull() {
    assertThatThrownBy(() -> DType.fromNumpyName(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void ranges() {
    assertThat(DType.BOOL.minValue()).isEqualTo(0);
    assertThat(DType.BOOL.maxValue()).isEqualTo(1);
    assertThat(DType.INT8.minValue()).isEqualTo(-128);
    assertThat(DType.INT8.maxValue()).isEqualTo(127);
    assertThat(DType.UINT8.maxValue()).isEqualTo(255);
    assertThat(DType.INT16.minValue()).isEqualTo(-32768);
    assertThat(DType.UINT16.maxValue()).isEqualTo(65535);
    assertThat(DType.INT32.minValue()).isEqualTo(-2147483648.0);
    assertThat(DType.UINT32.maxValue()).isEqualTo(4294967295.0);
    assertThat(DType.INT64.minValue()).isEqualTo(-0x1p63);
    assertThat(DType.INT64.maxValue()).isEqualTo((double) Long.MAX_VALUE);
    assertThat(DType.UINT64.maxValue()).isEqualTo(0x1p64);
    assertThat(DType.FLOAT32.maxValue()).isEqualTo(Float.MAX_VALUE);
    assertThat(DType.FLOAT32.minValue()).isEqualTo(-Float.MAX_VALUE);
    assertThat(DType.FLOAT64.maxValue()).isEqualTo(Double.MAX_VALUE);
    assertThat(DType.FLOAT64.minValue()).isEqualTo(-Double.MAX_VALUE);
    for (DType t : DType.values()) {
      if (t.isUnsigned() || t.isBool()) {
        assertThat(t.minValue()).as("%s.minValue", t).isZero();
      }
    }
  }

  @Test
  void promoteIsSymmetricAndBoolIsNeutral() {
    for (DType a : DType.values()) {
      assertThat(DType.promote(DType.BOOL, a)).isSameAs(a);
      assertThat(DType.promote(a, a)).isSameAs(a);
      for (DType b : DType.values()) {
        assertThat(DType.promote(a, b)).as("promote(%s, %s)", a, b).isSameAs(DType.promote(b, a));
      }
    }
  }

  @Test
  void unsigned64AgreesWithSignedForNonNegativeValues() {
    long[] values = {0, 1, 127, 128, 255, 256, 65535, 65536, Integer.MAX_VALUE, 1L << 32, Long.MAX_VALUE};
    for (DType t : DType.values()) {
      for (long v : values) {
        assertThat(DType.resultTypeUnsigned64(t, v)).as("%s with %s", t, v).isSameAs(DType.resultType(t, v));
      }
    }
  }
}
