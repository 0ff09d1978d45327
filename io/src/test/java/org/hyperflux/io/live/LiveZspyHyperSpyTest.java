package org.hyperflux.io.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.live.ScanGeometry;
import org.hyperflux.core.testing.PythonHyperSpy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by the live writer load in HyperSpy 1.7.3 ({@code hs.load}) with the values
 * that were sent, the axes, title and signal type, the header as {@code original_metadata}, and
 * {@code metadata.Acquisition} with the valid-frame mask as a boolean numpy array: a complete
 * scan, and a partial one (a sender that disconnected mid-scan after a gap). Skipped when
 * {@code /usr/bin/python3} cannot import HyperSpy.
 */
@EnabledIf("org.hyperflux.core.testing.PythonHyperSpy#available")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class LiveZspyHyperSpyTest {
  @TempDir
  Path dir;

  @Test
  @SuppressWarnings("unchecked")
  void completeAndPartialFilesLoadInHyperSpyWithEqualValuesAxesAndMask() throws Exception {
    ScanGeometry g = LiveScans.geometry(4, 6, 9, 7);
    LiveScans.Stream complete = new LiveScans.Stream(g).batch(5);
    LiveScans.Stream partial = new LiveScans.Stream(g).batch(4).gap(3, 2).failAfter(15);
    Path a = dir.resolve("complete.zspy");
    Path b = dir.resolve("partial.zspy");
    LiveZspyWriter.of(LiveZspyOptions.to(a).withScanCalibration(1.5, "nm")
        .withDetectorCalibration(0.02, "1/nm").withTitle("live scan")).consume(complete.events())
        .block(java.time.Duration.ofSeconds(60));
    LiveZspyWriter wb = LiveZspyWriter.of(LiveZspyOptions.to(b));
    wb.consume(partial.events()).onErrorResume(e -> reactor.core.publisher.Mono.empty())
        .block(java.time.Duration.ofSeconds(60));
    assertThat(wb.report().block(java.time.Duration.ofSeconds(60)).complete()).isFalse();

    Path script = Path.of(getClass().getResource("/live/read_live_with_hyperspy.py").toURI());
    List<String> lines = PythonHyperSpy.run(script, List.of(a.toString(), b.toString()));
    assertThat(lines).hasSize(2);
    ObjectMapper json = new ObjectMapper();
    LiveScans.Stream[] streams = {complete, partial};
    for (int f = 0; f < 2; f++) {
      Map<String, Object> seen = json.readValue(lines.get(f), Map.class);
      LiveScans.Stream s = streams[f];
      String what = f == 0 ? "complete file" : "partial file";
      assertThat(seen.get("class")).as(what).isEqualTo("Signal2D");
      assertThat(seen.get("dtype")).as(what).isEqualTo("uint16");
      assertThat(seen.get("shape")).as(what).isEqualTo(List.of(4, 6, 9, 7));
      List<Number> data = (List<Number>) seen.get("data");
      int fp = g.framePixels();
      for (long k = 0; k < g.frames(); k++) {
        for (int p = 0; p < fp; p++) {
          int expected = s.arrives(k) ? LiveScans.pixel(g, k, p / g.frameWidth(), p % g.frameWidth()) : 0;
          assertThat(data.get((int) k * fp + p).intValue()).as("%s frame %d pixel %d", what, k, p)
              .isEqualTo(expected);
        }
      }
      List<Map<String, Object>> axes = (List<Map<String, Object>>) seen.get("axes");
      assertThat(axes).extracting(m -> m.get("name")).containsExactly("y", "x", "dy", "dx");
      assertThat(axes).extracting(m -> m.get("navigate")).containsExactly(true, true, false, false);
      assertThat(axes).extracting(m -> m.get("size")).containsExactly(4, 6, 9, 7);
      if (f == 0) {
        assertThat(axes).extracting(m -> m.get("scale")).containsExactly(1.5, 1.5, 0.02, 0.02);
        assertThat(axes).extracting(m -> m.get("units")).containsExactly("nm", "nm", "1/nm", "1/nm");
        assertThat(seen.get("title")).isEqualTo("live scan");
      } else {
        assertThat(axes).extracting(m -> m.get("units")).containsOnlyNulls();
        assertThat(seen.get("title")).isEqualTo("partial");
      }
      Map<String, Object> acq = (Map<String, Object>) seen.get("acquisition");
      assertThat(acq.get("complete")).as(what).isEqualTo(f == 0);
      assertThat(((Number) acq.get("frames_expected")).longValue()).isEqualTo(24);
      assertThat(((Number) acq.get("frames_written")).longValue()).isEqualTo(f == 0 ? 24 : 13);
      assertThat(acq.get("end")).isEqualTo(f == 0 ? "completed" : "failed");
      assertThat(seen.get("mask_dtype")).isEqualTo("bool");
      List<List<Boolean>> mask = (List<List<Boolean>>) seen.get("mask");
      for (long k = 0; k < g.frames(); k++) {
        assertThat(mask.get(g.row(k)).get(g.column(k))).as("%s mask %d", what, k).isEqualTo(s.arrives(k));
      }
      Map<String, Object> original = (Map<String, Object>) seen.get("original_metadata");
      assertThat(original.get("ScanX")).isEqualTo("6");
      assertThat(original.get("Frames in Acquisition (Number)")).isEqualTo("24");
    }
  }
}
