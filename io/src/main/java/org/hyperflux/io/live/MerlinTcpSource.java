package org.hyperflux.io.live;

import io.netty.channel.ChannelOption;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.live.FrameBatch;
import org.hyperflux.core.live.LiveAcquisitionException;
import org.hyperflux.core.live.LiveEvent;
import org.hyperflux.core.live.LiveSource;
import org.hyperflux.io.mib.MerlinFrameHeader;
import org.hyperflux.io.mib.MerlinPixels;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.tcp.TcpClient;

/**
 * A Quantum Detectors Merlin data channel (TCP, port 6342 on the detector PC) as a
 * {@link LiveSource}: one subscription connects, reads one acquisition and closes.
 *
 * <p>Protocol ({@code reference/live-detectors.md} §2.1): messages {@code MPX,<10-digit LEN>,<body>}
 * where LEN counts the comma, so the body is {@code LEN - 1} bytes. The first message that
 * matters is the {@code HDR} acquisition header (bytes and whole messages before it are drained,
 * as LiberTEM does); then one {@code MQ1} message per frame (header, then big-endian U08/U16/U32
 * pixels, or raw {@code R64} pixels of counter depth 1, 6 or 12 in layout {@code 1x1}, {@code 2x2}
 * or {@code 2x2G}: frames are then {@code imageHeight × imageWidth}, 512 × 512 or 514 × 514 for a
 * quad, of uint8 for depths 1 and 6 and uint16 for 12, unpacked off the event loop). The scan is {@code ScanX × ScanY} from the header, or the one given in
 * {@link MerlinTcpOptions#scanX()}/{@code scanY()}: when both exist they must agree, and the scan
 * must have {@code Frames in Acquisition} frames unless that is 0 (continuous, where the given scan
 * says when to stop). {@link LiveEvent.Started} is emitted when the first frame header arrives,
 * since only frames say their size and pixel type.
 *
 * <p>Checked per frame: the message length equals the first frame's; sequence numbers are
 * continuous (a jump emits a {@link org.hyperflux.core.live.FrameGap}; frame index = sequence − 1,
 * so positions stay right). The flux completes after the scan's last frame and closes the
 * connection. A new {@code HDR} mid-scan, a malformed prefix or header, the sender disconnecting,
 * or a timeout (header, first frame, between frames: separate, counted only while the client is
 * reading) fail it with a {@link LiveAcquisitionException} naming the source, the frame and what
 * is wrong, after every complete frame received has been emitted.
 *
 * <p>Backpressure: demand reaches the socket. The event-loop handler copies each frame's pixels
 * once into its batch and releases every Netty buffer at once; batches are decoded on
 * {@link org.hyperflux.core.exec.ExecOptions#cpu()} by at most two workers, in order. Bytes held
 * ahead of a consumer that stops requesting: the batch being filled, up to {@value #DECODE_AHEAD}
 * raw batches waiting for or in decoding, whatever one Netty read loop had already decoded (at
 * most about one more batch), and the kernel's socket buffers. Reactor Netty turns auto-read off
 * when its demand is spent, so TCP then pushes back on the sender. Cancelling closes the socket.
 *
 * <pre>{@code
 * LiveSource source = new MerlinTcpSource(MerlinTcpOptions.of("detector-pc", 6342).withScan("256x256"));
 * source.acquire().subscribe(event -> ...);
 * }</pre>
 *
 * <p>Thread-safe; each {@link #acquire()} subscription is an independent connection.
 */
public final class MerlinTcpSource implements LiveSource {
  /** Raw batches decoded or queued for decoding ahead of downstream demand. */
  public static final int DECODE_AHEAD = 2;

  /**
   * Batch-sized buffers one acquisition holds at most: the batch being filled, one more from a
   * Netty read loop that had started, {@value #DECODE_AHEAD} raw and {@value #DECODE_AHEAD}
   * decoded in the decode stage, and up to {@value BatchArrays#CAPACITY} recycled raw arrays.
   */
  public static final int HELD_BATCHES = 2 + 2 * DECODE_AHEAD + BatchArrays.CAPACITY;

