/**
 * Blockfiles ({@code .blo}): the scanning (precession) electron diffraction format of NanoMEGAS
 * ASTAR, read lazily exactly as HyperSpy 1.7.3 reads it. {@link
 * org.hyperflux.io.blockfile.Blockfile} opens a file, reading only its header ({@link
 * org.hyperflux.io.blockfile.BlockfileHeader}), and gives its frames as a lazy flux-core signal
 * with HyperSpy's axes calibration and metadata, and its stored virtual bright-field image as a
 * separate signal. Frames are read with positional reads of contiguous frame runs, every frame
 * header checked; bad files fail with {@link org.hyperflux.io.blockfile.BlockfileFormatException}
 * (header) or {@link org.hyperflux.io.blockfile.BlockfileFrameException} (frames), naming the
 * file and the field or frame.
 */
package org.hyperflux.io.blockfile;
