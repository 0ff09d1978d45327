package org.hyperflux.core.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.live.ScanGeometry;
import org.hyperflux.core.signal.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The offline frame analysis against a plain-loop reference. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FrameAnalysisTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final ExecOptions OPTIONS = ExecOptions.defaults().withParallelism(2);

  /** Weights of frame shape: a deterministic ramp with zeros, not 0/1. */
  static double[] ramp(int h, int w) {
    double[] m = new double[h * w];
    for (int k = 0; k < m.length; k++) m[k] = (k % 3 == 0) ? 0 : 0.1 * (k % 7) - 0.25;
    return m;
  }

  static FrameAnalysis everything(ScanGeometry g) {
    double c = g.frameWidth() / 2.0;
    return FrameAnalysis.create().withSumFrame().withLatestFrame().withNavigator()
        .withDetector("vbf", DetectorMask.disc(c, g.frameHeight() / 2.0, g.frameWidth() / 5.0))
        .withDetector("adf", DetectorMask.annulus(c, g.frameHeight() / 2.0, 2, g.frameWidth() / 2.5))
        .withDetector("ramp", DetectorMask.weights(g.frameHeight(), g.frameWidth(), ramp(g.frameHeight(), g.frameWidth())))
        .withCentreOfMass(c, c);
  }

  /** The plain-loop reference for one frame: total, vbf, adf, ramp, comX, comY. */
  static double[] reference(ScanGeometry g, Block all, long f) {
    int h = g.frameHeight();
    int w = g.frameWidth();
    double c = w / 2.0;
    double r1 = w / 5.0;
    double r2 = w / 2.5;
    double[] ramp = ramp(h, w);
    double total = 0, vbf = 0, adf = 0, rampSum = 0, mx = 0, my = 0;
    int base = (int) (f * h * w);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double v = all.getDouble(base + y * w + x);
        double d2 = (x - c) * (x - c) + (y - h / 2.0) * (y - h / 2.0);
        total += v;
        if (d2 <= r1 * r1) vbf += v;
        if (d2 > 4 && d2 <= r2 * r2) adf += v;
        if (ramp[y * w + x] != 0) rampSum += ramp[y * w + x] * v;
        mx += x * v;
        my += y * v;
      }
    }
    return new double[] {total, vbf, adf, rampSum, total == 0 ? Double.NaN : mx / total - c,
        total == 0 ? Double.NaN : my / total - c};
  }

  static void checkAgainstReference(ScanGeometry g, FrameAnalysisSnapshot s) {
    checkAgainstReference(g, ScanFixtures.frames(g), s);
  }

  static void checkAgainstReference(ScanGeometry g, Block all, FrameAnalysisSnapshot s) {
    assertThat(s.framesAccepted()).isEqualTo(g.frames());
    assertThat(s.isComplete()).isTrue();
    assertThat(s.navigator().validMask()).isNull();
    for (int f = 0; f < g.frames(); f++) {
      double[] ref = reference(g, all, f);
      assertThat(s.navigator().value().getDouble(f)).as("navigator %d", f).isEqualTo(ref[0]);
      assertThat(s.detector("vbf").value().getDouble(f)).as("vbf %d", f).isEqualTo(ref[1]);
      assertThat(s.detector("adf").value().getDouble(f)).as("adf %d", f).isEqualTo(ref[2]);
      assertThat(s.detector("ramp").value().getDouble(f)).as("ramp %d", f)
          .isCloseTo(ref[3], org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, Math.abs(ref[0]))));
      assertThat(s.comX().value().getDouble(f)).as("comX %d", f)
          .isCloseTo(ref[4], org.assertj.core.data.Offset.offset(1e-12));
      assertThat(s.comY().value().getDouble(f)).as("comY %d", f)
          .isCloseTo(ref[5], org.assertj.core.data.Offset.offset(1e-12));
    }
    int fp = g.framePixels();
    for (int p = 0; p < fp; p++) {
      double sum = 0;
      for (int f = 0; f < g.frames(); f++) sum += all.getDouble(f * fp + p);
      assertThat(s.sumFrame().getDouble(p)).isEqualTo(sum);
    }
    assertThat(s.latestFrameIndex()).isEqualTo(g.frames() - 1);
    for (int p = 0; p < fp; p++) {
      assertThat(s.latestFrame().getDouble(p)).isEqualTo(all.getDouble((int) ((g.frames() - 1) * fp + p)));
    }
  }

  @Test
  void offlineEqualsThePlainLoopOnAwkwardChunks() {
    ScanGeometry g = new ScanGeometry(7, 9, 12, 10, DType.UINT16);
    FrameAnalysisSnapshot s = everything(g).offline(ScanFixtures.signal(g, 3, 4, 12, 10), OPTIONS)
        .block(WAIT);
    checkAgainstReference(g, s);
    assertThat(s.sumFrame().dtype()).isEqualTo(DType.UINT64);
    assertThat(s.navigator().value().dtype()).isEqualTo(DType.UINT64);
  }

  @Test
  void chunksThatCutFramesAreAssembledIntoWholeFrames() {
    ScanGeometry g = new ScanGeometry(4, 5, 12, 10, DType.UINT8);
    FrameAnalysisSnapshot s = everything(g).offline(ScanFixtures.signal(g, 2, 2, 5, 4), OPTIONS)
        .block(WAIT);
    checkAgainstReference(g, s);
  }

  @Test
  void float32FramesAndTilesSmallerThanAChunk() {
    ScanGeometry g = new ScanGeometry(5, 6, 8, 9, DType.FLOAT32);
    FrameAnalysisSnapshot s = everything(g)
        .offline(ScanFixtures.signal(g, 5, 6, 8, 9), OPTIONS.withTileElements(100)).block(WAIT);
    checkAgainstReference(g, s);
    assertThat(s.sumFrame().dtype()).isEqualTo(DType.FLOAT64);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(value = DType.class,
      names = {"BOOL", "INT8", "UINT8", "INT16", "UINT16", "INT32", "UINT32", "INT64", "UINT64", "FLOAT32", "FLOAT64"})
  void signedAndUnsignedPixelsOfEveryDtype(DType dtype) {
    ScanGeometry g = new ScanGeometry(3, 4, 9, 10, dtype);
    Block all = Block.allocate(dtype, (int) g.frames() * g.framePixels());
    for (int i = 0; i < all.length(); i++) {
      long v = (i * 2654435761L >>> 7) % 251 - 120;   // -120 .. 130, negative for signed types
      if (dtype.isUnsigned()) v = Math.abs(v) + (dtype.itemSize() >= 2 ? 40000L * (i % 2) : 0);
      if (dtype == DType.BOOL) v = v > 0 ? 1 : 0;
      if (dtype == DType.INT64 || dtype == DType.UINT64 || dtype == DType.INT32) v *= 1_000_003L;
      all.setLong(i, v);
    }
    Signal s = Signal.of(org.hyperflux.core.exec.MemoryArray.of(g.shape(), all), 2);
    checkAgainstReference(g, all, everything(g).offline(s, OPTIONS).block(WAIT));
  }

  @Test
  void aLineScanHasOneRow() {
    ScanGeometry g = new ScanGeometry(1, 11, 6, 6, DType.INT32);
    Signal line = Signal.of(org.hyperflux.core.exec.MemoryArray.of(
        org.hyperflux.core.array.Shape.of(11, 6, 6), ScanFixtures.frames(g)), 2);
    assertThat(FrameAnalysis.geometryOf(line)).isEqualTo(g);
    checkAgainstReference(g, everything(g).offline(line, OPTIONS).block(WAIT));
  }

  @Test
  void aZeroFrameHasNoCentreOfMass() {
    ScanGeometry g = new ScanGeometry(1, 2, 4, 4, DType.UINT16);
    Block zeros = Block.allocate(DType.UINT16, 32);
    zeros.setLong(16 + 5, 3);
    Signal s = Signal.of(org.hyperflux.core.exec.MemoryArray.of(g.shape(), zeros), 2);
    FrameAnalysisSnapshot r = FrameAnalysis.create().withCentreOfMass().offline(s, OPTIONS).block(WAIT);
    assertThat(r.comX().value().getDouble(0)).isNaN();
    assertThat(r.comX().value().getDouble(1)).isEqualTo(1.0);
    assertThat(r.comY().value().getDouble(1)).isEqualTo(1.0);
    assertThat(r.navigator()).isNull();
    assertThat(r.detectors()).isEmpty();
  }

  @Test
  void badInputFailsWhenBuilt() {
    ScanGeometry g = new ScanGeometry(2, 2, 4, 4, DType.UINT16);
    Signal s = ScanFixtures.signal(g, 2, 2, 4, 4);
    assertThatThrownBy(() -> FrameAnalysis.create()
            .withDetector("m", DetectorMask.weights(3, 3, new double[9])).offline(s, OPTIONS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("detector 'm'").hasMessageContaining("does not fit frames of 4x4");
    assertThatThrownBy(() -> FrameAnalysis.create().offline(s.sum(org.hyperflux.core.signal.AxisSet.SIGNAL), OPTIONS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 signal axes");
    assertThatThrownBy(() -> FrameAnalysis.create().withDetector("a", DetectorMask.disc(1, 1, 1))
            .withDetector("a", DetectorMask.disc(1, 1, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exists already");
    assertThatThrownBy(() -> DetectorMask.annulus(1, 1, 3, 2)).isInstanceOf(IllegalArgumentException.class);
    FrameAnalysisSnapshot r = FrameAnalysis.create().offline(s, OPTIONS).block(WAIT);
    assertThatThrownBy(() -> r.detector("vbf")).hasMessageContaining("Unknown detector 'vbf'; available: []");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theAccumulatorSurvivesSerialisation() throws Exception {
    ScanGeometry g = new ScanGeometry(3, 4, 6, 6, DType.UINT16);
    var acc = everything(g).accumulator(g);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(acc);
    }
    Object back;
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
        new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      back = in.readObject();
    }
    Signal s = ScanFixtures.signal(g, 3, 4, 6, 6);
    var results = org.hyperflux.core.exec.Pass.over(s.data().node(), OPTIONS.withTileElements(1 << 10))
        .feed((org.hyperflux.core.accumulate.Accumulator<?, ?>) back).run().block(WAIT);
    checkAgainstReference(g, (FrameAnalysisSnapshot) results.get(0).value());
  }

  @Test
  void discPlusAnnulusIsTheLargerDisc() {
    ScanGeometry g = new ScanGeometry(3, 3, 16, 16, DType.UINT16);
    FrameAnalysisSnapshot s = FrameAnalysis.create()
        .withDetector("d1", DetectorMask.disc(7.5, 8, 3))
        .withDetector("a", DetectorMask.annulus(7.5, 8, 3, 6))
        .withDetector("d2", DetectorMask.disc(7.5, 8, 6))
        .offline(ScanFixtures.signal(g, 3, 3, 16, 16), OPTIONS).block(WAIT);
    for (int f = 0; f < 9; f++) {
      assertThat(s.detector("d1").value().getDouble(f) + s.detector("a").value().getDouble(f))
          .isEqualTo(s.detector("d2").value().getDouble(f));
    }
  }

  /** Bitwise equality of two images (values and masks). */
  static void assertSameImage(Partial<Block> a, Partial<Block> b, String what) {
    assertThat(a.accepted()).as(what + " accepted").isEqualTo(b.accepted());
    BitSet ma = a.validMask();
    BitSet mb = b.validMask();
    assertThat(ma).as(what + " valid mask").isEqualTo(mb);
    assertSameBlock(a.value(), b.value(), what);
  }

  static void assertSameBlock(Block a, Block b, String what) {
    assertThat(a.dtype()).as(what + " dtype").isEqualTo(b.dtype());
    assertThat(a.length()).as(what + " length").isEqualTo(b.length());
    for (int i = 0; i < a.length(); i++) {
      if (a.dtype() == DType.FLOAT64 || a.dtype() == DType.FLOAT32) {
        assertThat(Double.doubleToLongBits(a.getDouble(i))).as("%s[%d]: %s vs %s", what, i,
            a.getDouble(i), b.getDouble(i)).isEqualTo(Double.doubleToLongBits(b.getDouble(i)));
      } else {
        assertThat(a.getLong(i)).as("%s[%d]", what, i).isEqualTo(b.getLong(i));
      }
    }
  }
}
