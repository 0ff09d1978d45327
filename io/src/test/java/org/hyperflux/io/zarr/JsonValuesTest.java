package org.hyperflux.io.zarr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonValues}: the Java values JSON is read as, zarr-python's indented layout and
 * numcodecs' compact one (both as Python's {@code json.dumps} writes them; every metadata file of
 * the HyperSpy golden {@code .zspy} files is written back byte for byte), bare non-finite
 * numbers, escaped non-ASCII characters, and what it refuses.
 */
class JsonValuesTest {
  @Test
  void readsObjectsInOrderAndNumbersAsTheSmallestTypeThatHoldsThem() throws IOException {
    Object v = read("{\"z\": 1, \"a\": [2147483648, 12345678901234567890, -1.5e3, NaN, -Infinity],"
        + " \"s\": \"\\u00e9t\\u00e9\", \"t\": true, \"f\": false, \"n\": null, \"o\": {}} trailing");

    assertThat(v).isInstanceOf(LinkedHashMap.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) v;
    assertThat(m.keySet()).containsExactly("z", "a", "s", "t", "f", "n", "o");
    assertThat(m.get("z")).isEqualTo(1);
    @SuppressWarnings("unchecked")
    List<Object> a = (List<Object>) m.get("a");
    assertThat(a).isInstanceOf(ArrayList.class).containsExactly(2147483648L,
        new BigInteger("12345678901234567890"), -1500.0, Double.NaN, Double.NEGATIVE_INFINITY);
    assertThat(m.get("s")).isEqualTo("été");
    assertThat(m.get("t")).isEqualTo(Boolean.TRUE);
    assertThat(m.get("f")).isEqualTo(Boolean.FALSE);
    assertThat(m.containsKey("n")).isTrue();
    assertThat(m.get("n")).isNull();
    assertThat(m.get("o")).isEqualTo(Map.of());
  }

  @Test
  void emptyInputIsNothingAndMalformedInputSaysWhere() throws IOException {
    assertThat(read("")).isSameAs(JsonValues.NOTHING);
    assertThat(read(" \n\t ")).isSameAs(JsonValues.NOTHING);
    assertThat(read("null")).isNull();
    assertThatThrownBy(() -> read("{\"a\": [1, 2}"))
        .isInstanceOf(JsonProcessingException.class)
        .satisfies(e -> assertThat(((JsonProcessingException) e).getLocation().getColumnNr())
            .isEqualTo(12));
    assertThatThrownBy(() -> read("{\"a\": [1, 2]")).isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("end-of-input");
  }

  @Test
  void writesZarrPythonsIndentedLayout() throws IOException {
    Map<String, Object> root = new TreeMap<>();
    root.put("chunks", new int[] {2, 3});
    root.put("compressor", null);
    root.put("filters", List.of());
    root.put("attrs", Map.of());
    root.put("fill_value", Double.NaN);
    root.put("title", "café");
    root.put("zarr_format", 2);
    // Python: json.dumps(root, indent=4, sort_keys=True, separators=(',', ': '), ensure_ascii=True)
    String python = "{\n"
        + "    \"attrs\": {},\n"
        + "    \"chunks\": [\n"
        + "        2,\n"
        + "        3\n"
        + "    ],\n"
        + "    \"compressor\": null,\n"
        + "    \"fill_value\": NaN,\n"
        + "    \"filters\": [],\n"
        + "    \"title\": \"caf\\u00e9\",\n"
        + "    \"zarr_format\": 2\n"
        + "}";
    assertThat(new String(JsonValues.writeIndented(root), StandardCharsets.US_ASCII)).isEqualTo(python);
  }

  @Test
  void rewritesHyperSpysMetadataFilesByteForByte() throws Exception {
    Path root = Path.of(JsonValuesTest.class.getResource("/golden/zspy").toURI());
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(f -> f.getFileName().toString().matches("\\.z(attrs|array|group)"))
          .sorted().toList();
    }
    List<String> differ = new ArrayList<>();
    for (Path f : files) {
      byte[] python = Files.readAllBytes(f);
      if (!Arrays.equals(JsonValues.writeIndented(JsonValues.read(python)), python)) {
        differ.add(root.relativize(f).toString());
      }
    }
    assertThat(files).hasSizeGreaterThan(100);
    assertThat(differ).isEmpty();
  }

  @Test
  void writesNumcodecsCompactLayoutAndEveryValueKind() throws IOException {
    List<Object> items = Arrays.asList("a", "ü", null, true, 0.1f, 0.1, 7L, (short) 3, (byte) -2,
        new BigInteger("18446744073709551615"), new java.math.BigDecimal("1.50"),
        Double.POSITIVE_INFINITY, new long[] {1, -1}, new double[] {0.5}, new boolean[] {false},
        new String[] {"x"}, List.of(List.of(1)));
    assertThat(new String(JsonValues.writeCompact(items), StandardCharsets.US_ASCII)).isEqualTo(
        "[\"a\",\"\\u00fc\",null,true,0.1,0.1,7,3,-2,18446744073709551615,1.50,Infinity,[1,-1],"
            + "[0.5],[false],[\"x\"],[[1]]]");
    assertThat(read(new String(JsonValues.writeCompact(items), StandardCharsets.US_ASCII)))
        .as("read back").isInstanceOf(List.class);
  }

  @Test
  void messagesShowValuesAsJsonWithTheirCharacters() {
    assertThat(JsonValues.text("C")).isEqualTo("\"C\"");
    assertThat(JsonValues.text(List.of(1, "é"))).isEqualTo("[1,\"é\"]");
    assertThat(JsonValues.text(null)).isEqualTo("null");
  }

  @Test
  void refusesWhatJsonCannotHold() {
    assertThatThrownBy(() -> JsonValues.writeCompact(List.of(new Object())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
  }

  private static Object read(String json) throws IOException {
    return JsonValues.read(json.getBytes(StandardCharsets.UTF_8));
  }
}
