/**
 * Zarr v2, implemented here: directory stores of arrays ({@link org.hyperflux.io.zarr.ZarrArray})
 * and groups ({@link org.hyperflux.io.zarr.ZarrGroup}) with their {@code .zarray},
 * {@code .zgroup} and {@code .zattrs} metadata; every dtype of flux-core in either byte order;
 * the numcodecs compressors Blosc, zlib, gzip, Zstd and LZ4 (and none); chunk keys {@code i.j.k}
 * or {@code i/j/k}; missing chunks read as the fill value. Arrays are read lazily as flux-core
 * {@link org.hyperflux.core.exec.Source}s and written chunk by chunk, each chunk file appearing
 * atomically. The foundation of HyperSpy's {@code .zspy} format.
 */
package org.hyperflux.io.zarr;
