package org.hyperflux.io.spi;

import org.hyperflux.core.live.LiveSource;
import org.hyperflux.io.live.DetectorConnection;

/**
 * A detector's live data protocol: how to turn a host, a port and the caller's expectations into
 * a {@link LiveSource}. A protocol is added with one class implementing this interface and one
 * line naming it in {@code META-INF/services/org.hyperflux.io.spi.DetectorProtocol}; it is found
 * with {@link java.util.ServiceLoader} through {@link org.hyperflux.io.live.DetectorProtocols}.
 *
 * <p>Implementations are stateless and thread-safe, with a public no-argument constructor.
 * Creating a source connects nothing: the source connects when its acquisition is subscribed.
 */
public interface DetectorProtocol {
  /** The protocol's short name, lower case: {@code "merlin"}. */
  String name();

  /** One line saying what the protocol is, for messages and {@code --help}. */
  String description();

  /** The data port the detector serves by default (Merlin: 6342). */
  int defaultPort();

  /** A source for one acquisition at {@code connection}; connects on subscription. */
  LiveSource source(DetectorConnection connection);
}
