package org.hyperflux.io.zarr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Object arrays of strings ({@link ZarrStringArray}): {@code vlen-utf8} over several chunks with a
 * cropped edge chunk and a chunk never written, {@code json2} of two dimensions, {@code json2}
 * written and read back with every compressor, and a corrupt chunk named in the error.
 */
class ZarrStringArrayTest {
  @TempDir
  Path tmp;

  private static byte[] vlen(String... items) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeInt(out, items.length);
    for (String s : items) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      writeInt(out, b.length);
      out.writeBytes(b);
    }
    return out.toByteArray();
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
    out.write(v >>> 24);
  }

  private static Path array(Path dir, String zarray) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(".zarray"), zarray);
    return dir;
  }

  @Test
  void vlenUtf8OverSeveralChunksWithAMissingOne() throws IOException {
    Path a = array(tmp.resolve("v"), "{\"chunks\": [2], \"compressor\": null, \"dtype\": \"|O\","
        + " \"fill_value\": 0, \"filters\": [{\"id\": \"vlen-utf8\"}], \"order\": \"C\","
        + " \"shape\": [7], \"zarr_format\": 2}");
    Files.write(a.resolve("0"), vlen("a", "b\u00e9"));
    Files.write(a.resolve("2"), vlen("", "\u2192"));
    Files.write(a.resolve("3"), vlen("last", "padding"));
    ZarrStringArray s = ZarrStringArray.open(a);
    assertThat(ZarrStringArray.isObjectArray(a)).isTrue();
    assertThat(s.objectCodec()).isEqualTo("vlen-utf8");
    assertThat(s.values()).containsExactly("a", "b\u00e9", null, null, "", "\u2192", "last");
  }

  @Test
  void json2OfTwoDimensions() throws IOException {
    Path a = array(tmp.resolve("j"), "{\"chunks\": [2, 3], \"compressor\": null, \"dtype\": \"|O\","
        + " \"fill_value\": 0, \"filters\": [{\"id\": \"json2\"}], \"order\": \"C\","
        + " \"shape\": [2, 2], \"zarr_format\": 2}");
    Files.writeString(a.resolve("0.0"), "[[\"a\",\"b\",\"x\"],[\"c\",\"d\",\"y\"],\"|O\",[2,3]]");
    assertThat(ZarrStringArray.open(a).values()).containsExactly("a", "b", "c", "d");
  }

  @Test
  void json2WrittenHereReadsBackWithEveryCompressor() throws IOException {
    List<String> values = List.of("Fe", "O", "\u00e9\u2192\uD83D\uDE00", "");
    int k = 0;
    for (ZarrCompressor c : ZarrArrayWriteTest.compressors()) {
      Path p = tmp.resolve("w" + k++);
      ZarrStringArray.create(p, values, c, k % 2 == 0 ? "." : "/");
      assertThat(ZarrStringArray.open(p).values()).as(c.toString()).isEqualTo(values);
      assertThat(Files.readString(p.resolve(".zarray"))).contains("\"json2\"").contains("\"|O\"");
    }
    assertThatThrownBy(() -> ZarrStringArray.create(tmp.resolve("e"), List.of(), ZarrCompressor.none(), "."))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCorruptChunkIsNamed() throws IOException {
    Path p = tmp.resolve("bad");
    ZarrStringArray.create(p, List.of("a", "b"), ZarrCompressor.zspyDefault(), "/");
    byte[] b = Files.readAllBytes(p.resolve("0"));
    Files.write(p.resolve("0"), Arrays.copyOf(b, b.length - 3));
    assertThatThrownBy(() -> ZarrStringArray.open(p).values()).isInstanceOf(ZarrChunkException.class)
        .hasMessageContaining("chunk '0'").hasMessageContaining(p.toString());
  }

  @Test
  void otherObjectCodecsAreRefusedByName() throws IOException {
    Path a = array(tmp.resolve("m"), "{\"chunks\": [2], \"compressor\": null, \"dtype\": \"|O\","
        + " \"fill_value\": 0, \"filters\": [{\"id\": \"msgpack2\"}], \"order\": \"C\","
        + " \"shape\": [2], \"zarr_format\": 2}");
    assertThatThrownBy(() -> ZarrStringArray.open(a)).isInstanceOf(ZarrFormatException.class)
        .hasMessageContaining("msgpack2").hasMessageContaining("[json2, vlen-utf8]");
  }
}
