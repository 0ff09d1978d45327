package org.hyperflux.core.signal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link Metadata} tree the way HyperSpy 1.7.3's
 * {@code DictionaryTreeBrowser.__repr__} does ({@code hyperspy/misc/utils.py},
 * {@code _get_print_items} with the default preference {@code dtb_expand_structures = True}).
 *
 * <p>Algorithm, following HyperSpy:
 *
 * <ul>
 *   <li>Children are printed sorted by their <em>slugified</em> key (HyperSpy stores each item as
 *       an attribute named by {@code slugify(key, valid_variable_name=True)} and iterates
 *       {@code sorted(__dict__.items())}); the original key is printed. Keys whose slug starts with
 *       {@code _} are private and not printed.
 *   <li>A node prints {@code padding + symbol + key} and its children with the padding extended by
 *       {@code "│   "} (or four spaces after the last child). A leaf prints {@code padding + symbol
 *       + key + " = " + value}. Symbols are {@code ├── } and {@code └── } for the last child.
 *   <li>A string value is printed as is; any other value through Python's {@code repr}
 *       ({@code None}, {@code True}, {@code 1e-05}, {@code [1, 'a']}). A value text longer than
 *       {@code 2 * 78} code points is cut to its first 78, {@code " ... "} and its last 78.
 *   <li>A list whose {@code repr} is that long is expanded instead: the key gets the suffix
 *       {@code " <list>"} and the elements become children {@code [0]}, {@code [1]}, ... drawn with
 *       double lines ({@code ╠══ }, {@code ╚══ }, {@code "║   "}), again sorted by slug (so
 *       {@code [10]} comes before {@code [2]}).
 * </ul>
 *
 * Invariant: the output ends with a newline unless the tree prints nothing (an empty tree renders
 * as the empty string, as in HyperSpy).
 */
final class PythonRepr {
  private static final int MAX_LEN = 78;

  private PythonRepr() {}

  /** One printable item: the key as printed, its slug (the sort key) and its value. */
  private record Item(String key, String slug, Object value) {}

  static String tree(Metadata metadata) {
    StringBuilder out = new StringBuilder();
    List<Item> items = new ArrayList<>();
    for (Map.Entry<String, Object> e : metadata.entries().entrySet()) {
      items.add(new Item(e.getKey(), slugify(e.getKey()), e.getValue()));
    }
    printItems(out, items, "", false);
    return out.toString();
  }

  private static void printItems(StringBuilder out, List<Item> items, String padding, boolean doubleLines) {
    String end = doubleLines ? "╚══ " : "└── ";
    String middle = doubleLines ? "╠══ " : "├── ";
    String padMiddle = doubleLines ? "║   " : "│   ";
    List<Item> visible = new ArrayList<>();
    for (Item item : items) {
      if (!item.slug().startsWith("_")) {
        visible.add(item);
      }
    }
    // List.sort is stable: keys with equal slugs (which HyperSpy could not hold at once) keep
    // their insertion order.
    visible.sort(Comparator.comparing(Item::slug, PythonRepr::compareCodePoints));
    for (int j = 0; j < visible.size(); j++) {
      Item item = visible.get(j);
      boolean last = j == visible.size() - 1;
      String symbol = last ? end : middle;
      String childPadding = padding + (last ? "    " : padMiddle);
      Object value = item.value();
      if (value instanceof List<?> list) {
        String text = repr(list);
        if (isLong(text)) {
          out.append(padding).append(symbol).append(item.key()).append(" <list>\n");
          List<Item> elements = new ArrayList<>();
          for (int i = 0; i < list.size(); i++) {
            String key = "[" + i + "]";
            elements.add(new Item(key, slugify(key), list.get(i)));
          }
          printItems(out, elements, childPadding, true);
          continue;
        }
      }
      if (value instanceof Metadata node) {
        out.append(padding).append(symbol).append(item.key()).append('\n');
        List<Item> children = new ArrayList<>();
        for (Map.Entry<String, Object> e : node.entries().entrySet()) {
          children.add(new Item(e.getKey(), slugify(e.getKey()), e.getValue()));
        }
        // HyperSpy hands the parent's double_lines flag down to nested nodes.
        printItems(out, children, childPadding, doubleLines);
      } else {
        String text = value instanceof String s ? s : repr(value);
        out.append(padding).append(symbol).append(item.key()).append(" = ").append(shorten(text)).append('\n');
      }
    }
  }

  private static boolean isLong(String text) {
    return text.codePointCount(0, text.length()) > 2 * MAX_LEN;
  }

