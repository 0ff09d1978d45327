package org.hyperflux.core.exec;

import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;

/** The source contract for generated arrays (the assertions are inherited). */
class GeneratedSourceContractTest extends AbstractSourceContractTest {
  @Override
  protected Source createSource() {
    return GeneratedSource.of("ramp", DType.FLOAT32, ChunkGrid.regular(Shape.of(9, 10), 4, 3),
        p -> p[0] * 10 + p[1] * 0.5);
  }
}
