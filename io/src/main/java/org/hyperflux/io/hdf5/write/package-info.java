/**
 * hyperflux's own HDF5 writer: the subset of HDF5 that HyperSpy's {@code .hspy} layout needs,
 * written append-only so that datasets of any size stream through bounded memory (jHDF, the
 * reader, cannot write such files; {@code reference/hdf5-writing.md} says why).
 *
 * <p>{@link org.hyperflux.io.hdf5.write.Hdf5Writer} creates the file; {@link
 * org.hyperflux.io.hdf5.write.Hdf5GroupWriter} builds groups, attributes (integers, floats,
 * variable-length UTF-8 strings, h5py's enum booleans, 1-D arrays of these) and 1-D string
 * datasets; {@link org.hyperflux.io.hdf5.write.Hdf5DatasetWriter} stores numeric datasets of
 * every {@link org.hyperflux.core.array.DType}, chunked (shuffle + deflate, compressed by the
 * calling threads and appended as they come) or contiguous. Chunk indexes (version-1 B-trees),
 * the global heap, the object headers and the superblock are written when the file is finished.
 * Superblock version 2 and version-2 object headers with lookup3 checksums: libhdf5 1.8 and
 * later (h5py, h5dump, HyperSpy) and jHDF read the files. Each class comment names the section
 * of the HDF5 File Format Specification 3.0 it follows.
 */
package org.hyperflux.io.hdf5.write;
