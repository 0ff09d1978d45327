package org.hyperflux.examples;

import java.util.List;
import java.util.Map;

/**
 * A small JSON writer for the commands' reports (the examples module has no JSON library).
 * Writes maps (in their iteration order; keys are strings), lists, {@code int[]}/{@code long[]}/
 * {@code double[]}, strings, numbers, booleans and null, indented by two spaces; arrays of
 * numbers stay on one line. Non-finite doubles, which JSON cannot hold, are written as null.
 */
final class Json {
  private Json() {}

  static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, 0);
    return sb.append('\n').toString();
  }

  private static void write(StringBuilder sb, Object v, int depth) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      string(sb, s);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      sb.append(Double.isFinite(d) ? Double.toString(d) : "null");
    } else if (v instanceof Number || v instanceof Boolean) {
      sb.append(v);
    } else if (v instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        sb.append(first ? "\n" : ",\n");
        first = false;
        indent(sb, depth + 1);
        string(sb, String.valueOf(e.getKey()));
        sb.append(": ");
        write(sb, e.getValue(), depth + 1);
      }
      sb.append('\n');
      indent(sb, depth);
      sb.append('}');
    } else if (v instanceof List<?> l) {
      boolean flat =
          l.stream().allMatch(x -> x == null || x instanceof Number || x instanceof Boolean);
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (flat) {
          if (i > 0) sb.append(", ");
        } else {
          sb.append(i > 0 ? ",\n" : "\n");
          indent(sb, depth + 1);
        }
        write(sb, l.get(i), depth + 1);
      }
      if (!flat && !l.isEmpty()) {
        sb.append('\n');
        indent(sb, depth);
      }
      sb.append(']');
    } else if (v instanceof int[] a) {
      write(sb, java.util.Arrays.stream(a).boxed().toList(), depth);
    } else if (v instanceof long[] a) {
      write(sb, java.util.Arrays.stream(a).boxed().toList(), depth);
    } else if (v instanceof double[] a) {
      write(sb, java.util.Arrays.stream(a).boxed().toList(), depth);
    } else {
      throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
    }
  }

  private static void indent(StringBuilder sb, int depth) {
    for (int i = 0; i < depth; i++) sb.append("  ");
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
          else sb.append(c);
        }
      }
    }
    sb.append('"');
  }
}
