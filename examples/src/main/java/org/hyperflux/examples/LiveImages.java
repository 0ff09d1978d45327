package org.hyperflux.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.detector.FrameAnalysisSnapshot;
import org.hyperflux.core.live.ScanGeometry;

/**
 * Writes the images of a {@link FrameAnalysisSnapshot} as PNGs into one directory, replacing the
 * previous ones: {@code navigator.png}, one per detector ({@code vbf.png}, {@code adf.png}),
 * {@code com_x.png}, {@code com_y.png}, {@code sum_frame.png} (log-scaled: {@code log(1 + v)})
 * and {@code latest_frame.png}, each rendered by {@link NavigatorImage} (viridis, 1st–99th
 * percentile stretch, colour bar). Positions not filled yet are NaN and drawn in the lowest
 * colour; an image with nothing filled yet is skipped. Each file is written under a temporary
 * name and renamed into place, so a viewer never reads half a PNG. Not thread-safe: one renderer
 * at a time ({@code live acquire} runs it on one worker, LATEST).
 */
final class LiveImages {
  private final Path dir;

  LiveImages(Path dir) {
    this.dir = dir;
  }

  /** Writes the snapshot's images; returns the files written. */
  List<Path> write(FrameAnalysisSnapshot s) throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    ScanGeometry g = s.geometry();
    String progress = String.format(Locale.ROOT, "%d of %d frames", s.framesAccepted(),
        s.framesExpected());
    if (s.navigator() != null) {
      nav(written, "navigator", "navigator (sum of each frame)", s.navigator(), g, progress);
    }
    for (Map.Entry<String, Partial<Block>> e : s.detectors().entrySet()) {
      nav(written, e.getKey(), e.getKey() + " (virtual detector)", e.getValue(), g, progress);
    }
    if (s.comX() != null) nav(written, "com_x", "centre of mass x (pixels)", s.comX(), g, progress);
    if (s.comY() != null) nav(written, "com_y", "centre of mass y (pixels)", s.comY(), g, progress);
    if (s.sumFrame() != null) {
      double[] v = new double[g.framePixels()];
      for (int i = 0; i < v.length; i++) v[i] = Math.log1p(Math.max(0, s.sumFrame().getDouble(i)));
      png(written, "sum_frame", v, g.frameHeight(), g.frameWidth(), "sum frame, log(1 + counts)",
          progress);
    }
    if (s.latestFrame() != null) {
      double[] v = new double[g.framePixels()];
      for (int i = 0; i < v.length; i++) v[i] = s.latestFrame().getDouble(i);
      png(written, "latest_frame", v, g.frameHeight(), g.frameWidth(),
          "latest frame (" + s.latestFrameIndex() + ")", progress);
    }
    return written;
  }

  private void nav(List<Path> written, String name, String title, Partial<Block> image,
      ScanGeometry g, String progress) throws IOException {
    if (image.accepted() == 0) return;
    double[] v = new double[g.scanY() * g.scanX()];
    for (int k = 0; k < v.length; k++) {
      v[k] = FrameAnalysisSnapshot.isValid(image, k) ? image.value().getDouble(k) : Double.NaN;
    }
    png(written, name, v, g.scanY(), g.scanX(), title, progress + ", " + image.accepted()
        + " positions filled");
  }

  private void png(List<Path> written, String name, double[] values, int height, int width,
      String title, String caption) throws IOException {
    NavigatorImage.Rendered r = NavigatorImage.render(values, height, width,
        NavigatorImage.ColorMap.VIRIDIS, title, caption);
    Path target = dir.resolve(name + ".png");
    Path tmp = dir.resolve("." + name + ".png.tmp");
    if (!ImageIO.write(r.image(), "png", tmp.toFile())) {
      throw new IOException("no PNG writer in this JDK");
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    written.add(target);
  }
}
