/**
 * Quantum Detectors Merlin data: the {@code MQ1} frame header, the acquisition header
 * ({@code HDR} on the data channel, {@code .hdr} next to a file), big-endian pixel decoding, and
 * {@code .mib} files read lazily. The TCP data channel (same frames after {@code MPX,<len>,})
 * is in {@code org.hyperflux.io.live}.
 */
package org.hyperflux.io.mib;
