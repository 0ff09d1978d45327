package org.hyperflux.io.live;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.live.FrameGap;
import org.hyperflux.core.live.LiveAcquisitionException;
import org.hyperflux.core.live.LiveEvent;
import org.hyperflux.core.live.ScanGeometry;
import org.hyperflux.io.mib.MerlinAcquisitionHeader;
import org.hyperflux.io.mib.MerlinFormatException;
import org.hyperflux.io.mib.MerlinFrameHeader;

/**
 * The Merlin data channel as a Netty inbound handler: one per connection, confined to its event
 * loop. A streaming state machine over the bytes (no cumulation of whole messages): a 15-byte
 * {@code MPX,<10 digits>,} prefix, then the body ({@code LEN - 1} bytes). Before the acquisition
 * header, bytes that do not form a prefix and whole non-{@code HDR} messages are drained (left
 * over from an earlier acquisition, as LiberTEM does); after it, everything must be a
 * {@code MQ1} frame of the first frame's length with continuous sequence numbers.
 *
 * <p>Each frame's pixels are copied once, straight from the socket buffer into the current
 * batch's byte array at the frame's slot; every {@link ByteBuf} is released before
 * {@link #channelRead} returns, so nothing is retained across reads, cancellation or errors.
 * Decoding (byte order) happens downstream, off the event loop.
 *
 * <p>Emits, in order: {@link LiveEvent.Started} (when the first frame header gives the frame
 * size), {@link RawBatch}es and {@link FrameGap}s, then {@link Done} after the last frame, or a
 * {@link Failure} (after flushing the batch in progress). A timer on the event loop flushes a
 * batch older than {@code maxBatchLatency} and enforces the header, first-frame and inter-frame
 * timeouts; waiting is counted only while the channel is reading (auto-read on), so a slow
 * consumer that stopped the reads never trips a timeout.
 */
final class MpxReceiver extends ChannelInboundHandlerAdapter {
  static final int PREFIX = 15;
  private static final int MAX_HEADER_BYTES = 1 << 20;

  /** Frames {@code [first, first + count)}, {@code payloadBytes} wire bytes each, undecoded. */
  record RawBatch(long first, int count, byte[] bytes, MerlinFrameHeader header, int payloadBytes) {}

  /** The acquisition failed; everything before was emitted. */
  record Failure(LiveAcquisitionException error) {}

  /** The last frame of the scan arrived. */
  enum Done { INSTANCE }

  private enum State { PREFIX, TYPE, HEADER, SKIP, FRAME_HEADER, PAYLOAD, DONE, FAILED }

  private final MerlinTcpOptions options;
  private final String source;
  private final BatchArrays arrays;

  private State state = State.PREFIX;
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> timer;

  private final byte[] prefix = new byte[PREFIX];
  private int prefixLength;
  private long bodyLength;
  private byte[] acc = new byte[1024];
  private int accLength;
  private int accNeed;
  private long skipRemaining;
  private long garbageBytes;
  private long skippedMessages;

  private MerlinAcquisitionHeader header;
  private int scanX;
  private int scanY;
  private volatile long expected;
  private MerlinFrameHeader first;
  private long frameBody = -1;
  private int dataOffset;
  private int payload;
  private int batchFrames;

  private long nextFrame;
  private volatile long received;
  private long lost;
  private int payloadRemaining;

  private byte[] batch;
  private long batchFirst;
  private int batchCount;
  private int batchCapacity;
  private long batchStartNanos;

  private long waitedNanos;
  private long lastTickNanos;

  MpxReceiver(MerlinTcpOptions options, String source, BatchArrays arrays) {
    this.options = options;
    this.source = source;
    this.arrays = arrays;
  }

  long received() {
    return received;
  }

  long expected() {
    return expected;
  }

  /** What the end of the inbound stream means when neither {@link Done} nor a failure came first. */
  Failure endOfStream() {
    return failure(header == null ? "the sender disconnected before the acquisition header"
        : "the sender disconnected", null);
  }

