package org.hyperflux.io.live;

import java.time.Duration;
import java.util.Objects;
import org.hyperflux.core.exec.ExecOptions;

/**
 * Where and how to receive a live acquisition, whatever the detector's protocol: the address,
 * the scan the caller expects (when the detector's header does not say it), timeouts and the
 * execution options. Protocols ({@link org.hyperflux.io.spi.DetectorProtocol}) map it onto their
 * own options.
 *
 * @param host the detector PC
 * @param port its data port
 * @param scanX scan width in positions, 0 to take it from the detector's header
 * @param scanY scan height in positions, 0 to take it from the detector's header
 * @param firstFrameTimeout longest wait from the acquisition header to the first frame
 * @param frameTimeout longest wait between frames once they flow
 * @param exec budget and schedulers
 */
public record DetectorConnection(String host, int port, int scanX, int scanY,
    Duration firstFrameTimeout, Duration frameTimeout, ExecOptions exec) {
  public DetectorConnection {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(firstFrameTimeout, "firstFrameTimeout");
    Objects.requireNonNull(frameTimeout, "frameTimeout");
    Objects.requireNonNull(exec, "exec");
  }

  /** {@code host:port}, the scan from the header, Merlin's default timeouts, default execution options. */
  public static DetectorConnection to(String host, int port) {
    return new DetectorConnection(host, port, 0, 0, MerlinTcpOptions.DEFAULT_FIRST_FRAME_TIMEOUT,
        MerlinTcpOptions.DEFAULT_FRAME_TIMEOUT, ExecOptions.defaults());
  }

  /** With the scan given by the caller, x before y. */
  public DetectorConnection withScan(int x, int y) {
    return new DetectorConnection(host, port, x, y, firstFrameTimeout, frameTimeout, exec);
  }

  public DetectorConnection withTimeouts(Duration firstFrame, Duration betweenFrames) {
    return new DetectorConnection(host, port, scanX, scanY, firstFrame, betweenFrames, exec);
  }

  public DetectorConnection withExec(ExecOptions options) {
    return new DetectorConnection(host, port, scanX, scanY, firstFrameTimeout, frameTimeout, options);
  }
}
