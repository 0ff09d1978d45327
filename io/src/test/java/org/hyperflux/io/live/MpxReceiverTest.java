package org.hyperflux.io.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.live.FrameBatch;
import org.hyperflux.core.live.FrameGap;
import org.hyperflux.core.live.LiveEvent;
import org.hyperflux.core.live.ScanGeometry;
import org.hyperflux.io.mib.MerlinAcquisitionHeader;
import org.hyperflux.io.mib.MerlinFrameHeader;
import org.hyperflux.io.mib.MerlinPixels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The data-channel state machine alone, on Netty's embedded channel: the same stream cut at
 * every possible place (1-byte reads, seeded random read sizes) decodes to the same frames.
 */
class MpxReceiverTest {
  static final ScanGeometry G = new ScanGeometry(3, 5, 6, 10, DType.UINT16);

  static byte[] message(byte[] body) {
    byte[] prefix = String.format("MPX,%010d,", body.length + 1).getBytes(StandardCharsets.US_ASCII);
    byte[] m = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, m, 0, prefix.length);
    System.arraycopy(body, 0, m, prefix.length, body.length);
    return m;
  }

  /** Garbage, a leftover frame of another acquisition, HDR, then the scan's frames except {@code skip}. */
  static byte[] stream(long skip) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("leftover MPX,junk".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(frameMessage(0, 1));
    out.writeBytes(message(MerlinAcquisitionHeader.forScan(G.scanX(), G.scanY(), 12, 1).toBytes()));
    for (long k = 0; k < G.frames(); k++) {
      if (k != skip) out.writeBytes(frameMessage(k, k + 1));
    }
    return out.toByteArray();
  }

  static byte[] frameMessage(long k, long sequence) {
    byte[] head = MerlinFrameHeader.forFrame(sequence, G.frameWidth(), G.frameHeight(), "U16", 1, "1x1", 12).toBytes();
    byte[] body = new byte[head.length + G.framePixels() * 2];
    System.arraycopy(head, 0, body, 0, head.length);
    MerlinPixels.encode(SimulatedFrames.discFrame(G, 9, k), 0, G.framePixels(), body, head.length);
    return message(body);
  }

  static List<Object> feed(byte[] stream, SplittableRandom cuts, int maxRead) {
    MpxReceiver rx = new MpxReceiver(MerlinTcpOptions.of("test", 1).withFramesPerBatch(4), "test", new BatchArrays());
    EmbeddedChannel ch = new EmbeddedChannel(rx);
    for (int at = 0; at < stream.length; ) {
      int n = Math.min(stream.length - at, maxRead == 1 ? 1 : 1 + cuts.nextInt(maxRead));
      ch.writeInbound(Unpooled.wrappedBuffer(stream, at, n));
      at += n;
    }
    List<Object> out = new ArrayList<>();
    for (Object m = ch.readInbound(); m != null; m = ch.readInbound()) out.add(m);
    ch.finishAndReleaseAll();
    return out;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 100, 1000, 100_000})
  void theStreamDecodesTheSameHoweverItIsCut(int maxRead) {
    List<Object> out = feed(stream(-1), new SplittableRandom(maxRead), maxRead);
    assertThat(out.get(0)).isInstanceOf(LiveEvent.Started.class);
    assertThat(((LiveEvent.Started) out.get(0)).geometry()).isEqualTo(G);
    assertThat(out.get(out.size() - 1)).isEqualTo(MpxReceiver.Done.INSTANCE);
    long next = 0;
    for (Object m : out.subList(1, out.size() - 1)) {
      FrameBatch b = MerlinTcpSource.decode((MpxReceiver.RawBatch) m);
      assertThat(b.first()).isEqualTo(next);
      for (int i = 0; i < b.count(); i++) {
        MerlinTcpSourceTest.assertSameFrame(b.frame(i), SimulatedFrames.discFrame(G, 9, next + i), next + i);
      }
      next += b.count();
    }
    assertThat(next).isEqualTo(G.frames());
  }

  @Test
  void aGapSplitsTheBatchAndKeepsPositions() {
    List<Object> out = feed(stream(6), new SplittableRandom(1), 50);
    List<String> kinds = new ArrayList<>();
    for (Object m : out) {
      if (m instanceof MpxReceiver.RawBatch r) kinds.add("batch " + r.first() + "+" + r.count());
      else if (m instanceof FrameGap g) kinds.add("gap " + g.first() + "+" + g.count());
      else kinds.add(m.getClass().getSimpleName());
    }
    assertThat(kinds).containsExactly("Started", "batch 0+4", "batch 4+2", "gap 6+1", "batch 7+4", "batch 11+4",
        "Done");
    Block seventh = MerlinTcpSource.decode((MpxReceiver.RawBatch) out.get(4)).frame(0);
    MerlinTcpSourceTest.assertSameFrame(seventh, SimulatedFrames.discFrame(G, 9, 7), 7);
  }
}
