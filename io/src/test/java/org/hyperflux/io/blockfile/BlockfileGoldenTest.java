package org.hyperflux.io.blockfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.signal.Axis;
import org.hyperflux.core.signal.Metadata;
import org.hyperflux.core.signal.Signal;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Blockfiles written by HyperSpy 1.7.3 itself ({@code make_blockfile_golden.py}) load lazily with
 * the values, axes, metadata and {@code original_metadata} HyperSpy's loader reads from them:
 * calibrated scans, units the writer converted, big-endian frame headers, a file written from a
 * lazy signal, a one-row scan and a single pattern (scan axes squeezed), a note in Latin-1. The
 * values are the same through any chunk grid and any read buffer (frames straddling buffer
 * fills). The stored virtual bright-field image (which HyperSpy does not load) equals the bytes
 * HyperSpy's writer stored. Serial dates convert as HyperSpy's {@code serial_date_to_ISO_format}
 * in six time zones.
 *
 * <p>The one expected difference: where HyperSpy squeezes a scan axis of length 1 it names and
 * calibrates the remaining axes by position (a one-row scan gets a navigation axis {@code y} and
 * a signal axis {@code x} in nm); here they keep their own names and calibration, so for those
 * files the sizes are compared with HyperSpy's and the calibration with the header's.
 */
class BlockfileGoldenTest {
  private static final int[] BUFFERS = {7, 64, 1000, FrameSource.DEFAULT_BUFFER_BYTES};

