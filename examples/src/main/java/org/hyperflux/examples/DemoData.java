package org.hyperflux.examples;

import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options that shape the generated 4D-STEM data of {@link SyntheticStem}, as a picocli
 * mixin shared by {@code demo}, {@code info} and {@code navigator}: {@code --scan},
 * {@code --frame}, {@code --budget} and {@code --chunk}.
 */
final class DemoData {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--scan", paramLabel = "YxX", defaultValue = "128x128",
      converter = Units.DimsConverter.class,
      description = "demo scan positions, the navigation shape (default: ${DEFAULT-VALUE})")
  Units.Dims scan;

  @Option(names = "--frame", paramLabel = "HxW", defaultValue = "256x256",
      converter = Units.DimsConverter.class,
      description = "demo diffraction frame, the signal shape (default: ${DEFAULT-VALUE})")
  Units.Dims frame;

  @Option(names = "--budget", paramLabel = "SIZE", defaultValue = "256m",
      converter = Units.ByteSize.class,
      description = "memory budget of each execution (and of the automatic chunks), binary"
          + " units such as 64m or 1g (default: ${DEFAULT-VALUE})")
  long budget;

  @Option(names = "--chunk", paramLabel = "YxX[xHxW]", converter = Units.DimsConverter.class,
      description = "chunk shape: scan extents (frames kept whole) or all four extents"
          + " (default: the automatic chunks for the budget and the cores)")
  Units.Dims chunk;

  /** The generator for the current options. */
  SyntheticStem stem() {
    checkRank("--scan", scan);
    checkRank("--frame", frame);
    return new SyntheticStem(scan.get(0), scan.get(1), frame.get(0), frame.get(1));
  }

  private void checkRank(String option, Units.Dims dims) {
    if (dims.rank() != 2) {
      throw new ParameterException(spec.commandLine(),
          option + " needs 2 extents such as 128x128, got " + dims);
    }
  }

  /** The chunk grid: {@code --chunk}, or the automatic chunks for the budget and the cores. */
  ChunkGrid grid(Shape shape) {
    if (chunk == null) {
      return ChunkGrid.auto(shape, DType.UINT16, 2, budget, Runtime.getRuntime()
          .availableProcessors());
    }
    int[] c = chunk.extents();
    if (c.length == 2) return ChunkGrid.regular(shape, c[0], c[1], frame.get(0), frame.get(1));
    if (c.length == 4) return ChunkGrid.regular(shape, c);
    throw new ParameterException(spec.commandLine(),
        "--chunk needs 2 (scan) or 4 extents such as 16x16 or 16x16x256x256, got " + chunk);
  }
}
