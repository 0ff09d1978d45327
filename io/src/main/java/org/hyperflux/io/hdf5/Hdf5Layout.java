package org.hyperflux.io.hdf5;

/** How an HDF5 dataset's data is stored. */
public enum Hdf5Layout {
  /** In chunks, each filtered (compressed) on its own and located through a chunk index. */
  CHUNKED,
  /** One uncompressed C-order extent in the file. */
  CONTIGUOUS,
  /** Inside the dataset's object header (small datasets, under 64 KiB). */
  COMPACT
}
