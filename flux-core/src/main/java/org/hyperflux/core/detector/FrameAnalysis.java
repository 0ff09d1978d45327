package org.hyperflux.core.detector;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hyperflux.core.accumulate.Accumulator;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.Pass;
import org.hyperflux.core.live.ScanGeometry;
import org.hyperflux.core.signal.Axes;
import org.hyperflux.core.signal.Signal;
import reactor.core.publisher.Mono;

/**
 * What to compute from each frame of a 4D-STEM scan, in one fused pass per frame (LiberTEM's
 * {@code SumUDF}, {@code SumSigUDF}, {@code ApplyMasksUDF}, {@code CoMUDF} and a latest-frame
 * monitor in one): the sum frame, the latest frame, the navigator (the sum of each frame),
 * virtual detector images from {@link DetectorMask}s and centre-of-mass maps. The same analysis
 * runs offline over a {@link Signal} ({@link #offline}) and live over an acquisition
 * ({@link #live}); per-position values are bit-identical between the two, and so are the sum
 * frame and navigator of integer frames (exact {@code long} sums). Float sum frames of a live run
 * depend on how frames were spread over the cores, at the level of rounding.
 *
 * <p>Immutable and thread-safe; the {@code with*} methods return new analyses.
 *
 * <pre>{@code
 * FrameAnalysis a = FrameAnalysis.create().withSumFrame().withNavigator()
 *     .withDetector("vbf", DetectorMask.disc(128, 128, 20))
 *     .withDetector("adf", DetectorMask.annulus(128, 128, 40, 100))
 *     .withCentreOfMass();
 * FrameAnalysisSnapshot offline = a.offline(signal, options).block();
 * }</pre>
 */
public final class FrameAnalysis implements Serializable {
  private static final long serialVersionUID = 1L;

  private final boolean sumFrame;
  private final boolean latestFrame;
  private final boolean navigator;
  private final boolean com;
  private final double comCx;
  private final double comCy;
  private final LinkedHashMap<String, DetectorMask> detectors;

  private FrameAnalysis(boolean sumFrame, boolean latestFrame, boolean navigator, boolean com,
      double comCx, double comCy, LinkedHashMap<String, DetectorMask> detectors) {
    this.sumFrame = sumFrame;
    this.latestFrame = latestFrame;
    this.navigator = navigator;
    this.com = com;
    this.comCx = comCx;
    this.comCy = comCy;
    this.detectors = detectors;
  }

  /** An analysis that computes nothing yet. */
  public static FrameAnalysis create() {
    return new FrameAnalysis(false, false, false, false, 0, 0, new LinkedHashMap<>());
  }

  /** Adds the sum of all frames. */
  public FrameAnalysis withSumFrame() {
    return new FrameAnalysis(true, latestFrame, navigator, com, comCx, comCy, detectors);
  }

  /** Adds a copy of the latest frame (the one with the highest index). */
  public FrameAnalysis withLatestFrame() {
    return new FrameAnalysis(sumFrame, true, navigator, com, comCx, comCy, detectors);
  }

  /** Adds the navigator: the sum of each frame, per scan position. */
  public FrameAnalysis withNavigator() {
    return new FrameAnalysis(sumFrame, latestFrame, true, com, comCx, comCy, detectors);
  }

  /** Adds centre-of-mass maps in absolute pixel coordinates (column, row). */
  public FrameAnalysis withCentreOfMass() {
    return withCentreOfMass(0, 0);
  }

  /** Adds centre-of-mass maps relative to column {@code cx}, row {@code cy}. */
  public FrameAnalysis withCentreOfMass(double cx, double cy) {
    if (!Double.isFinite(cx) || !Double.isFinite(cy)) {
      throw new IllegalArgumentException("centre must be finite, got (" + cx + ", " + cy + ")");
    }
    return new FrameAnalysis(sumFrame, latestFrame, navigator, true, cx, cy, detectors);
  }

