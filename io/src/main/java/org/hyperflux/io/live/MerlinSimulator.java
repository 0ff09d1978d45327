package org.hyperflux.io.live;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.live.ScanGeometry;
import org.hyperflux.io.mib.MerlinFrameHeader;
import org.hyperflux.io.mib.MerlinPixels;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpServer;

/**
 * A Merlin detector's data channel for tests and benchmarks: a Reactor Netty TCP server that, on
 * every client connection, sends one acquisition: {@code HDR}, then the scan's frames as
 * {@code MQ1} messages at {@link MerlinSimulatorOptions#frameRate()} (LiberTEM's {@code CameraSim}
 * without the control channel: it starts on connect, not on {@code STARTACQUISITION}). After the
 * last frame the connection stays open until the client closes it, as a Merlin keeps it open
 * between acquisitions.
 *
 * <p>Sending respects TCP backpressure: frames are written on the connection's event loop only
 * while the channel is writable (outbound buffer below {@value #HIGH_WATER_MARK} bytes); when it is
 * not, the sender waits for Netty's writability event and counts the time as blocked. A client that
 * stops reading therefore stops the sender after the kernel's socket buffers and one watermark's
 * worth of frames, and nothing is dropped.
 *
 * <p>Fast path: when {@link SimulatedFrames#period()} is {@code p > 0} the {@code p} distinct
 * frames are encoded once into direct buffers; each frame is then a ~400-byte header with the
 * sequence number patched plus a shared duplicate of its encoded pixels, written with one
 * gathering write (no copy of the pixels in Java).
 *
 * <pre>{@code
 * try (MerlinSimulator sim = MerlinSimulator.start(MerlinSimulatorOptions.of(
 *     SimulatedFrames.disc(new ScanGeometry(128, 128, 256, 256, DType.UINT16), 42)))) {
 *   new MerlinTcpSource(MerlinTcpOptions.of("127.0.0.1", sim.port())).acquire()...
 * }
 * }</pre>
 *
 * <p>The server runs on its own event loop thread (not the clients' shared ones), so a client in the
 * same JVM does not compete with it on one loop. Thread-safe; the counters may be read at any time.
 */
public final class MerlinSimulator implements AutoCloseable {
  /** Outbound bytes above which a connection stops writing until the client has read some. */
  public static final int HIGH_WATER_MARK = 2 << 20;
  private static final int LOW_WATER_MARK = 512 << 10;
  private static final int FLUSH_BYTES = 256 << 10;
  private static final int FRAMES_PER_TURN = 64;

  private final MerlinSimulatorOptions options;
  private final ScanGeometry geometry;
  private final byte[] headerMessage;
  private final byte[] frameTemplate;
  private final int payloadBytes;
  private final MerlinFrameHeader frameHeader;
  private final ByteBuf[] encoded;
  private final LoopResources loops;
  private final DisposableServer server;
  private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
  private final Set<Sender> senders = ConcurrentHashMap.newKeySet();
  private final AtomicLong framesSent = new AtomicLong();
  private final AtomicLong bytesSent = new AtomicLong();
  private final AtomicLong blockedNanos = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong closedConnections = new AtomicLong();
  private volatile Throwable frameSourceError;

