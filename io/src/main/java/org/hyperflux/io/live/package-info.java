/**
 * Live acquisition in io (DESIGN §6): consumers of a live scan that write what they receive. The
 * raw-frame writer {@link org.hyperflux.io.live.LiveZspyWriter} streams the frames of an
 * acquisition into a {@code .zspy} store while it runs, and keeps what arrived readable when the
 * acquisition fails (DESIGN §5, KEEP_PARTIAL); {@link org.hyperflux.io.live.LiveZspyFiles} reads
 * back what such a file says about its acquisition.
 */
package org.hyperflux.io.live;