  private final MerlinTcpOptions options;
  private final String description;

  public MerlinTcpSource(MerlinTcpOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.description = "merlin tcp://" + options.host() + ":" + options.port();
  }

  public MerlinTcpOptions options() {
    return options;
  }

  /**
   * Bytes this source holds at most, beyond what its consumers keep, for frames of
   * {@code frameBytes} decoded bytes ({@link org.hyperflux.core.live.ScanGeometry#frameBytes()}):
   * {@link #HELD_BATCHES} batches. Lets a live signal count the source against its budget before
   * connecting. The kernel's socket buffers are not included.
   */
  public long bytesHeld(long frameBytes) {
    return (long) HELD_BATCHES * options.batchFrames(frameBytes) * frameBytes;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public Flux<LiveEvent> acquire() {
    return Flux.defer(() -> {
      BatchArrays arrays = new BatchArrays();
      MpxReceiver rx = new MpxReceiver(options, description, arrays);
      Mono<? extends Connection> connect = TcpClient.newConnection()
          .host(options.host())
          .port(options.port())
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
          .doOnConnected(c -> c.addHandlerLast("hyperflux-mpx", rx))
          .connect()
          .onErrorMap(e -> new LiveAcquisitionException(description, "cannot connect (" + e.getMessage() + ")", 0, 0, e));
      Flux<Object> messages = Flux.usingWhen(connect,
          c -> c.inbound().receiveObject().cast(Object.class)
              .onErrorMap(e -> !(e instanceof LiveAcquisitionException), rx::transportError)
              .concatWith(Mono.<Object>fromCallable(rx::endOfStream))
              .handle((msg, sink) -> {
                if (msg instanceof MpxReceiver.Failure f) sink.error(f.error());
                else if (msg == MpxReceiver.Done.INSTANCE) sink.complete();
                else sink.next(msg);
              }),
          MerlinTcpSource::close, (c, e) -> close(c), MerlinTcpSource::close);
      return messages.flatMapSequentialDelayError(m -> toEvent(m, arrays), DECODE_AHEAD, 1);
    });
  }

  private Mono<LiveEvent> toEvent(Object msg, BatchArrays arrays) {
    if (msg instanceof MpxReceiver.RawBatch raw) {
      return Mono.fromCallable(() -> {
        FrameBatch b = decode(raw);
        if (b.pixels().array() != raw.bytes()) arrays.give(raw.bytes());
        return (LiveEvent) b;
      }).subscribeOn(options.exec().cpu());
    }
    return Mono.just((LiveEvent) msg);
  }

  /**
   * Wire bytes to a block of {@code count} frames: big-endian binary pixels (uint8 wraps the bytes
   * without a copy), or raw {@code R64} frames decoded one by one with
   * {@link MerlinPixels#decodeFrame} to {@code imageHeight × imageWidth} pixels.
   */
  static FrameBatch decode(MpxReceiver.RawBatch raw) {
    MerlinFrameHeader h = raw.header();
    DType dtype = h.dtype();
    Block block;
    if (h.raw()) {
      int framePixels = h.imageWidth() * h.imageHeight();
      block = Block.allocate(dtype, raw.count() * framePixels);
      int payload = raw.payloadBytes();
      for (int i = 0; i < raw.count(); i++) {
        MerlinPixels.decodeFrame(h, ByteBuffer.wrap(raw.bytes(), i * payload, payload), block, i * framePixels);
      }
    } else if (dtype == DType.UINT8) {
      block = Block.wrap(DType.UINT8, raw.bytes(), 0, raw.count() * h.width() * h.height());
    } else {
      int pixels = raw.count() * h.width() * h.height();
      block = Block.allocate(dtype, pixels);
      MerlinPixels.decode(h, raw.bytes(), 0, block, 0, pixels);
    }
    return new FrameBatch(raw.first(), raw.count(), block);
  }

  private static Mono<Void> close(Connection c) {
    return Mono.fromRunnable(c::dispose);
  }

  @Override
  public String toString() {
    return description;
  }
}
