package org.hyperflux.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON writer and reader for the commands' reports (the examples module has no JSON
 * library). Writes maps (in their iteration order; keys are strings), lists, {@code int[]}/{@code
 * long[]}/{@code double[]}, strings, numbers, booleans and null, indented by two spaces ({@link
 * #write}; arrays of numbers stay on one line) or all on one line ({@link #writeLine}). Non-finite
 * doubles, which JSON cannot hold, are written as null. {@link #parse} reads what other programs
 * print (e.g. Python's {@code json.dumps}): objects to {@link LinkedHashMap}, arrays to {@link
 * List}, numbers to {@link Double}.
 */
final class Json {
  private Json() {}

  static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, 0);
    return sb.append('\n').toString();
  }

  /** {@code value} on one line (no line breaks, one space after {@code :} and {@code ,}), without a trailing newline. */
  static String writeLine(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, -1);
    return sb.toString();
  }

  /**
   * Parses one JSON value (RFC 8259; surrounding white space allowed).
   *
   * @throws IllegalArgumentException for a syntax error or trailing content, quoting where
   */
  static Object parse(String text) {
    return new Reader(text).document();
  }

  /** A depth of -1 writes everything on one line. */
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
      boolean line = depth < 0;
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (line) {
          if (!first) sb.append(", ");
        } else {
          sb.append(first ? "\n" : ",\n");
          indent(sb, depth + 1);
        }
        first = false;
        string(sb, String.valueOf(e.getKey()));
        sb.append(": ");
        write(sb, e.getValue(), line ? -1 : depth + 1);
      }
      if (!line) {
        sb.append('\n');
        indent(sb, depth);
      }
      sb.append('}');
    } else if (v instanceof List<?> l) {
      boolean flat = depth < 0
          || l.stream().allMatch(x -> x == null || x instanceof Number || x instanceof Boolean);
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (flat) {
          if (i > 0) sb.append(", ");
        } else {
          sb.append(i > 0 ? ",\n" : "\n");
          indent(sb, depth + 1);
        }
        write(sb, l.get(i), depth < 0 ? -1 : depth + 1);
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

  /** A recursive-descent reader of one JSON document. */
  private static final class Reader {
    private final String s;
    private int i;

    Reader(String s) {
      this.s = s;
    }

    Object document() {
      ws();
      Object v = value();
      ws();
      if (i != s.length()) throw error("trailing content");
      return v;
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException("not JSON: " + what + " at offset " + i + " of '"
          + s.substring(Math.max(0, i - 30), Math.min(s.length(), i + 30)) + "'");
    }

    private void ws() {
      while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) i++;
    }

    private char peek() {
      if (i >= s.length()) throw error("unexpected end");
      return s.charAt(i);
    }

    private void expect(char c) {
      if (peek() != c) throw error("expected '" + c + "'");
      i++;
    }

    private Object value() {
      return switch (peek()) {
        case '{' -> object();
        case '[' -> array();
        case '"' -> string();
        case 't' -> literal("true", Boolean.TRUE);
        case 'f' -> literal("false", Boolean.FALSE);
        case 'n' -> literal("null", null);
        default -> number();
      };
    }

    private Object literal(String word, Object value) {
      if (!s.startsWith(word, i)) throw error("expected " + word);
      i += word.length();
      return value;
    }

    private Map<String, Object> object() {
      expect('{');
      Map<String, Object> m = new LinkedHashMap<>();
      ws();
      if (peek() == '}') {
        i++;
        return m;
      }
      while (true) {
        ws();
        String k = string();
        ws();
        expect(':');
        ws();
        m.put(k, value());
        ws();
        if (peek() == ',') {
          i++;
          continue;
        }
        expect('}');
        return m;
      }
    }

    private List<Object> array() {
      expect('[');
      List<Object> l = new ArrayList<>();
      ws();
      if (peek() == ']') {
        i++;
        return l;
      }
      while (true) {
        ws();
        l.add(value());
        ws();
        if (peek() == ',') {
          i++;
          continue;
        }
        expect(']');
        return l;
      }
    }

    private String string() {
      expect('"');
      StringBuilder b = new StringBuilder();
      while (true) {
        char c = peek();
        i++;
        if (c == '"') return b.toString();
        if (c != '\\') {
          b.append(c);
          continue;
        }
        char e = peek();
        i++;
        switch (e) {
          case '"', '\\', '/' -> b.append(e);
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'n' -> b.append('\n');
          case 'r' -> b.append('\r');
          case 't' -> b.append('\t');
          case 'u' -> {
            if (i + 4 > s.length()) throw error("short unicode escape");
            try {
              b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            } catch (NumberFormatException x) {
              throw error("bad unicode escape");
            }
            i += 4;
          }
          default -> throw error("bad escape");
        }
      }
    }

    private Double number() {
      int start = i;
      while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
      try {
        return Double.parseDouble(s.substring(start, i));
      } catch (NumberFormatException e) {
        i = start;
        throw error("expected a value");
      }
    }
  }
}
