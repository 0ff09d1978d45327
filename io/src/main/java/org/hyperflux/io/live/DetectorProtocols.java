package org.hyperflux.io.live;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.hyperflux.io.spi.DetectorProtocol;

/**
 * The detector protocols on the class path ({@link DetectorProtocol} providers), by name.
 *
 * <pre>{@code
 * LiveSource source = DetectorProtocols.named("merlin")
 *     .source(DetectorConnection.to("detector-pc", 6342).withScan(256, 256));
 * }</pre>
 */
public final class DetectorProtocols {
  private DetectorProtocols() {}

  /** Every registered protocol, sorted by name. */
  public static List<DetectorProtocol> available() {
    return List.copyOf(byName().values());
  }

  /**
   * The protocol called {@code name} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the protocols that exist when none is called so
   */
  public static DetectorProtocol named(String name) {
    Map<String, DetectorProtocol> all = byName();
    DetectorProtocol p = all.get(name.toLowerCase(java.util.Locale.ROOT));
    if (p == null) {
      throw new IllegalArgumentException("Unknown detector protocol '" + name + "'; available: " + all.keySet());
    }
    return p;
  }

  private static Map<String, DetectorProtocol> byName() {
    Map<String, DetectorProtocol> all = new TreeMap<>();
    for (DetectorProtocol p : ServiceLoader.load(DetectorProtocol.class, DetectorProtocols.class.getClassLoader())) {
      all.put(p.name(), p);
    }
    return all;
  }
}
