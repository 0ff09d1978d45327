package org.hyperflux.io.blockfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes blockfiles from Java for the tests, following the layout HyperSpy 1.7.3's writer
 * produces ({@code io_plugins/blockfile.py: file_writer}): the 240-byte little-endian header, the
 * note, zeros up to {@code Data_offset_1 = 0x1000}, the virtual bright-field image, zeros up to
 * {@code Data_offset_2 = (0x1000 + NX·NY) + (0x1000 + NX·NY) mod 16}, then every frame behind its
 * marker {@code 0x55AA} and ID. Pixel values are {@link #value}, a function of the frame index and
 * the pixel index, so tests compute the expected data without storing it. Frames are streamed in
 * batches of about 4 MiB: a file of any size is written in bounded memory.
 */
final class TestBlockfiles {
  int nx = 4;
  int ny = 3;
  int dp = 5;
  double sx = 2.5;
  double sy = 3.5;
  int sdp = 400;
  long beamEnergy = 200_000;
  long cameraLength = 1200;
  int scanRotation = 1234;
  double acquisitionTime = 44197.5625;
  String note = "";
  ByteOrder frameOrder = ByteOrder.LITTLE_ENDIAN;
  long firstId = 0;
  long offset1 = 0x1000;
  long offset2 = -1;

  /** The pixel value of pixel {@code p} (row-major in the frame) of frame {@code f} (scan order). */
  static int value(long f, long p) {
    return (int) ((f * 7 + p + (p >> 8) * 3) & 0xFF);
  }

  /** The virtual bright-field value stored for frame {@code f}. */
  static int vbf(long f) {
    return (int) ((f * 11 + 5) & 0xFF);
  }

  long dataOffset2() {
    if (offset2 >= 0) return offset2;
    long o = offset1 + (long) nx * ny;
    return o + o % 16;
  }

  long frameRecord() {
    return 6 + (long) dp * dp;
  }

  long fileSize() {
    return dataOffset2() + (long) nx * ny * frameRecord();
  }

  /** Writes the file; returns the sum of every pixel value written. */
  long write(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      writeHead(ch);
      return writeFrames(ch, 0, (long) nx * ny);
    }
  }

  /**
   * Writes the header, the note and the virtual bright-field image, then only the frames listed,
   * and sets the file's length to the full size without writing the rest: on a file system with
   * sparse files, a file of any promised size costs only the blocks written. Unwritten frames
   * read as zeros (so their frame headers are wrong).
   */
  void writeSparse(Path file, long... frames) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      writeHead(ch);
      for (long f : frames) writeFrames(ch, f, 1);
    }
    try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(fileSize());
    }
  }

  private void writeHead(FileChannel ch) throws IOException {
    ByteBuffer h = ByteBuffer.allocate((int) offset1).order(ByteOrder.LITTLE_ENDIAN);
    h.put("IMGBLO".getBytes(StandardCharsets.US_ASCII));
    h.putShort((short) 0x0102);
    h.putInt((int) offset1);
    h.putInt((int) dataOffset2());
    h.putInt(131141);
    h.putShort((short) dp);
    h.putShort((short) 0);
    h.putShort((short) nx);
    h.putShort((short) ny);
    h.putShort((short) scanRotation);
    h.putDouble(sx);
    h.putDouble(sy);
    h.putInt((int) beamEnergy);
    h.putShort((short) sdp);
    h.putInt((int) cameraLength);
    h.putDouble(acquisitionTime);
    h.position(BlockfileHeader.RECORD_BYTES);
    h.put(note.getBytes(StandardCharsets.UTF_8));
    h.position(0);
    writeFully(ch, h, 0);
    long frames = (long) nx * ny;
    ByteBuffer v = ByteBuffer.allocate((int) frames);
    for (long f = 0; f < frames; f++) v.put((byte) vbf(f));
    v.flip();
    writeFully(ch, v, offset1);
  }

  /** Writes frames {@code [from, from + count)} in batches of about 4 MiB; the sum of their pixels. */
  private long writeFrames(FileChannel ch, long from, long count) throws IOException {
    long sum = 0;
    long rec = frameRecord();
    int perBatch = (int) Math.max(1, (4 << 20) / rec);
    ByteBuffer batch = ByteBuffer.allocate((int) (Math.min(perBatch, Math.max(1, count)) * rec));
    long pos = dataOffset2() + from * rec;
    for (long f0 = from; f0 < from + count; f0 += perBatch) {
      batch.clear();
      long n = Math.min(perBatch, from + count - f0);
      for (long f = f0; f < f0 + n; f++) {
        batch.order(frameOrder).putShort((short) 0x55AA).putInt((int) (firstId + f));
        for (long p = 0; p < (long) dp * dp; p++) {
          int x = value(f, p);
          batch.put((byte) x);
          sum += x;
        }
      }
      batch.flip();
      writeFully(ch, batch, pos);
      pos += n * rec;
    }
    return sum;
  }

  private static void writeFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    long p = pos;
    while (b.hasRemaining()) p += ch.write(b, p);
  }
}
