package org.hyperflux.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnitsAndJsonTest {
  @Test
  void sizesUseBinaryMultiples() {
    assertThat(Units.parseBytes("4096")).isEqualTo(4096);
    assertThat(Units.parseBytes("512k")).isEqualTo(512L << 10);
    assertThat(Units.parseBytes("256m")).isEqualTo(256L << 20);
    assertThat(Units.parseBytes("256MiB")).isEqualTo(256L << 20);
    assertThat(Units.parseBytes("1G")).isEqualTo(1L << 30);
    assertThat(Units.parseBytes("1.5g")).isEqualTo(3L << 29);
    assertThatThrownBy(() -> Units.parseBytes("lots")).hasMessageContaining("'lots' is not a size");
    assertThatThrownBy(() -> Units.parseBytes("0")).hasMessageContaining("between 1 byte");
  }

  @Test
  void dimsAreExtentsSeparatedByX() {
    assertThat(Units.parseDims("128x64")).containsExactly(128, 64);
    assertThat(Units.parseDims("16X16x256x256")).containsExactly(16, 16, 256, 256);
    assertThatThrownBy(() -> Units.parseDims("16x0")).hasMessageContaining("positive extents");
    assertThatThrownBy(() -> Units.parseDims("16x")).hasMessageContaining("positive extents");
  }

  @Test
  void bytesPrintInBinaryUnits() {
    assertThat(Units.bytes(512)).isEqualTo("512 B");
    assertThat(Units.bytes(256L << 20)).isEqualTo("256.0 MiB");
    assertThat(Units.bytes(2L << 30)).isEqualTo("2.00 GiB");
  }

  @Test
  void jsonWriterOutputParsesBackToTheSameValues() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("quote\"and\\slash\n", "tab\there \u0001");
    inner.put("nan", Double.NaN);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", 42L);
    m.put("x", 1.5);
    m.put("ok", true);
    m.put("none", null);
    m.put("shape", new long[] {2, 3});
    m.put("list", List.of(inner, Map.of()));
    m.put("empty", List.of());

    Object parsed = Json.parse(Json.write(m));
    String line = Json.writeLine(m);
    assertThat(line).doesNotContain("\n").startsWith("{\"n\": 42, \"x\": 1.5, ");
    assertThat(Json.parse(line)).isEqualTo(parsed);

    Map<String, Object> innerBack = new LinkedHashMap<>();
    innerBack.put("quote\"and\\slash\n", "tab\there \u0001");
    innerBack.put("nan", null);
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("n", 42.0);
    expected.put("x", 1.5);
    expected.put("ok", true);
    expected.put("none", null);
    expected.put("shape", List.of(2.0, 3.0));
    expected.put("list", List.of(innerBack, Map.of()));
    expected.put("empty", List.of());
    assertThat(parsed).isEqualTo(expected);
  }

  @Test
  void jsonReaderReadsPythonsJsonDumpsAndRejectsMalformedText() {
    // hs_op.py's line, as Python's json.dumps writes it.
    Object v = Json.parse("{\"checksum\": 3169146225.0, \"op\": \"navsum\", \"wall_s\": 1.9,"
        + " \"ev\": [1e-3, -2.5E+2], \"n\": null, \"t\": true, \"s\": \"a\\u00e9\\\"\"}\n");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("checksum", 3169146225.0);
    expected.put("op", "navsum");
    expected.put("wall_s", 1.9);
    expected.put("ev", List.of(1e-3, -250.0));
    expected.put("n", null);
    expected.put("t", true);
    expected.put("s", "a\u00e9\"");
    assertThat(v).isEqualTo(expected);
    for (String bad : List.of("{\"a\": 1", "{\"a\" 1}", "[1, 2] x", "{\"a\": nul}", "", "{\"a\": -}")) {
      assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("not JSON: ");
    }
  }
}
