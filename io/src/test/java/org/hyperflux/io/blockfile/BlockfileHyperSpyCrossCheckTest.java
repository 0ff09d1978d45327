package org.hyperflux.io.blockfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.signal.Axis;
import org.hyperflux.core.signal.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files the tests write from Java ({@link TestBlockfiles}, used for the 1 GiB memory test and
 * the properties) are blockfiles as HyperSpy 1.7.3 reads them: HyperSpy loads one (odd scan,
 * frames numbered from 0, a note) with the same shape, values, axes and note as hyperflux. Runs
 * when {@code /usr/bin/python3} imports HyperSpy; skipped otherwise.
 */
@EnabledIf("hyperspyAvailable")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BlockfileHyperSpyCrossCheckTest {
  private static final Path PYTHON = Path.of("/usr/bin/python3");

  @TempDir
  Path tmp;

  static boolean hyperspyAvailable() {
    if (!Files.isExecutable(PYTHON)) return false;
    try {
      Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import hyperspy.api")
          .redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void hyperspyReadsTheTestWritersFilesAsHyperflux() throws Exception {
    TestBlockfiles w = new TestBlockfiles();
    w.nx = 5;
    w.ny = 3;
    w.dp = 17;
    w.note = "cross check";
    w.frameOrder = ByteOrder.LITTLE_ENDIAN;
    Path file = tmp.resolve("java.blo");
    w.write(file);
    String script = String.join("\n",
        "import sys, warnings, logging",
        "warnings.simplefilter('ignore')",
        "import numpy as np, hyperspy.api as hs",
        "hs.set_log_level('ERROR')",
        "s = hs.load(sys.argv[1])",
        "d = s.data.reshape(-1).astype(np.int64)",
        "print('shape', ','.join(map(str, s.data.shape)))",
        "print('sum', int(d.sum()))",
        "print('wsum', int((np.arange(d.size, dtype=np.int64) * d).sum()))",
        "for a in s.axes_manager._axes: print('axis', a.name, repr(float(a.scale)), a.units)",
        "print('note', s.metadata.General.notes)");
    Process p = new ProcessBuilder(PYTHON.toString(), "-c", script, file.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();

    Signal s = Blockfile.load(file);
    Block b = s.data().compute().toBlock();
    long sum = 0;
    long wsum = 0;
    for (int i = 0; i < b.length(); i++) {
      sum += b.getLong(i);
      wsum += i * b.getLong(i);
    }
    List<Axis> axes = s.axes().arrayOrder();
    assertThat(lines).contains(
        "shape 3,5,17,17",
        "sum " + sum,
        "wsum " + wsum,
        "axis y " + axes.get(0).scale() + " nm",
        "axis x " + axes.get(1).scale() + " nm",
        "axis dy " + axes.get(2).scale() + " cm",
        "axis dx " + axes.get(3).scale() + " cm",
        "note cross check");
    assertThat(s.metadata().getString("General.notes")).contains("cross check");
  }
}
