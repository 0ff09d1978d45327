/**
 * HyperSpy's hierarchical file layout, shared by {@code .zspy} and {@code .hspy}: a read-only tree
 * abstraction ({@link org.hyperflux.io.hyperspy.TreeGroup}, {@link
 * org.hyperflux.io.hyperspy.TreeArray}) and a writer abstraction ({@link
 * org.hyperflux.io.hyperspy.TreeGroupWriter}, {@link org.hyperflux.io.hyperspy.TreeArrayWriter}),
 * the layout written once against them ({@link org.hyperflux.io.hyperspy.HyperSpyReader}, {@link
 * org.hyperflux.io.hyperspy.HyperSpyWriter}), and the zarr implementation with the {@code .zspy}
 * format ({@link org.hyperflux.io.hyperspy.ZspyFormat}).
 */
package org.hyperflux.io.hyperspy;
