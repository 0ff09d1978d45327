package org.hyperflux.core.detector;

import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.live.ScanGeometry;
import org.hyperflux.core.live.ScanSimulation;
import org.hyperflux.core.signal.Signal;

/** The frames of a {@link ScanSimulation} as one block and as a 4-D signal, for offline runs. */
final class ScanFixtures {
  private ScanFixtures() {}

  /** Every frame of the scan, C order {@code (scanY, scanX, h, w)}. */
  static Block frames(ScanGeometry g) {
    Block all = Block.allocate(g.dtype(), (int) (g.frames() * g.framePixels()));
    for (long f = 0; f < g.frames(); f++) ScanSimulation.fill(g, f, all, (int) (f * g.framePixels()));
    return all;
  }

  /** The scan as a materialised 4-D signal (2 navigation, 2 signal axes) on the given chunks. */
  static Signal signal(ScanGeometry g, int... chunkShape) {
    Shape shape = g.shape();
    MemoryArray data = MemoryArray.split(frames(g), ChunkGrid.regular(shape, chunkShape));
    return Signal.of(data, 2);
  }
}