  /** Wraps a transport error. */
  LiveAcquisitionException transportError(Throwable cause) {
    return new LiveAcquisitionException(source, "connection failed (" + cause + ")", received, expected, cause);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(TimeUnit.MILLISECONDS.toNanos(50),
        Math.min(options.maxBatchLatency().toNanos(),
            Math.min(options.firstFrameTimeout().toNanos(), options.frameTimeout().toNanos())) / 4));
    lastTickNanos = System.nanoTime();
    timer = ctx.executor().scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.NANOSECONDS);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    stopTimer();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf buf)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      waitedNanos = 0;
      while (buf.isReadable() && state != State.DONE && state != State.FAILED) step(buf);
    } catch (MerlinFormatException e) {
      fail(e.getMessage(), null);
    } catch (RuntimeException e) {
      fail("cannot decode the stream (" + e + ")", e);
    } finally {
      buf.release();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    stopTimer();
    if (state != State.DONE && state != State.FAILED) flushBatch();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
    if (state != State.DONE && state != State.FAILED) {
      flushBatch();
      ctx.fireChannelRead(new Failure(transportError(cause)));
      state = State.FAILED;
      stopTimer();
      return;
    }
    super.exceptionCaught(ctx, cause);
  }

  private void step(ByteBuf in) {
    switch (state) {
      case PREFIX -> {
        int n = Math.min(PREFIX - prefixLength, in.readableBytes());
        in.readBytes(prefix, prefixLength, n);
        prefixLength += n;
        if (prefixLength == PREFIX) onPrefix();
      }
      case TYPE, HEADER, FRAME_HEADER -> {
        int n = Math.min(accNeed - accLength, in.readableBytes());
        in.readBytes(acc, accLength, n);
        accLength += n;
        if (accLength == accNeed) {
          if (state == State.TYPE) onType();
          else if (state == State.HEADER) onHeader();
          else onFrameHeader();
        }
      }
      case SKIP -> {
        int n = (int) Math.min(skipRemaining, in.readableBytes());
        in.skipBytes(n);
        skipRemaining -= n;
        if (skipRemaining == 0) nextMessage();
      }
      case PAYLOAD -> {
        int n = Math.min(payloadRemaining, in.readableBytes());
        int at = batchCount * payload + (payload - payloadRemaining);
        in.readBytes(batch, at, n);
        payloadRemaining -= n;
        if (payloadRemaining == 0) onFrameComplete();
      }
      default -> in.skipBytes(in.readableBytes());
    }
  }

  private void nextMessage() {
    prefixLength = 0;
    state = State.PREFIX;
  }

  private void onPrefix() {
    long len = parsePrefix(prefix);
    if (len < 0) {
      if (header == null) {
        // Draining: slide to the next 'M' and look again.
        int next = 1;
        while (next < PREFIX && prefix[next] != 'M') next++;
        garbageBytes += next;
        System.arraycopy(prefix, next, prefix, 0, PREFIX - next);
        prefixLength = PREFIX - next;
        return;
      }
      throw new MerlinFormatException(at() + ": malformed message prefix '" + printable(prefix, 0, PREFIX)
          + "' (expected MPX,<10 digits>,)");
    }
    bodyLength = len - 1;
    if (bodyLength < 4) {
      if (header == null) {
        skip(bodyLength);
        return;
      }
      throw new MerlinFormatException(at() + ": message length " + len + " is too short for a frame");
    }
    accLength = 0;
    accNeed = 4;
    state = State.TYPE;
  }

  private void onType() {
    boolean hdr = acc[0] == 'H' && acc[1] == 'D' && acc[2] == 'R' && acc[3] == ',';
    boolean mq1 = acc[0] == 'M' && acc[1] == 'Q' && acc[2] == '1' && acc[3] == ',';
    if (header == null) {
      if (!hdr) {
        skippedMessages++;
        skip(bodyLength - 4);
        return;
      }
      if (bodyLength > MAX_HEADER_BYTES) {
        throw new MerlinFormatException(source + ": acquisition header of " + bodyLength
            + " bytes is implausible (more than " + MAX_HEADER_BYTES + ")");
      }
      need((int) bodyLength);
      state = State.HEADER;
      return;
    }
    if (hdr) {
      throw new MerlinFormatException(at() + ": a new acquisition header arrived mid-scan"
          + " (the acquisition was aborted or restarted)");
    }
    if (!mq1) {
      throw new MerlinFormatException(at() + ": message type '" + printable(acc, 0, 3)
          + "' where a MQ1 frame was expected");
    }
    if (frameBody < 0) {
      need(MerlinFrameHeader.MIN_PREFIX);
    } else {
      if (bodyLength != frameBody) {
        throw new MerlinFormatException(at() + ": message length " + (bodyLength + 1)
            + " differs from the first frame's " + (frameBody + 1));
      }
      need(dataOffset);
    }
    state = State.FRAME_HEADER;
  }

  private void onHeader() {
    MerlinAcquisitionHeader h = MerlinAcquisitionHeader.parse(acc, 0, accLength, source);
    long fia = h.framesInAcquisition(source);
    int hx = h.scanX().orElse(0);
    int hy = h.scanY().orElse(0);
    boolean headerScan = hx > 0 && hy > 0;
    int ux = options.scanX();
    int uy = options.scanY();
    if (headerScan && ux > 0 && (hx != ux || hy != uy)) {
      throw new MerlinFormatException(source + ": scan " + ux + "x" + uy + " was given but the acquisition header says "
          + "ScanX " + hx + ", ScanY " + hy);
    }
    int x = headerScan ? hx : ux;
    int y = headerScan ? hy : uy;
    if (x == 0) {
      throw new MerlinFormatException(source + ": the acquisition header has no ScanX/ScanY"
          + (fia == 0 ? " and Frames in Acquisition is 0 (continuous)" : " (Frames in Acquisition " + fia + ")")
          + "; give the scan, e.g. --scan 128x128");
    }
    if (fia > 0 && (long) x * y != fia) {
      throw new MerlinFormatException(source + ": scan " + x + "x" + y + " has " + ((long) x * y)
          + " frames but the acquisition header says Frames in Acquisition " + fia);
    }
    header = h;
    scanX = x;
    scanY = y;
    expected = (long) x * y;
    waitedNanos = 0;
    nextMessage();
  }

  private void onFrameHeader() {
    if (frameBody < 0 && accNeed == MerlinFrameHeader.MIN_PREFIX) {
      int offset = MerlinFrameHeader.dataOffset(acc, 0, at());
      if (offset > bodyLength) {
        throw new MerlinFormatException(at() + ": frame header of " + offset
            + " bytes is longer than its message (" + bodyLength + " bytes)");
      }
      accNeed = offset;
      return;
    }
    long sequence;
    if (frameBody < 0) {
      MerlinFrameHeader h = MerlinFrameHeader.parse(acc, 0, accLength, at());
      int bytes = h.payloadBytes(at());
      if (bodyLength - h.dataOffset() != bytes) {
        throw new MerlinFormatException(at() + ": message holds " + (bodyLength - h.dataOffset())
            + " pixel bytes but the frame header says " + h.width() + "x" + h.height() + " " + h.pixelType()
            + " = " + bytes);
      }
      first = h;
      frameBody = bodyLength;
      dataOffset = h.dataOffset();
      payload = bytes;
      // Raw quad frames are 1024 x 256 on the wire and 512 x 512 (514 x 514 with gaps) decoded.
      ScanGeometry geometry = new ScanGeometry(scanY, scanX, h.imageHeight(), h.imageWidth(), h.dtype());
      batchFrames = options.batchFrames(geometry.frameBytes());
      ctx.fireChannelRead(new LiveEvent.Started(geometry, header.fields()));
      sequence = h.sequence();
    } else {
      sequence = parseSequence();
    }
    long index = sequence - 1;
    if (index < nextFrame) {
      throw new MerlinFormatException(at() + ": sequence number " + sequence + " repeats or goes back (expected "
          + (nextFrame + 1) + ")");
    }
    if (index >= expected) {
      throw new MerlinFormatException(at() + ": sequence number " + sequence + " is beyond the scan's "
          + expected + " frames");
    }
    if (index > nextFrame) {
      flushBatch();
      ctx.fireChannelRead(new FrameGap(nextFrame, index - nextFrame));
      lost += index - nextFrame;
      nextFrame = index;
    }
    if (batchCount == 0) {
      batchFirst = index;
      batchCapacity = (int) Math.min(batchFrames, expected - index);
      batch = arrays.take(batchCapacity * payload);
      batchStartNanos = System.nanoTime();
    }
    payloadRemaining = payload;
    state = State.PAYLOAD;
  }

  private void onFrameComplete() {
    batchCount++;
    received++;
    nextFrame++;
    if (batchCount == batchCapacity) flushBatch();
    if (nextFrame == expected) {
      state = State.DONE;
      stopTimer();
      ctx.fireChannelRead(Done.INSTANCE);
      return;
    }
    nextMessage();
  }

  private void flushBatch() {
    if (batchCount == 0) return;
    ctx.fireChannelRead(new RawBatch(batchFirst, batchCount, batch, first, payload));
    batch = null;
    batchCount = 0;
  }

  private void tick() {
    if (state == State.DONE || state == State.FAILED) return;
    long now = System.nanoTime();
    long dt = now - lastTickNanos;
    lastTickNanos = now;
    if (batchCount > 0 && state == State.PREFIX && now - batchStartNanos >= options.maxBatchLatency().toNanos()) {
      flushBatch();
    }
    if (ctx.channel().config().isAutoRead()) waitedNanos += dt;
    Duration limit;
    String what;
    if (header == null) {
      limit = options.headerTimeout();
      what = "no acquisition header";
    } else if (received == 0 && lost == 0) {
      limit = options.firstFrameTimeout();
      what = "no first frame";
    } else {
      limit = options.frameTimeout();
      what = "no frame after frame " + nextFrame;
    }
    if (!limit.isZero() && waitedNanos > limit.toNanos()) {
      fail("timed out: " + what + " within " + format(limit), null);
    }
  }

  private void fail(String what, Throwable cause) {
    if (state == State.DONE || state == State.FAILED) return;
    flushBatch();
    state = State.FAILED;
    stopTimer();
    ctx.fireChannelRead(failure(what, cause));
  }

  private Failure failure(String what, Throwable cause) {
    // Decoder messages start with the source ("src: ..." or "src frame 12: ..."); the exception adds it.
    String w = what;
    if (w.startsWith(source + ": ")) w = w.substring(source.length() + 2);
    else if (w.startsWith(source + " ")) w = w.substring(source.length() + 1);
    return new Failure(new LiveAcquisitionException(source, w, received, expected, cause));
  }

  private void stopTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void need(int bytes) {
    if (acc.length < bytes) acc = new byte[Math.max(bytes, acc.length * 2)];
    if (accLength > bytes) throw new IllegalStateException();
    accNeed = bytes;
  }

  private void skip(long bytes) {
    skipRemaining = bytes;
    if (bytes == 0) nextMessage();
    else state = State.SKIP;
  }

  private long parseSequence() {
    if (acc[0] != 'M' || acc[1] != 'Q' || acc[2] != '1' || acc[3] != ',') {
      throw new MerlinFormatException(at() + ": frame header does not start with 'MQ1,' ("
          + printable(acc, 0, Math.min(accLength, 16)) + ")");
    }
    long v = 0;
    int i = 4;
    for (; i < accLength && acc[i] != ','; i++) {
      byte c = acc[i];
      if (c < '0' || c > '9' || i > 22) {
        throw new MerlinFormatException(at() + ": frame sequence number is not a number ("
            + printable(acc, 0, Math.min(accLength, 16)) + ")");
      }
      v = v * 10 + (c - '0');
    }
    if (i == 4) throw new MerlinFormatException(at() + ": frame sequence number is empty");
    return v;
  }

  /** Where in the stream: the frame being read (1-based, as the detector numbers them). */
  private String at() {
    return header == null ? source : source + " frame " + (nextFrame + 1);
  }

  /** The message length in a {@code MPX,<10 digits>,} prefix, or -1 when it is not one. */
  static long parsePrefix(byte[] p) {
    if (p[0] != 'M' || p[1] != 'P' || p[2] != 'X' || p[3] != ',' || p[14] != ',') return -1;
    long v = 0;
    for (int i = 4; i < 14; i++) {
      if (p[i] < '0' || p[i] > '9') return -1;
      v = v * 10 + (p[i] - '0');
    }
    return v;
  }

  static String printable(byte[] bytes, int offset, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n && offset + i < bytes.length; i++) {
      int c = bytes[offset + i] & 0xff;
      b.append(c >= 32 && c < 127 ? (char) c : '?');
    }
    return b.toString();
  }

  private static String format(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  long garbageBytes() {
    return garbageBytes;
  }

  long skippedMessages() {
    return skippedMessages;
  }
}