  /**
   * Adds a virtual detector image named {@code name}.
   *
   * @throws IllegalArgumentException if the name is taken
   */
  public FrameAnalysis withDetector(String name, DetectorMask mask) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mask, "mask");
    if (detectors.containsKey(name)) {
      throw new IllegalArgumentException("a detector named '" + name + "' exists already; "
          + "names: " + detectors.keySet());
    }
    LinkedHashMap<String, DetectorMask> d = new LinkedHashMap<>(detectors);
    d.put(name, mask);
    return new FrameAnalysis(sumFrame, latestFrame, navigator, com, comCx, comCy, d);
  }

  /** The detectors by name, in the order they were added. */
  public Map<String, DetectorMask> detectors() {
    return Collections.unmodifiableMap(detectors);
  }

  boolean sumFrame() {
    return sumFrame;
  }

  boolean latestFrame() {
    return latestFrame;
  }

  boolean navigator() {
    return navigator;
  }

  boolean centreOfMass() {
    return com;
  }

  List<String> detectorNames() {
    return new ArrayList<>(detectors.keySet());
  }

  /** Index of the detector named {@code name}; fails listing the names. */
  int detectorIndex(String name) {
    int i = detectorNames().indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException(
          "Unknown detector '" + name + "'; available: " + detectors.keySet());
    }
    return i;
  }

  /**
   * The kernel for frames of {@code geometry}.
   *
   * @throws IllegalArgumentException if a mask does not fit the frames
   */
  FrameKernel compile(ScanGeometry geometry) {
    DetectorMask.Compiled[] masks = new DetectorMask.Compiled[detectors.size()];
    int i = 0;
    for (Map.Entry<String, DetectorMask> e : detectors.entrySet()) {
      try {
        masks[i++] = e.getValue().compile(geometry.frameHeight(), geometry.frameWidth());
      } catch (IllegalArgumentException x) {
        throw new IllegalArgumentException("detector '" + e.getKey() + "': " + x.getMessage(), x);
      }
    }
    return new FrameKernel(geometry.frameHeight(), geometry.frameWidth(), geometry.dtype(),
        sumFrame, masks, new int[masks.length], com, comCx, comCy);
  }

  /**
   * This analysis as an accumulator over 4-D arrays of {@code geometry}'s shape ({@code scanY,
   * scanX, frameHeight, frameWidth}, or 3-D {@code n, frameHeight, frameWidth} for a line) for a
   * {@link Pass}. It needs tiles of whole frames: chunks that keep the signal axes whole and a
   * tile size of at least one frame ({@link #offline} arranges both).
   *
   * @throws IllegalArgumentException if a mask does not fit the frames
   */
  public Accumulator<?, FrameAnalysisSnapshot> accumulator(ScanGeometry geometry) {
    return new FrameAnalysisAccumulator(this, geometry, compile(geometry));
  }

  /**
   * The scan geometry of a signal with one or two navigation axes and two signal axes (array
   * order: navigation {@code y, x}, then signal {@code height, width}).
   *
   * @throws IllegalArgumentException for any other signal
   */
  public static ScanGeometry geometryOf(Signal signal) {
    Axes axes = signal.axes();
    long[] shape = signal.data().shape().dims();
    int nav = axes.navigationDimension();
    if (axes.signalDimension() != 2 || nav < 1 || nav > 2) {
      throw new IllegalArgumentException(
          "a frame analysis needs a signal with 1 or 2 navigation axes and 2 signal axes"
              + " (4D-STEM), got " + signal);
    }
    for (long d : shape) {
      if (d > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("axis of " + d + " points is too long in " + signal);
      }
    }
    int scanY = nav == 2 ? (int) shape[0] : 1;
    int scanX = (int) shape[nav - 1];
    return new ScanGeometry(scanY, scanX, (int) shape[nav], (int) shape[nav + 1], signal.dtype());
  }

  /**
   * Runs this analysis over {@code signal} (see {@link #geometryOf}) in one {@link Pass}: the
   * frames are read once, in parallel, in chunks of whole frames (a signal whose chunks cut its
   * frames is rechunked to whole frames first), with tiles of at least one frame. Built now (bad
   * input fails here); the data is read on subscription.
   */
  public Mono<FrameAnalysisSnapshot> offline(Signal signal, ExecOptions options) {
    Objects.requireNonNull(options, "options");
    ScanGeometry g = geometryOf(signal);
    Accumulator<?, FrameAnalysisSnapshot> acc = accumulator(g);
    Signal s = signal;
    ChunkGrid grid = s.data().grid();
    int rank = grid.rank();
    if (grid.chunksAlong(rank - 1) != 1 || grid.chunksAlong(rank - 2) != 1) {
      s = s.rechunk(null, new long[] {-1}, options);
    }
    ExecOptions o = options.withTileElements(Math.max(options.tileElements(), g.framePixels()));
    return Pass.over(s.data().node(), o).feed(acc).run()
        .map(results -> (FrameAnalysisSnapshot) results.get(0).value());
  }

  /** This analysis as a consumer of a live acquisition (see {@link LiveAnalysis}). */
  public LiveAnalysis live(ExecOptions options) {
    return new LiveAnalysis(this, options);
  }

  /** The dtype of the navigator and the sum frame for frames of {@code dtype}. */
  static DType sumType(DType dtype) {
    return FrameAnalysisSnapshot.sumType(dtype);
  }
}
