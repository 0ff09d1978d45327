package org.hyperflux.io.hdf5;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.hyperflux.core.exec.AbstractSourceContractTest;
import org.hyperflux.core.exec.Source;

/**
 * The flux-core source contract for a chunked HDF5 dataset (assertions inherited): h5py's
 * {@code /chunked/gzip_shuffle}, float32 of shape (7, 5, 6) in chunks (3, 2, 4) that divide no
 * axis, gzip + shuffle.
 */
class Hdf5ChunkedSourceContractTest extends AbstractSourceContractTest {
  @Override
  protected Source createSource() {
    try (Hdf5File f = Hdf5File.open(Hdf5Fixtures.file("datasets.h5"))) {
      return f.dataset("/chunked/gzip_shuffle").source();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
