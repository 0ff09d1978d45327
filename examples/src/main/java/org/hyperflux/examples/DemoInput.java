package org.hyperflux.examples;

import java.util.concurrent.atomic.LongAdder;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.exec.RegionFunction;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.Axes;
import org.hyperflux.core.signal.Axis;
import org.hyperflux.core.signal.Signal;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The input of the signal subcommands ({@code info}, {@code navigator}) as a picocli mixin: the
 * word {@code demo}, the only readable input until file formats land, and the options that shape
 * the generated 4D-STEM data of {@link SyntheticStem} ({@code --scan}, {@code --frame},
 * {@code --chunk}, {@code --budget}, with the same meaning and defaults as {@code hyperflux
 * demo}).
 *
 * <p>{@link #signal()} wraps the generated data in a lazy {@link Signal} calibrated like a real
 * 4D-STEM scan: navigation axes {@code x}, {@code y} in nm with a step of {@link #SCAN_STEP_NM}
 * from 0, signal axes {@code kx}, {@code ky} in mrad with a step of {@link #FRAME_STEP_MRAD} and
 * the frame centre at 0 mrad (offset {@code -(n / 2) * step}); title {@value #TITLE}, signal type
 * {@code electron_diffraction}. Building it reads nothing: the data are generated chunk by chunk
 * when an execution asks for them.
 */
final class DemoInput {
  /** The only input accepted today. */
  static final String DEMO = "demo";
  /** The demo signal's title. */
  static final String TITLE = "demo 4D-STEM";
  /** Scan step of the demo's navigation axes, in nm. */
  static final double SCAN_STEP_NM = 0.5;
  /** Angular step of the demo's diffraction pixels, in mrad. */
  static final double FRAME_STEP_MRAD = 0.25;

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE-or-demo",
      description = "the input; only 'demo' (generated 4D-STEM data) is readable until file"
          + " formats land")
  String input;

  @Mixin
  DemoData data = new DemoData();

  /**
   * When set (by tests), counts every element the generator writes: the data actually read.
   * Null on the command line.
   */
  LongAdder generatedElements;

  /**
   * Whether the input is readable; otherwise prints why to standard error. The caller returns
   * exit code 2 when this is false.
   */
  boolean readable() {
    if (DEMO.equals(input)) return true;
    spec.commandLine().getErr().println("hyperflux " + spec.name() + ": cannot read '" + input
        + "': only 'demo' (generated 4D-STEM data) is readable until file formats land;"
        + " try 'hyperflux " + spec.name() + " demo --scan 64x64'");
    spec.commandLine().getErr().flush();
    return false;
  }

  /** The calibrated lazy demo signal (nothing is read). */
  Signal signal() {
    SyntheticStem stem = data.stem();
    Shape shape = stem.shape();
    ChunkGrid grid = data.grid(shape);
    LongAdder counter = generatedElements;
    GeneratedSource source = counter == null
        ? stem.source(grid)
        : GeneratedSource.ofRegions("4D-STEM", DType.UINT16, grid, counting(stem, counter));
    int sy = data.scan.get(0);
    int sx = data.scan.get(1);
    int h = data.frame.get(0);
    int w = data.frame.get(1);
    Axes axes = Axes.of(
        Axis.uniform(sy, SCAN_STEP_NM, 0.0).withName("y").withUnits("nm").withNavigate(true),
        Axis.uniform(sx, SCAN_STEP_NM, 0.0).withName("x").withUnits("nm").withNavigate(true),
        Axis.uniform(h, FRAME_STEP_MRAD, -(h / 2) * FRAME_STEP_MRAD).withName("ky")
            .withUnits("mrad"),
        Axis.uniform(w, FRAME_STEP_MRAD, -(w / 2) * FRAME_STEP_MRAD).withName("kx")
            .withUnits("mrad"));
    Signal s = Signal.lazy(LazyArray.of(source), axes);
    return s.withMetadata(s.metadata().withTitle(TITLE).withSignalType("electron_diffraction"));
  }

  private static RegionFunction counting(SyntheticStem stem, LongAdder counter) {
    return (region, out) -> {
      counter.add(region.size());
      stem.fill(region, out);
    };
  }
}
