package org.hyperflux.io.live;

import org.hyperflux.core.live.LiveSource;
import org.hyperflux.io.spi.DetectorProtocol;

/** Quantum Detectors Merlin's TCP data channel ({@link MerlinTcpSource}), registered as {@code merlin}. */
public final class MerlinProtocol implements DetectorProtocol {
  /** The provider ({@link java.util.ServiceLoader} creates it). */
  public MerlinProtocol() {}

  @Override
  public String name() {
    return "merlin";
  }

  @Override
  public String description() {
    return "Quantum Detectors Merlin data channel (MPX framing, HDR + MQ1 frames, TCP 6342)";
  }

  @Override
  public int defaultPort() {
    return 6342;
  }

  @Override
  public LiveSource source(DetectorConnection c) {
    MerlinTcpOptions o = MerlinTcpOptions.of(c.host(), c.port())
        .withFirstFrameTimeout(c.firstFrameTimeout())
        .withFrameTimeout(c.frameTimeout())
        .withExec(c.exec());
    if (c.scanX() > 0 || c.scanY() > 0) o = o.withScan(c.scanX(), c.scanY());
    return new MerlinTcpSource(o);
  }
}
