package org.hyperflux.core.accumulate;

import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.MemoryArray;

/** Input shared by the reduction contract tests: int32 or float64 (5, 6, 7) in irregular chunks. */
final class ReductionContractData {
  private ReductionContractData() {}

  static MemoryArray data(DType dtype) {
    Shape shape = Shape.of(5, 6, 7);
    Block whole = Block.allocate(dtype, (int) shape.size());
    for (int i = 0; i < whole.length(); i++) whole.setDouble(i, (i * 37 % 101) - 20.5);
    return MemoryArray.split(whole, ChunkGrid.irregular(shape, new int[] {2, 3}, new int[] {4, 2}, new int[] {7}));
  }
}
