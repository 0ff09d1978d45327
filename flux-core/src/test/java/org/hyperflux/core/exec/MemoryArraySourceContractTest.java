package org.hyperflux.core.exec;

import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;

/** The source contract for in-memory arrays (the assertions are inherited). */
class MemoryArraySourceContractTest extends AbstractSourceContractTest {
  @Override
  protected Source createSource() {
    Shape shape = Shape.of(7, 5, 6);
    Block whole = Block.allocate(DType.INT16, (int) shape.size());
    for (int i = 0; i < whole.length(); i++) whole.setLong(i, i * 31L - 500);
    return MemoryArray.split(whole, ChunkGrid.irregular(shape, new int[] {3, 4}, new int[] {5}, new int[] {2, 2, 2}));
  }
}
