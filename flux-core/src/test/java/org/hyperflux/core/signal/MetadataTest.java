package org.hyperflux.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks {@link Metadata} paths, immutability, errors, equality and merging, and its rendering
 * against {@code golden/signal/metadata_repr_golden.txt}, written by HyperSpy 1.7.3's
 * {@code DictionaryTreeBrowser.__repr__} through {@code make_metadata_golden.py} next to it.
 */
class MetadataTest {

  private static final String GOLDEN = "/golden/signal/metadata_repr_golden.txt";

  // ------------------------------------------------------------------------------------ golden

  /** The trees of make_metadata_golden.py, by case name. */
  static Metadata goldenTree(String name) {
    switch (name) {
      case "signal_metadata":
        return Metadata.of(map(
            "Signal", map(
                "signal_type", "EELS",
                "quantity", "Intensity (counts)",
                "Noise_properties", map("variance", 0.25)),
            "General", map(
                "title", "Core loss",
                "original_filename", "sample.hspy")));
      case "value_types":
        return Metadata.of(map(
            "zeta", null,
            "alpha", true,
            "Beta", false,
            "count", 42,
            "negative", -7L,
            "small", 1e-05,
            "tenth", 0.0001,
            "big", 1e16,
            "nearly_big", 123456789012345.6,
            "third", 1.0 / 3,
            "minus_zero", -0.0,
            "not_a_number", Double.NaN,
            "infinite", Double.NEGATIVE_INFINITY,
            "whole", 2.0,
            "items", Arrays.asList(1, "it's", 2.5, null, true, List.of("a", "q\"uote"), List.of()),
            "_private", "hidden",
            "with space", "spaced",
            "3d", "digit first",
            "empty", map(),
            "Nested", map("Deeper", map("leaf", "x"), "after", 1)));
      case "long_values": {
        List<Object> energies = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
          energies.add(i + 0.5);
        }
        return Metadata.of(map(
            "description", "abcdefghij".repeat(20),
            "Detector", map("energies", energies, "name", "camera"),
            "zz", "last"));
      }
      default:
        throw new IllegalArgumentException("no Java tree for golden case " + name);
    }
  }

  static Stream<Arguments> goldenCases() {
    String text;
    try (InputStream in = MetadataTest.class.getResourceAsStream(GOLDEN)) {
      assertThat(in).as("classpath resource %s", GOLDEN).isNotNull();
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Arguments> cases = new ArrayList<>();
    String name = null;
    StringBuilder body = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("=== ")) {
        if (name != null) {
          cases.add(Arguments.of(Named.of(name, name), body.toString()));
        }
        name = line.substring(4);
        body.setLength(0);
      } else if (name != null) {
        body.append(line).append('\n');
      }
    }
    // The split leaves one empty string after the final newline; drop the newline it added.
    body.setLength(body.length() - 1);
    cases.add(Arguments.of(Named.of(name, name), body.toString()));
    assertThat(cases).hasSize(3);
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenCases")
  void rendersLikeHyperSpy(String name, String expected) {
    assertThat(expected).doesNotContain("\u001b");
    assertThat(goldenTree(name).toString()).isEqualTo(expected);
  }

  @Test
  void emptyTreeRendersAsNothing() {
    assertThat(Metadata.empty().toString()).isEmpty();
  }

  @Test
  void floatReprMatchesPython() {
    assertThat(PythonRepr.floatRepr(0.1)).isEqualTo("0.1");
    assertThat(PythonRepr.floatRepr(1e22)).isEqualTo("1e+22");
    assertThat(PythonRepr.floatRepr(1e15)).isEqualTo("1000000000000000.0");
    assertThat(PythonRepr.floatRepr(1.5e-7)).isEqualTo("1.5e-07");
    assertThat(PythonRepr.floatRepr(5e-324)).isEqualTo("5e-324");
    assertThat(PythonRepr.floatRepr(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e+308");
    assertThat(PythonRepr.floatRepr(2e23)).isEqualTo("2e+23");
    assertThat(PythonRepr.floatRepr(-123.456)).isEqualTo("-123.456");
  }

  // ------------------------------------------------------------------------------------- paths

  @Test
  void withCreatesIntermediateNodesAndGetReadsPaths() {
    Metadata md = Metadata.empty()
        .with("Signal.Noise_properties.variance", 0.25)
        .withTitle("Core loss")
        .withSignalType("EELS");
    assertThat(md.keys()).containsExactly("Signal", "General");
    assertThat(md.node("Signal").keys()).containsExactly("Noise_properties", "signal_type");
    assertThat(md.get("Signal.Noise_properties.variance")).contains(0.25);
    assertThat(md.getDouble(Metadata.NOISE_VARIANCE)).isEqualTo(OptionalDouble.of(0.25));
    assertThat(md.title()).isEqualTo("Core loss");
    assertThat(md.signalType()).isEqualTo("EELS");
    assertThat(md.has("Signal.Noise_properties")).isTrue();
    assertThat(md.has("Signal.Noise_properties.variance.deeper")).isFalse();
    assertThat(md.get("Signal.Noise_properties.variance.deeper")).isEmpty();
    assertThat(md.get("Missing.path")).isEmpty();
    assertThat(md.node("Missing")).isEqualTo(Metadata.empty());
    assertThat(md.get("Signal")).containsInstanceOf(Metadata.class);
  }

  @Test
  void defaultsOfTheCommonPaths() {
    assertThat(Metadata.empty().title()).isEmpty();
    assertThat(Metadata.empty().signalType()).isEmpty();
    assertThat(Metadata.empty().with(Metadata.TITLE, null).title()).isEmpty();
  }

  @Test
  void nullIsStoredLikeNone() {
    Metadata md = Metadata.empty().with("General.date", null);
    assertThat(md.has("General.date")).isTrue();
    assertThat(md.get("General.date")).isEmpty();
    assertThat(md.getString("General.date")).isEmpty();
    assertThat(md.toString()).isEqualTo("└── General\n    └── date = None\n");
  }

  @Test
  void withReplacesLeavesByNodesAndNodesByLeaves() {
    Metadata md = Metadata.empty().with("A.b", 1);
    Metadata leafToNode = md.with("A.b.c", "x");
    assertThat(leafToNode.getString("A.b.c")).contains("x");
    Metadata nodeToLeaf = leafToNode.with("A", 3.5);
    assertThat(nodeToLeaf.getDouble("A")).isEqualTo(OptionalDouble.of(3.5));
    Metadata mapValue = nodeToLeaf.with("A", Map.of("z", true));
    assertThat(mapValue.getBoolean("A.z")).contains(true);
    assertThat(mapValue.node("A").keys()).containsExactly("z");
    // Replacing keeps the key's position.
    Metadata ordered = Metadata.empty().with("x", 1).with("y", 2).with("x", 3);
    assertThat(ordered.keys()).containsExactly("x", "y");
  }

  @Test
  void withoutRemovesAPathAndKeepsItsParent() {
    Metadata md = Metadata.empty().with("A.b", 1).with("A.c", 2).with("B", 3);
    assertThat(md.without("A.b").node("A").keys()).containsExactly("c");
    assertThat(md.without("A.b").without("A.c").has("A")).isTrue();
    assertThat(md.without("A").keys()).containsExactly("B");
    assertThat(md.without("Nope.x")).isSameAs(md);
    assertThat(md.without("B.x")).isSameAs(md);
  }

  @Test
  void malformedPathsAndKeysAreRejected() {
    assertThatThrownBy(() -> Metadata.empty().with("a..b", 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a..b'");
    assertThatThrownBy(() -> Metadata.empty().get(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Metadata.of(map("General", map("a.b", 1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("General.a.b")
        .hasMessageContaining("dot");
    Map<Object, Object> raw = new HashMap<>();
    raw.put(7, "x");
    assertThatThrownBy(() -> Metadata.of(map("General", raw)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'General'")
        .hasMessageContaining("Integer");
  }

  // ------------------------------------------------------------------------------------- types

  @Test
  void typedGettersNameThePathAndTheActualType() {
    Metadata md = Metadata.of(map("General", map("title", 42, "ratio", 2.5, "flag", "yes")));
    assertThatThrownBy(() -> md.getString("General.title"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("General.title").hasMessageContaining("Long")
        .hasMessageContaining("String");
    assertThatThrownBy(md::title).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> md.getLong("General.ratio"))
        .hasMessageContaining("General.ratio").hasMessageContaining("Double");
    assertThatThrownBy(() -> md.getBoolean("General.flag"))
        .hasMessageContaining("General.flag").hasMessageContaining("String");
    assertThatThrownBy(() -> md.getDouble("General"))
        .hasMessageContaining("'General'").hasMessageContaining("node");
    assertThatThrownBy(() -> md.node("General.ratio"))
        .hasMessageContaining("General.ratio").hasMessageContaining("Double");
    assertThat(md.getLong("General.title")).isEqualTo(OptionalLong.of(42));
    assertThat(md.getDouble("General.title")).isEqualTo(OptionalDouble.of(42.0));
  }

  @Test
  void integersAndFloatsAreNormalised() {
    Metadata md = Metadata.of(map("i", 1, "s", (short) 2, "b", (byte) 3, "f", 1.5f,
        "l", Arrays.asList(4, 2.5f, null)));
    assertThat(md.get("i")).containsInstanceOf(Long.class);
    assertThat(md.get("s")).contains(2L);
    assertThat(md.get("b")).contains(3L);
    assertThat(md.get("f")).contains(1.5);
    assertThat(md.get("l")).contains(Arrays.asList(4L, 2.5, null));
  }

  @Test
  void unsupportedValuesAreRejectedWithTheirPathAndType() {
    assertThatThrownBy(() -> Metadata.of(map("General", map("date", LocalDate.of(2024, 1, 2)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("General.date").hasMessageContaining("java.time.LocalDate");
    assertThatThrownBy(() -> Metadata.empty().with("a.b", new int[] {1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a.b'");
    assertThatThrownBy(() -> Metadata.of(map("l", List.of(1, List.of(new Object())))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("l[1][0]")
        .hasMessageContaining("Object");
    Map<String, Object> cyclic = new LinkedHashMap<>();
    cyclic.put("self", cyclic);
    assertThatThrownBy(() -> Metadata.of(cyclic))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contains itself");
  }

  @Test
  void listsMayHoldNodesAndSignalsAsFilesWrittenByHyperSpyDo() {
    Signal variance = Signal.of(org.hyperflux.core.exec.MemoryArray.of(
        org.hyperflux.core.array.Shape.of(2),
        org.hyperflux.core.array.Block.wrap(org.hyperflux.core.array.DType.FLOAT64,
            new double[] {1, 2})), 1);
    Metadata md = Metadata.of(map("l", List.of(map("a", 1), map("b", List.of(true))),
        "Noise", map("variance", variance)));
    Object first = ((List<?>) md.get("l").orElseThrow()).get(0);
    assertThat(first).isEqualTo(Metadata.of(map("a", 1L)));
    assertThat(md.get("Noise.variance")).containsSame(variance);
    assertThat(md).isEqualTo(Metadata.of(md.toMap()));
    assertThat(md.toString()).contains("l = [{'a': 1}, {'b': [True]}]")
        .contains("variance = <Signal1D, title: , dimensions: (|2)>");
  }

  // ------------------------------------------------------------------------------ immutability

  @Test
  void mutatingTheInputDoesNotChangeTheTree() {
    List<Object> list = new ArrayList<>(List.of(1, 2));
    Map<String, Object> inner = new LinkedHashMap<>(map("x", list));
    Map<String, Object> outer = new LinkedHashMap<>(map("Inner", inner));
    Metadata md = Metadata.of(outer);
    Metadata before = Metadata.of(map("Inner", map("x", List.of(1L, 2L))));
    list.add(3);
    inner.put("y", "new");
    outer.put("z", true);
    assertThat(md).isEqualTo(before);
    assertThat(md.get("Inner.x")).contains(List.of(1L, 2L));
  }

  @Test
  void returnedCollectionsCannotChangeTheTree() {
    Metadata md = Metadata.of(map("A", map("l", List.of(1, 2)), "b", "s"));
    @SuppressWarnings("unchecked")
    List<Object> l = (List<Object>) md.get("A.l").orElseThrow();
    assertThatThrownBy(() -> l.add(3)).isInstanceOf(UnsupportedOperationException.class);
    Map<String, Object> m = md.toMap();
    assertThatThrownBy(() -> m.put("c", 1)).isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> inner = (Map<String, Object>) m.get("A");
    assertThatThrownBy(() -> inner.remove("l")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> md.keys().add("x")).isInstanceOf(UnsupportedOperationException.class);
    Metadata changed = md.with("A.l", 5).without("b");
    assertThat(md.get("A.l")).contains(List.of(1L, 2L));
    assertThat(md.has("b")).isTrue();
    assertThat(changed).isNotEqualTo(md);
  }

  @Test
  void toMapRoundTripsInOrder() {
    Metadata md = goldenTree("value_types");
    assertThat(Metadata.of(md.toMap())).isEqualTo(md);
    assertThat(md.toMap().keySet()).containsExactlyElementsOf(md.keys());
    assertThat(((Map<?, ?>) md.toMap().get("Nested")).get("Deeper")).isEqualTo(map("leaf", "x"));
  }

  // --------------------------------------------------------------------------------- equality

  @Test
  void equalityIsDeepAndComparesDoublesByValue() {
    Metadata a = Metadata.of(map("x", map("n", Double.NaN, "z", 0.0, "l", List.of(Double.NaN, 1))));
    Metadata b = Metadata.of(map("x", map("l", List.of(Double.NaN, 1L), "z", -0.0, "n", Double.NaN)));
    assertThat(a).isEqualTo(b);
    assertThat(a.hashCode()).isEqualTo(b.hashCode());
    assertThat(Metadata.of(map("v", 1))).isNotEqualTo(Metadata.of(map("v", 1.0)));
    assertThat(Metadata.of(map("v", map()))).isNotEqualTo(Metadata.of(map("v", (Object) null)));
    assertThat(a).isNotEqualTo(a.with("x.l", List.of(Double.NaN, 2)));
    assertThat(goldenTree("signal_metadata")).isEqualTo(goldenTree("signal_metadata"));
  }

  // ------------------------------------------------------------------------------------ merge

  @Test
  void mergeLetsTheOtherTreeWinAtLeaves() {
    Metadata mine = Metadata.of(map(
        "General", map("title", "old", "original_filename", "a.hspy"),
        "Signal", map("binned", false),
        "Leaf", 1));
    Metadata theirs = Metadata.of(map(
        "General", map("title", "new", "notes", "n"),
        "Signal", "replaced by a leaf",
        "Leaf", map("now", "a node"),
        "Extra", 2));
    Metadata merged = mine.merge(theirs);
    assertThat(merged).isEqualTo(Metadata.of(map(
        "General", map("title", "new", "original_filename", "a.hspy", "notes", "n"),
        "Signal", "replaced by a leaf",
        "Leaf", map("now", "a node"),
        "Extra", 2)));
    assertThat(merged.keys()).containsExactly("General", "Signal", "Leaf", "Extra");
    assertThat(merged.node("General").keys()).containsExactly("title", "original_filename", "notes");
    assertThat(mine.merge(Metadata.empty())).isSameAs(mine);
    assertThat(Metadata.empty().merge(mine)).isSameAs(mine);
  }

  // ---------------------------------------------------------------------------------- helpers

  /** An insertion-ordered map from alternating keys and values (values may be null). */
  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}