  /** HyperSpy's {@code check_long_string}: first 78 code points, " ... ", last 78. */
  private static String shorten(String text) {
    int n = text.codePointCount(0, text.length());
    if (n <= 2 * MAX_LEN) {
      return text;
    }
    int right = Math.min(MAX_LEN, n - MAX_LEN);
    String head = text.substring(0, text.offsetByCodePoints(0, MAX_LEN));
    String tail = text.substring(text.offsetByCodePoints(0, n - right));
    return head + " ... " + tail;
  }

  private static int compareCodePoints(String a, String b) {
    // Slugs are ASCII, where UTF-16 order equals Python's code point order.
    return a.compareTo(b);
  }

  /**
   * HyperSpy's {@code slugify(key, valid_variable_name=True)}: NFKD, drop non-ASCII, keep only
   * letters, digits, {@code _} and spaces, strip, spaces to {@code _}, and prefix {@code Number_}
   * when the result is not a Python identifier.
   */
  static String slugify(String key) {
    String nfkd = Normalizer.normalize(key, Normalizer.Form.NFKD);
    StringBuilder kept = new StringBuilder();
    for (int i = 0; i < nfkd.length(); i++) {
      char c = nfkd.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (alnum || c == '_' || c == ' ') {
        kept.append(c);
      }
    }
    String slug = kept.toString().strip().replace(' ', '_');
    return isIdentifier(slug) ? slug : "Number_" + slug;
  }

  private static boolean isIdentifier(String s) {
    if (s.isEmpty()) {
      return false;
    }
    char first = s.charAt(0);
    return !(first >= '0' && first <= '9');
  }

  /**
   * Python's {@code repr} of a normalised metadata value; a node (an element of a list) prints as
   * a Python dict, {@code {'x': 1}}, and a signal as HyperSpy's signal repr.
   */
  static String repr(Object value) {
    if (value == null) {
      return "None";
    }
    if (value instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (value instanceof Long l) {
      return l.toString();
    }
    if (value instanceof Double d) {
      return floatRepr(d);
    }
    if (value instanceof String s) {
      return stringRepr(s);
    }
    if (value instanceof List<?> list) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        sb.append(repr(list.get(i)));
      }
      return sb.append(']').toString();
    }
    if (value instanceof Metadata m) {
      StringBuilder sb = new StringBuilder("{");
      boolean first = true;
      for (Map.Entry<String, Object> e : m.entries().entrySet()) {
        if (!first) {
          sb.append(", ");
        }
        first = false;
        sb.append(stringRepr(e.getKey())).append(": ").append(repr(e.getValue()));
      }
      return sb.append('}').toString();
    }
    if (value instanceof Signal s) {
      return s.toString();
    }
    throw new IllegalStateException("not a metadata value: " + value.getClass().getName());
  }

  /**
   * Python's {@code repr(float)}: the shortest decimal that reads back as the same double,
   * positional when the decimal exponent is in [-4, 16), otherwise {@code d.ddde+XX}.
   */
  static String floatRepr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0.0" : "0.0";
    }
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
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      int abs = Math.abs(exp10);
      sb.append('e').append(exp10 < 0 ? '-' : '+').append(abs < 10 ? "0" : "").append(abs);
    }
    return sb.toString();
  }

  /** Python's {@code repr(str)}: single quotes unless the text holds {@code '} but no {@code "}. */
  static String stringRepr(String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder sb = new StringBuilder().append(quote);
    s.codePoints().forEach(cp -> {
      if (cp == quote || cp == '\\') {
        sb.append('\\').appendCodePoint(cp);
      } else if (cp == '\t') {
        sb.append("\\t");
      } else if (cp == '\n') {
        sb.append("\\n");
      } else if (cp == '\r') {
        sb.append("\\r");
      } else if (cp == ' ' || (cp > 0x20 && cp < 0x7f) || (cp >= 0x7f && isPrintable(cp))) {
        sb.appendCodePoint(cp);
      } else if (cp < 0x100) {
        sb.append(String.format("\\x%02x", cp));
      } else if (cp < 0x10000) {
        sb.append(String.format("\\u%04x", cp));
      } else {
        sb.append(String.format("\\U%08x", cp));
      }
    });
    return sb.append(quote).toString();
  }

  /** Python's {@code str.isprintable} for one non-ASCII code point. */
  private static boolean isPrintable(int cp) {
    switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
          Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.SPACE_SEPARATOR:
        return false;
      default:
        return true;
    }
  }
}