  private MerlinSimulator(MerlinSimulatorOptions options) {
    this.options = options;
    this.geometry = options.frames().geometry();
    byte[] hdr = options.effectiveHeader().toBytes();
    this.headerMessage = message(hdr.length, hdr);
    MerlinFrameHeader fh = options.frameHeader();
    this.frameHeader = fh;
    this.payloadBytes = fh.payloadBytes("simulator");
    byte[] head = fh.toBytes();
    this.frameTemplate = message(head.length + payloadBytes, head);
    int period = options.frames().period();
    if (period > 0) {
      encoded = new ByteBuf[period];
      for (int i = 0; i < period; i++) {
        byte[] pixels = encode(options.frames().frame(i));
        encoded[i] = Unpooled.directBuffer(payloadBytes).writeBytes(pixels);
      }
    } else {
      encoded = null;
    }
    this.loops = LoopResources.create("hyperflux-merlin-sim", 1, 1, true);
    this.server = TcpServer.create()
        .runOn(loops)
        .host(options.host())
        .port(options.port())
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(LOW_WATER_MARK, HIGH_WATER_MARK))
        .handle((in, out) -> {
          in.withConnection(c -> {
            Channel ch = c.channel();
            connections.incrementAndGet();
            channels.add(ch);
            Sender sender = new Sender(ch);
            senders.add(sender);
            ch.closeFuture().addListener(f -> {
              sender.dispose();
              channels.remove(ch);
              senders.remove(sender);
              closedConnections.incrementAndGet();
            });
            c.addHandlerLast("hyperflux-merlin-sim", sender);
            ch.eventLoop().execute(sender);
          });
          return in.receive().then();
        })
        .bindNow(Duration.ofSeconds(10));
  }

  /** Binds the server and returns at once; every connection gets one acquisition. */
  public static MerlinSimulator start(MerlinSimulatorOptions options) {
    return new MerlinSimulator(options);
  }

  /** The bound port (the ephemeral one when the options said 0). */
  public int port() {
    return server.port();
  }

  public MerlinSimulatorOptions options() {
    return options;
  }

  /** Frame messages handed to the socket so far, all connections together. */
  public long framesSent() {
    return framesSent.get();
  }

  /** Bytes handed to the socket so far (headers, frames, garbage). */
  public long bytesSent() {
    return bytesSent.get();
  }

  /**
   * Time senders waited for a client to read (TCP backpressure), all connections together,
   * including a wait still going on.
   */
  public Duration blockedTime() {
    long now = System.nanoTime();
    long total = blockedNanos.get();
    for (Sender s : senders) {
      long since = s.blockedSince;
      if (since >= 0) total += now - since;
    }
    return Duration.ofNanos(total);
  }

  /** Why a connection stopped early because its frames could not be produced, or null. */
  public Throwable frameSourceError() {
    return frameSourceError;
  }

  /** Connections accepted so far. */
  public long connections() {
    return connections.get();
  }

  /** Connections closed so far, by either side. */
  public long closedConnections() {
    return closedConnections.get();
  }

  /** Bytes of one frame message on the wire ({@code MPX} prefix, header, pixels). */
  public int frameMessageBytes() {
    return frameTemplate.length + payloadBytes;
  }

  /** Closes every connection and the server; releases the encoded frames. */
  @Override
  public void close() {
    for (Channel ch : channels) ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    server.disposeNow(Duration.ofSeconds(10));
    loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
    if (encoded != null) {
      for (ByteBuf b : encoded) b.release();
    }
  }

  private byte[] encode(Block frame) {
    if (frame.dtype() != geometry.dtype() || frame.length() != geometry.framePixels()) {
      throw new IllegalArgumentException("frame must be " + geometry.framePixels() + " "
          + geometry.dtype().numpyName() + " values, got " + frame.length() + " " + frame.dtype().numpyName());
    }
    byte[] out = new byte[payloadBytes];
    if (frameHeader.raw()) MerlinPixels.encodeRaw(frameHeader, frame, 0, out, 0);
    else MerlinPixels.encode(frame, 0, frame.length(), out, 0);
    return out;
  }

  /** {@code MPX,<LEN>,} followed by {@code head}, for a body of {@code bodyBytes} (LEN = body + 1). */
  private static byte[] message(int bodyBytes, byte[] head) {
    byte[] prefix = String.format(Locale.ROOT, "MPX,%010d,", bodyBytes + 1L).getBytes(StandardCharsets.US_ASCII);
    byte[] m = new byte[prefix.length + head.length];
    System.arraycopy(prefix, 0, m, 0, prefix.length);
    System.arraycopy(head, 0, m, prefix.length, head.length);
    return m;
  }

  /** One connection's acquisition; runs on the channel's event loop only. */
  private final class Sender extends ChannelInboundHandlerAdapter implements Runnable {
    private final Channel ch;
    private final long total = geometry.frames();
    private long next;
    private boolean started;
    private boolean headerAgainSent;
    private boolean stalled;
    private boolean finished;
    private boolean wakeScheduled;
    private long resumeAt;
    private long startNanos;
    private volatile long blockedSince = -1;
    private long unflushed;

    private final FrameFeed feed;

    Sender(Channel ch) {
      this.ch = ch;
      this.feed = encoded == null ? new FrameFeed(this) : null;
    }

    void dispose() {
      if (feed != null) feed.dispose();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (ch.isWritable()) {
        long since = blockedSince;
        if (since >= 0) {
          blockedNanos.addAndGet(System.nanoTime() - since);
          blockedSince = -1;
        }
        run();
      }
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void run() {
      if (finished || !ch.isActive()) return;
      long early = resumeAt - System.nanoTime();
      if (early > 0) {
        // Woken before the pacing deadline (a feed wake, or the event loop's timer firing a little
        // early): make sure a wake-up is still due, else the sender would wait forever.
        wakeAfter(early);
        return;
      }
      if (!started) {
        started = true;
        if (feed != null) {
          Flux.range(0, (int) total).map(k -> encode(options.frames().frame(k)))
              .subscribeOn(Schedulers.boundedElastic()).subscribe(feed);
        }
        if (options.garbageBeforeHeader() != null) {
          write(Unpooled.wrappedBuffer(options.garbageBeforeHeader().getBytes(StandardCharsets.ISO_8859_1)));
        }
        write(Unpooled.wrappedBuffer(headerMessage));
        startNanos = System.nanoTime();
      }
      int turn = 0;
      while (next < total) {
        if (!ch.isWritable()) {
          if (blockedSince < 0) blockedSince = System.nanoTime();
          break;
        }
        if (next == options.disconnectAfter()) {
          finished = true;
          ch.flush();
          ch.close();
          return;
        }
        if (next == options.stallAfter() && !stalled) {
          stalled = true;
          wakeAfter(options.stall().toNanos());
          break;
        }
        if (options.frameRate() > 0) {
          long due = startNanos + (long) (next * 1e9 / options.frameRate());
          long wait = due - System.nanoTime();
          if (wait > 0) {
            wakeAfter(wait);
            break;
          }
        }
        if (feed != null && feed.ready.isEmpty()) {
          Throwable e = feed.error;
          if (e != null) {
            frameSourceError = e;
            finished = true;
            ch.flush();
            ch.close();
            return;
          }
          break; // the feed wakes us when the next frame is encoded
        }
        if (turn++ == FRAMES_PER_TURN) {
          ch.flush();
          unflushed = 0;
          ch.eventLoop().execute(this);
          return;
        }
        if (options.skipFrames().contains(next)) {
          if (feed != null) feed.take();
          next++;
          continue;
        }
        if (next == options.headerAgainAt() && !headerAgainSent) {
          headerAgainSent = true;
          write(Unpooled.wrappedBuffer(headerMessage));
        }
        writeFrame(next);
        next++;
        framesSent.incrementAndGet();
        if (unflushed >= FLUSH_BYTES) {
          ch.flush();
          unflushed = 0;
        }
      }
      if (next >= total) finished = true;
      ch.flush();
      unflushed = 0;
    }

    /**
     * Runs again at {@code resumeAt = now + nanos}. A wake already pending may be due before
     * {@code resumeAt} (another wake-up ran the sender while it was late, and the sender then
     * moved {@code resumeAt} on); {@link #run()} woken early schedules itself again for what is
     * left, so the sender is never left without a wake-up.
     */
    private void wakeAfter(long nanos) {
      resumeAt = System.nanoTime() + nanos;
      if (wakeScheduled) return;
      wakeScheduled = true;
      ch.eventLoop().schedule(() -> {
        wakeScheduled = false;
        run();
      }, nanos, TimeUnit.NANOSECONDS);
    }

    private void writeFrame(long index) {
      ByteBuf head = ch.alloc().buffer(frameTemplate.length);
      head.writeBytes(frameTemplate);
      long seq = index + 1;
      int at = MpxReceiver.PREFIX + 4;
      for (int i = 5; i >= 0; i--) {
        head.setByte(at + i, (byte) ('0' + seq % 10));
        seq /= 10;
      }
      ByteBuf pixels = encoded != null
          ? encoded[(int) (index % encoded.length)].retainedDuplicate()
          : Unpooled.wrappedBuffer(feed.take());
      ByteBuf extra = null;
      if (index == options.corruptAt()) {
        switch (options.corruption()) {
          case FRAME_HEADER -> head.setByte(MpxReceiver.PREFIX + 2, 'X');
          case MPX_LENGTH -> head.setByte(8, 'x');
          case FRAME_LENGTH -> {
            byte[] len = String.format(Locale.ROOT, "%010d",
                frameTemplate.length - MpxReceiver.PREFIX + payloadBytes + 3L).getBytes(StandardCharsets.US_ASCII);
            head.setBytes(4, len);
            extra = Unpooled.wrappedBuffer(new byte[] {0, 0});
          }
        }
      }
      write(head);
      write(pixels);
      if (extra != null) write(extra);
    }

    private void wake() {
      ch.eventLoop().execute(this);
    }

    private void write(ByteBuf buf) {
      int n = buf.readableBytes();
      unflushed += n;
      bytesSent.addAndGet(n);
      ch.write(buf, ch.voidPromise());
    }
  }

  /**
   * Frames encoded on a worker ({@code boundedElastic}) at most {@value #AHEAD} ahead of the
   * socket, for frames that are not pre-encoded: a file being read or a generator. Wakes the
   * sender when a frame is ready.
   */
  private static final class FrameFeed extends BaseSubscriber<byte[]> {
    static final int AHEAD = 4;
    final ConcurrentLinkedQueue<byte[]> ready = new ConcurrentLinkedQueue<>();
    final Sender sender;
    volatile Throwable error;

    FrameFeed(Sender sender) {
      this.sender = sender;
    }

    @Override
    protected void hookOnSubscribe(Subscription s) {
      s.request(AHEAD);
    }

    @Override
    protected void hookOnNext(byte[] frame) {
      ready.add(frame);
      sender.wake();
    }

    @Override
    protected void hookOnError(Throwable t) {
      error = t;
      sender.wake();
    }

    byte[] take() {
      byte[] b = ready.poll();
      request(1);
      return b;
    }
  }
}
