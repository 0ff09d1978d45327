/**
 * HyperSpy's hierarchical file layout, shared by {@code .zspy} and {@code .hspy}: a read-only tree
 * abstraction ({@link org.hyperflux.io.hyperspy.TreeGroup}, {@link
 * org.hyperflux.io.hyperspy.TreeArray}) and a writer abstraction ({@link
 * org.hyperflux.io.hyperspy.TreeGroupWriter}, {@link org.hyperflux.io.hyperspy.TreeArrayWriter}),
 * the layout written once against them ({@link org.hyperflux.io.hyperspy.HyperSpyReader}, {@link
 * org.hyperflux.io.hyperspy.HyperSpyWriter}), the zarr implementation with the {@code .zspy}
 * format ({@link org.hyperflux.io.hyperspy.ZspyFormat}, read and written), and the HDF5
 * implementations (reading over {@link org.hyperflux.io.hdf5.Hdf5File}, writing over hyperflux's
 * streaming {@link org.hyperflux.io.hdf5.write.Hdf5Writer}) with the {@code .hspy} format
 * ({@link org.hyperflux.io.hyperspy.HspyFormat}, read and written).
 */
package org.hyperflux.io.hyperspy;
