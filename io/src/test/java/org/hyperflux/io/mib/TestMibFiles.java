package org.hyperflux.io.mib;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;

/**
 * Writes Merlin {@code .mib} files (and their {@code .hdr}) of known values for the tests, as
 * the detector writes them: {@code [MQ1 header + pixels]*} with headers of {@link
 * MerlinFrameHeader#forFrame} (sequence numbers from 1) and pixels encoded by {@link
 * MerlinPixels#encode} (big-endian) or {@link MerlinPixels#encodeRaw}. Pixel {@code p} (C order
 * in the decoded frame) of frame {@code f} holds {@link #value}: distinct across frames and
 * pixels, using every bit of the type (U32 values above 2^31), cut to the counter depth for raw
 * frames, and 0 in the gaps of a {@code 2x2G} quad.
 */
final class TestMibFiles {
  int width = 16;
  int height = 12;
  String pixelType = "U16";
  int chips = 1;
  String layout = "1x1";
  int counterDepth = 12;

  static TestMibFiles of(int width, int height, String pixelType) {
    TestMibFiles w = new TestMibFiles();
    w.width = width;
    w.height = height;
    w.pixelType = pixelType;
    w.counterDepth = pixelType.equals("U08") ? 6 : pixelType.equals("U16") ? 12 : 24;
    return w;
  }

  /** A raw quad ({@code 2x2} or {@code 2x2G}) of counter depth 1, 6 or 12. */
  static TestMibFiles rawQuad(String layout, int counterDepth) {
    TestMibFiles w = new TestMibFiles();
    w.width = 1024;
    w.height = 256;
    w.pixelType = "R64";
    w.chips = 4;
    w.layout = layout;
    w.counterDepth = counterDepth;
    return w;
  }

  /** A raw single chip of {@code width × height} and counter depth 1, 6 or 12. */
  static TestMibFiles rawSingle(int width, int height, int counterDepth) {
    TestMibFiles w = of(width, height, "R64");
    w.counterDepth = counterDepth;
    return w;
  }

  MerlinFrameHeader header(long frame) {
    return MerlinFrameHeader.forFrame(frame + 1, width, height, pixelType, chips, layout, counterDepth);
  }

  DType dtype() {
    return header(0).dtype();
  }

  int framePixels() {
    MerlinFrameHeader h = header(0);
    return h.imageWidth() * h.imageHeight();
  }

  long frameBytes() {
    return header(0).frameBytes("test");
  }

  /** The value of decoded pixel {@code p} of frame {@code f}. */
  long value(long f, long p) {
    MerlinFrameHeader h = header(0);
    if (h.rawQuad() && h.layout().equals("2x2G")) {
      long r = p / 514;
      long c = p % 514;
      if (r == 256 || r == 257 || c == 256 || c == 257) return 0;
    }
    switch (pixelType) {
      case "U08": return (f * 7 + p * 13) & 0xFF;
      case "U16": return (f * 1009 + p * 31) & 0xFFFF;
      case "U32": return (f * 100_003 + p * 65_537 + 0x8000_0000L) & 0xFFFF_FFFFL;
      case "U64": return f * 1_000_000_007L + p * 3 + (1L << 40);
      default: return (f * 7 + p * 5 + p / 3) & ((1L << counterDepth) - 1);
    }
  }

  /** Frame {@code f} as decoded: {@code imageHeight × imageWidth} values of {@link #dtype()}. */
  Block frame(long f) {
    Block b = Block.allocate(dtype(), framePixels());
    for (int p = 0; p < b.length(); p++) b.setLong(p, value(f, p));
    return b;
  }

  /** Frame {@code f} as the file holds it: header and encoded pixels. */
  byte[] frameBytes(long f) {
    MerlinFrameHeader h = header(f);
    byte[] out = new byte[(int) frameBytes()];
    byte[] head = h.toBytes();
    System.arraycopy(head, 0, out, 0, head.length);
    if (h.raw()) {
      MerlinPixels.encodeRaw(h, frame(f), 0, out, h.dataOffset());
    } else {
      MerlinPixels.encode(frame(f), 0, framePixels(), out, h.dataOffset());
    }
    return out;
  }

  /** Writes {@code frames} frames to {@code file}; returns the sum of every value written. */
  long write(Path file, long frames) throws IOException {
    long sum = 0;
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long f = 0; f < frames; f++) {
        out.write(frameBytes(f));
        for (int p = 0; p < framePixels(); p++) sum += value(f, p);
      }
    }
    return sum;
  }

  /**
   * A sparse file of {@code frames} frames in which only the frames {@code written} are written
   * (the others read as zeros: a header that does not start with {@code MQ1}).
   */
  void writeSparse(Path file, long frames, long... written) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE, StandardOpenOption.SPARSE)) {
      for (long f : written) ch.write(ByteBuffer.wrap(frameBytes(f)), f * frameBytes());
      ch.truncate(frames * frameBytes());
      if (ch.size() < frames * frameBytes()) {
        ch.write(ByteBuffer.wrap(new byte[1]), frames * frameBytes() - 1);
      }
    }
  }

  /** The {@code .hdr} beside {@code mib} (same stem) for a scan of {@code scanX × scanY}. */
  static Path writeHdr(Path mib, int scanX, int scanY, int counterDepth) throws IOException {
    String name = mib.getFileName().toString();
    Path hdr = mib.resolveSibling(name.substring(0, name.length() - 4) + ".hdr");
    byte[] text = MerlinAcquisitionHeader.forScan(scanX, scanY, counterDepth, 1).toBytes();
    return Files.write(hdr, text);
  }

  /** A {@code .hdr} without {@code ScanX}/{@code ScanY}, as Merlin software before 1.5 writes. */
  static Path writeOldHdr(Path mib, long frames) throws IOException {
    String name = mib.getFileName().toString();
    Path hdr = mib.resolveSibling(name.substring(0, name.length() - 4) + ".hdr");
    String text = "HDR,\t\nTime and Date Stamp (day, mnth, yr, hr, min, s):\t18/05/2020 16:51:48\n"
        + "Chip ID:\tW529_F5\nCounter Depth (number):\t12\nFrames in Acquisition (Number):\t"
        + frames + "\nFrames per Trigger (Number):\t" + frames + "\nSoftware Version:\t1.4.1.0\n"
        + "End\t";
    return Files.writeString(hdr, text, java.nio.charset.StandardCharsets.ISO_8859_1);
  }
}
