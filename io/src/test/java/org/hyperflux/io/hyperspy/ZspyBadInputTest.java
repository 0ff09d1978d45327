package org.hyperflux.io.hyperspy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SignalFiles;
import org.hyperflux.io.zarr.ZarrArrayMetadata;
import org.hyperflux.io.zarr.ZarrGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to {@link SignalFiles#load} of {@code .zspy}: each fails with a clear message naming
 * the file and the group, dataset or chunk at fault, never a hang: a missing file, a file of no
 * known format, a zarr group that is not a HyperSpy file, a signal without its data array, axis
 * groups that do not match the data, an axis type or dtype hyperflux does not read, and a chunk
 * that is truncated (found when the data are computed).
 */
class ZspyBadInputTest {
  private static final String SIGNAL = "Experiments/EELS-map 1";

  @TempDir
  Path tmp;

  private Path copy() throws IOException {
    return ZspyFixtures.copy("spectrum_f4_nested.zspy", tmp.resolve("damaged.zspy"));
  }

  private static void edit(Path file, String from, String to) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(text).contains(from);
    Files.writeString(file, text.replace(from, to), StandardCharsets.UTF_8);
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = tmp.resolve("nothing-here.zspy");
    assertThatThrownBy(() -> SignalFiles.load(missing)).isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void aFileOfNoKnownFormatListsTheFormats() throws IOException {
    Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
    assertThatThrownBy(() -> SignalFiles.load(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(text.toString()).hasMessageContaining("; available: [")
        .hasMessageContaining("zspy (.zspy)");
    assertThatThrownBy(() -> SignalFiles.load(Files.createDirectory(tmp.resolve("empty.zspy"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a directory");
  }

  @Test
  void aZarrGroupThatIsNotAHyperSpyFileIsRefused() throws IOException {
    Path root = tmp.resolve("plain.zarr");
    ZarrGroup g = ZarrGroup.create(root);
    g.writeAttributes(Map.of("creator", "someone else"));
    g.createArray("x", ZarrArrayMetadata.of(Shape.of(4), new int[] {2}, DType.INT32));
    assertThatThrownBy(() -> SignalFiles.load(root)).isInstanceOf(HyperSpyFormatException.class)
        .hasMessageContaining("not a HyperSpy file").hasMessageContaining(root.toString())
        .hasMessageContaining("members: [x]");
  }

  @Test
  void aSignalWithoutItsDataArrayIsNamed() throws IOException {
    Path f = copy();
    deleteTree(f.resolve(SIGNAL + "/data"));
    assertThatThrownBy(() -> SignalFiles.load(f)).isInstanceOf(HyperSpyFormatException.class)
        .hasMessageContaining(f.toString()).hasMessageContaining("/Experiments")
        .hasMessageContaining("no group of /Experiments holds a data array")
        .hasMessageContaining("EELS-map 1");
  }

  @Test
  void anAxisWhoseSizeDiffersFromTheDataIsNamed() throws IOException {
    Path f = copy();
    edit(f.resolve(SIGNAL + "/axis-1/.zattrs"), "\"size\": 5", "\"size\": 9");
    assertThatThrownBy(() -> SignalFiles.load(f)).isInstanceOf(HyperSpyFormatException.class)
        .hasMessageContaining(f.toString()).hasMessageContaining("/" + SIGNAL + "/axis-1")
        .hasMessageContaining("size 9 but the data has 5 along array axis 1");
  }

  @Test
  void aMissingAxisGroupIsNamed() throws IOException {
    Path f = copy();
    deleteTree(f.resolve(SIGNAL + "/axis-2"));
    assertThatThrownBy(() -> SignalFiles.load(f)).isInstanceOf(HyperSpyFormatException.class)
        .hasMessageContaining(f.toString()).hasMessageContaining("/" + SIGNAL)
        .hasMessageContaining("rank 3 but axis-2 is missing")
        .hasMessageContaining("[axis-0, axis-1]");
  }

  @Test
  void aFunctionalAxisIsRefusedWithAWayOut() throws IOException {
    Path f = copy();
    edit(f.resolve(SIGNAL + "/axis-2/.zattrs"), "\"UniformDataAxis\"", "\"FunctionalDataAxis\", \"expression\": \"a*x**2\"");
    assertThatThrownBy(() -> SignalFiles.load(f)).isInstanceOf(HyperSpyFormatException.class)
        .hasMessageContaining("/" + SIGNAL + "/axis-2").hasMessageContaining("a*x**2")
        .hasMessageContaining("convert_to_non_uniform_axis");
  }

  @Test
  void dataOfAnUnreadDtypeIsNamed() throws IOException {
    Path f = copy();
    edit(f.resolve(SIGNAL + "/data/.zarray"), "\"<f4\"", "\"<c8\"");
    assertThatThrownBy(() -> SignalFiles.load(f)).isInstanceOf(HyperSpyFormatException.class)
        .hasMessageContaining(f.toString()).hasMessageContaining("/" + SIGNAL + "/data")
        .hasMessageContaining("<c8");
  }

  @Test
  void aTruncatedChunkIsNamedWhenTheDataAreComputed() throws IOException {
    Path f = copy();
    Path chunk = f.resolve(SIGNAL + "/data/1/1/0");
    byte[] bytes = Files.readAllBytes(chunk);
    Files.write(chunk, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Signal s = SignalFiles.load(f);
    assertThatThrownBy(() -> s.sum().compute())
        .hasMessageContaining(f.toString()).hasMessageContaining(SIGNAL + "/data")
        .hasMessageContaining("chunk '1/1/0'");
  }

  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }

  @Test
  void unknownFormatNamesListWhatExists() {
    assertThat(SignalFiles.formats()).extracting(p -> p.name()).contains("zspy");
    assertThat(List.of(SignalFiles.format("ZSPY").extensions())).containsExactly(List.of("zspy"));
    assertThatThrownBy(() -> SignalFiles.format("hdf9")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Unknown format 'hdf9'; available: [").hasMessageContaining("zspy (.zspy)");
  }
}
