package org.hyperflux.core.array;

import java.util.Arrays;

/** The position of a chunk in its {@link ChunkGrid}: one grid coordinate per axis. Immutable. */
public final class ChunkIndex implements Comparable<ChunkIndex> {
  private final int[] coords;

  private ChunkIndex(int[] coords) {
    this.coords = coords;
  }

  public static ChunkIndex of(int... coords) {
    for (int c : coords) {
      if (c < 0) throw new IllegalArgumentException("negative grid index " + Arrays.toString(coords));
    }
    return new ChunkIndex(coords.clone());
  }

  public int rank() {
    return coords.length;
  }

  public int get(int axis) {
    return coords[axis];
  }

  public int[] coords() {
    return coords.clone();
  }

  /** C-order comparison, the order chunks are delivered in. */
  @Override
  public int compareTo(ChunkIndex o) {
    return Arrays.compare(coords, o.coords);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChunkIndex && Arrays.equals(coords, ((ChunkIndex) o).coords);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(coords);
  }

  @Override
  public String toString() {
    return Arrays.toString(coords);
  }
}
