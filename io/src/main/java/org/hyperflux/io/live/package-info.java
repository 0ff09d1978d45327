/**
 * Live acquisition in io (DESIGN §6): detector streams on Reactor Netty and consumers of a live
 * scan that write what they receive.
 *
 * <p>Sources: {@link org.hyperflux.io.live.MerlinTcpSource}, the Merlin data-channel client
 * ({@code MPX,<len>,} framing, {@code HDR}, {@code MQ1} frames), and
 * {@link org.hyperflux.io.live.MerlinSimulator}, a server that plays a scan to it at a chosen rate
 * and misbehaves on request. Netty types stay inside this package.
 *
 * <p>Writers: the raw-frame writer {@link org.hyperflux.io.live.LiveZspyWriter} streams the frames
 * of an acquisition into a {@code .zspy} store while it runs, and keeps what arrived readable when
 * the acquisition fails (DESIGN §5, KEEP_PARTIAL); {@link org.hyperflux.io.live.LiveZspyFiles}
 * reads back what such a file says about its acquisition.
 */
package org.hyperflux.io.live;
