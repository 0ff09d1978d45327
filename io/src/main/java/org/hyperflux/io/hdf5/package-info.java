/**
 * Reading HDF5 with jHDF 0.13.0, lazily: {@link org.hyperflux.io.hdf5.Hdf5File} navigates groups
 * and reads attributes as plain Java values (the ones zarr's {@code .zattrs} reading gives);
 * {@link org.hyperflux.io.hdf5.Hdf5Dataset} describes a dataset and makes a flux-core
 * {@link org.hyperflux.core.exec.Source} over it; {@link org.hyperflux.io.hdf5.Hdf5Datasets}
 * wraps any dataset, by path, as a lazy array or signal. Data is read chunk by chunk (deflate,
 * shuffle, fletcher32 decoded here, honouring each chunk's filter mask; lzf, lz4 and bitshuffle
 * through jHDF's filters) or, for datasets without chunks, by region; byte order is converted at
 * this boundary. jHDF parses the file's structure; data reads go straight to the file with
 * positional reads. The foundation of HyperSpy's {@code .hspy} format; {@link
 * org.hyperflux.io.hdf5.Hdf5Format} makes any HDF5 dataset loadable by path through {@link
 * org.hyperflux.io.SignalFiles}. Writing is {@link org.hyperflux.io.hdf5.write}'s.
 */
package org.hyperflux.io.hdf5;
