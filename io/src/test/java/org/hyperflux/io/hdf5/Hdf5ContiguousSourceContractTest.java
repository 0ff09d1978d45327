package org.hyperflux.io.hdf5;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.exec.AbstractSourceContractTest;
import org.hyperflux.core.exec.Source;

/**
 * The flux-core source contract for a contiguous HDF5 dataset read by region (assertions
 * inherited): h5py's {@code /contiguous/cube}, float32 of shape (10, 12, 8), on a caller's grid
 * (4, 5, 3) that divides no axis.
 */
class Hdf5ContiguousSourceContractTest extends AbstractSourceContractTest {
  @Override
  protected Source createSource() {
    try (Hdf5File f = Hdf5File.open(Hdf5Fixtures.file("datasets.h5"))) {
      Hdf5Dataset d = f.dataset("/contiguous/cube");
      return d.source(ChunkGrid.regular(d.shape(), 4, 5, 3));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