  @TestFactory
  Stream<DynamicTest> hyperspyFilesLoadWithEqualValuesAxesAndMetadata() throws IOException {
    Map<String, List<String[]>> byFile = Golden.byFile();
    byFile.remove("-");
    assertThat(byFile.keySet()).contains("cal.blo", "units.blo", "row.blo", "bigendian.blo",
        "single.blo", "lazy.blo");
    return byFile.entrySet().stream()
        .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> check(e.getKey(), e.getValue())));
  }

  @TestFactory
  Stream<DynamicTest> serialDatesConvertAsHyperSpyInEveryZone() throws IOException {
    List<String[]> serials = Golden.byFile().get("-");
    assertThat(serials).hasSizeGreaterThanOrEqualTo(40);
    return serials.stream().map(r -> DynamicTest.dynamicTest(r[2] + " in " + r[3], () -> {
      String[] got = BlockfileMetadata.serialDate(Double.parseDouble(r[2]), ZoneId.of(r[3]));
      assertThat(got).containsExactly(r[4], r[5], r[6]);
    }));
  }

  private static void check(String name, List<String[]> records) throws IOException {
    Blockfile bf = Blockfile.open(Golden.file(name));
    Signal s = bf.signal();
    assertThat(s.isLazy()).isTrue();
    assertThat(s.dtype()).isEqualTo(DType.UINT8);
    assertThat(s.title()).isEmpty();

    Map<String, Object> md = new LinkedHashMap<>();
    Map<String, Object> om = new LinkedHashMap<>();
    List<String[]> axes = new ArrayList<>();
    for (String[] r : records) {
      switch (r[1]) {
        case "shape" -> assertThat(s.data().shape()).isEqualTo(Shape.of(Golden.longs(r[2])));
        case "dtype" -> assertThat(r[2]).isEqualTo("uint8");
        case "axis" -> axes.add(r);
        case "md" -> md.put(r[2], Golden.typed(r[3], r[4]));
        case "om" -> om.put(r[2], Golden.typed(r[3], r[4]));
        default -> { }
      }
    }
    checkAxes(bf, s, axes);
    checkValues(name, bf, s, records);

    // Metadata: HyperSpy's tree with dates in UTC (the fixture's zone); the signal's is the same
    // tree with dates in this JVM's zone.
    assertThat(flatten(BlockfileMetadata.metadata(bf.header(), name, ZoneId.of("UTC"))))
        .containsExactlyInAnyOrderEntriesOf(md);
    assertThat(s.metadata()).isEqualTo(
        BlockfileMetadata.metadata(bf.header(), name, ZoneId.systemDefault()));
    assertThat(flatten(s.originalMetadata())).containsExactlyInAnyOrderEntriesOf(om);
    assertThat(s.originalMetadata().keys()).containsExactly("blockfile_header");
  }

  private static void checkAxes(Blockfile bf, Signal s, List<String[]> hyperspy) {
    List<Axis> ours = s.axes().arrayOrder();
    assertThat(ours).hasSameSizeAs(hyperspy);
    boolean squeezed = ours.size() < 4;
    for (int i = 0; i < ours.size(); i++) {
      String[] r = hyperspy.get(i);
      Axis a = ours.get(i);
      assertThat(a.size()).as("size of axis %d", i).isEqualTo(Integer.parseInt(r[4]));
      if (squeezed) continue;
      assertThat(a.name()).isEqualTo(r[3]);
      assertThat(a.scale()).as("scale of %s", r[3]).isEqualTo(Double.parseDouble(r[5]));
      assertThat(a.offset()).isEqualTo(Double.parseDouble(r[6]));
      assertThat(a.units()).isEqualTo(r[7]);
      assertThat(a.navigate()).isEqualTo(r[8].equals("1"));
    }
    if (squeezed) {
      // Our own names and the header's calibration for the axes that remain.
      BlockfileHeader h = bf.header();
      List<String> names = new ArrayList<>();
      if (h.ny() != 1) names.add("y");
      if (h.nx() != 1) names.add("x");
      names.add("dy");
      names.add("dx");
      assertThat(ours).extracting(Axis::name).containsExactlyElementsOf(names);
      for (Axis a : ours) {
        double scale = switch (a.name()) {
          case "y" -> h.sy();
          case "x" -> h.sx();
          default -> 100.0 / h.sdp();
        };
        assertThat(a.scale()).as("scale of %s", a.name()).isEqualTo(scale);
        assertThat(a.units()).isEqualTo(a.navigate() ? "nm" : "cm");
        assertThat(a.navigate()).isEqualTo(a.name().length() == 1);
      }
    }
    assertThat(s.axes()).isEqualTo(bf.axes());
  }

  private static void checkValues(String name, Blockfile bf, Signal s, List<String[]> records)
      throws IOException {
    Shape shape = s.data().shape();
    List<ChunkGrid> grids = new ArrayList<>();
    grids.add(s.data().grid());
    grids.add(ChunkGrid.single(shape));
    int[] odd = new int[shape.rank()];
    for (int a = 0; a < odd.length; a++) odd[a] = (int) Math.max(1, (shape.dim(a) + 1) / 2);
    grids.add(ChunkGrid.regular(shape, odd));
    grids.add(bf.signal(ExecOptions.defaults().withBudgetBytes(4096).withParallelism(2)).data().grid());
    for (int buffer : BUFFERS) {
      Blockfile withBuffer = Blockfile.open(Golden.file(name), buffer);
      for (ChunkGrid grid : grids) {
        Block b = withBuffer.signal(grid).data().compute().toBlock();
        checkBlock(b, records, name + " buffer " + buffer + " grid " + grid.extentsString());
      }
    }
    Signal vbf = bf.virtualBrightField();
    assertThat(vbf.axes().navigationDimension()).isZero();
    assertThat(vbf.axes().signalAxes()).hasSize(s.axes().navigationDimension());
    for (int i = 0; i < vbf.axes().rank(); i++) {
      Axis nav = s.axes().axis(i);
      assertThat(vbf.axes().axis(i)).isEqualTo(nav.withNavigate(false));
    }
    Block image = vbf.data().compute().toBlock();
    for (String[] r : records) {
      if (r[1].equals("vbf")) assertThat(unsigned(image)).containsExactly(Golden.values(r[2]));
    }
    if (s.axes().navigationDimension() > 0) {
      assertThat(s.withNavigator(vbf).navigator()).contains(vbf);
    }
  }

  private static void checkBlock(Block b, List<String[]> records, String what) {
    int[] v = unsigned(b);
    long sum = 0;
    long wsum = 0;
    for (int i = 0; i < v.length; i++) {
      sum += v[i];
      wsum += (long) i * v[i];
    }
    int frame = v.length == 0 ? 0 : v.length / countFrames(records, v.length);
    for (String[] r : records) {
      switch (r[1]) {
        case "sum" -> assertThat(sum).as("sum, %s", what).isEqualTo(Long.parseLong(r[2]));
        case "wsum" -> assertThat(wsum).as("weighted sum, %s", what).isEqualTo(Long.parseLong(r[2]));
        case "values" -> assertThat(v).as("values, %s", what).containsExactly(Golden.values(r[2]));
        case "frame" -> {
          int k = Integer.parseInt(r[2]);
          int[] expected = Golden.values(r[3]);
          int[] got = java.util.Arrays.copyOfRange(v, k * frame, (k + 1) * frame);
          assertThat(got).as("frame %d, %s", k, what).containsExactly(expected);
        }
        default -> { }
      }
    }
  }

  /** The number of frames: total values over the size of the frame records. */
  private static int countFrames(List<String[]> records, int total) {
    for (String[] r : records) {
      if (r[1].equals("frame")) return total / Golden.values(r[3]).length;
    }
    throw new AssertionError("no frame record");
  }

  private static int[] unsigned(Block b) {
    int[] out = new int[b.length()];
    for (int i = 0; i < out.length; i++) out[i] = (int) b.getLong(i);
    return out;
  }

  /** Every leaf of {@code m} by its dotted path. */
  static Map<String, Object> flatten(Metadata m) {
    Map<String, Object> out = new LinkedHashMap<>();
    flatten(m, "", out);
    return out;
  }

  private static void flatten(Metadata m, String prefix, Map<String, Object> out) {
    for (String k : m.keys()) {
      Object v = m.get(k).orElse(null);
      if (v instanceof Metadata node) {
        flatten(node, prefix + k + ".", out);
      } else {
        out.put(prefix + k, v);
      }
    }
  }
}
