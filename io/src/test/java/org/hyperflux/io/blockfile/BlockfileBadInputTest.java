package org.hyperflux.io.blockfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.exec.SourceHandle;
import org.hyperflux.core.exec.SourceReadException;
import org.hyperflux.core.signal.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input, each a clear error naming the file and the header field or the frame, never a hang:
 * a missing file, a directory, an empty file and files of other formats, an unsupported version,
 * a header cut at every possible length, impossible offsets, a file truncated inside or between
 * frames, corrupt frame markers and IDs, header sizes that do not describe the frames, a virtual
 * bright-field image that overlaps the frames or is cut short, and a seeded fuzz of byte-level
 * damage. Damaged files start from {@code cal.blo}, written by HyperSpy 1.7.3: NX = 7, NY = 5,
 * DP_SZ = 8, frames of 70 bytes from byte 4134.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BlockfileBadInputTest {
  private static final long FRAMES = 4134;
  private static final int RECORD = 70;

  @TempDir
  Path tmp;

  private Path damaged(String name, Consumer<ByteBuffer> damage) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(Golden.file("cal.blo")))
        .order(ByteOrder.LITTLE_ENDIAN);
    damage.accept(b);
    Path file = tmp.resolve(name);
    Files.write(file, Arrays.copyOf(b.array(), b.limit()));
    return file;
  }

  private Path cut(String name, long length) throws IOException {
    return damaged(name, b -> b.limit((int) length));
  }

  private static long frameOffset(long frame) {
    return FRAMES + frame * RECORD;
  }

  @Test
  void missingFileFailsNamingIt() {
    Path missing = tmp.resolve("nothing.blo");
    assertThatThrownBy(() -> Blockfile.open(missing))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("no blockfile");
  }

  @Test
  void directoryIsNotABlockfile() throws IOException {
    Path d = Files.createDirectory(tmp.resolve("scan.blo"));
    assertThatThrownBy(() -> Blockfile.open(d))
        .isInstanceOf(FileSystemException.class)
        .hasMessageContaining(d.toString())
        .hasMessageContaining("a directory, not a blockfile");
  }

  @Test
  void emptyFileAndOtherFormatsAreNotBlockfiles() throws IOException {
    Path empty = Files.write(tmp.resolve("empty.blo"), new byte[0]);
    assertThatThrownBy(() -> Blockfile.open(empty))
        .isInstanceOf(BlockfileFormatException.class)
        .hasMessageContaining("not a blockfile")
        .hasMessageContaining("the file is empty")
        .hasMessageContaining(empty.toString())
        .satisfies(e -> assertThat(((BlockfileFormatException) e).field()).isEqualTo("ID"));
    byte[] hdf5 = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0};
    Path h5 = Files.write(tmp.resolve("scan.hspy"), hdf5);
    assertThatThrownBy(() -> Blockfile.open(h5))
        .isInstanceOf(BlockfileFormatException.class)
        .hasMessageContaining("not a blockfile: it starts with bytes 89 48 44 46 0D 0A")
        .hasMessageContaining("\\x89HDF\\x0d\\x0a")
        .hasMessageContaining("header field ID");
    Path text = Files.writeString(tmp.resolve("notes.blo"), "IMGBLX and more text");
    assertThatThrownBy(() -> Blockfile.open(text))
        .isInstanceOf(BlockfileFormatException.class)
        .hasMessageContaining("not a blockfile")
        .hasMessageContaining("\"IMGBLX\"");
    Path other = Files.write(tmp.resolve("short.blo"), "IMX".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> Blockfile.open(other))
        .isInstanceOf(BlockfileFormatException.class)
        .hasMessageContaining("not a blockfile");
    for (Path p : new Path[] {empty, h5, text, other, tmp, tmp.resolve("missing.blo")}) {
      assertThat(Blockfile.isBlockfile(p)).as("%s is a blockfile", p).isFalse();
    }
    assertThat(Blockfile.isBlockfile(Golden.file("cal.blo"))).isTrue();
  }

  @Test
  void unsupportedVersionFailsNamingMagic() throws IOException {
    Path file = damaged("v3.blo", b -> b.putShort(6, (short) 0x0103));
    assertThatThrownBy(() -> Blockfile.open(file))
        .isInstanceOf(BlockfileFormatException.class)
        .hasMessageContaining("unsupported blockfile version: MAGIC is 0x0103")
        .hasMessageContaining("header field MAGIC")
        .hasMessageContaining(file.toString());
  }

  @Test
  void headerCutAtEveryLengthFailsNamingTheFieldItEndsIn() throws IOException {
    for (int length = 1; length < BlockfileHeader.RECORD_BYTES; length++) {
      Path file = cut("cut" + length + ".blo", length);
      String field = null;
      for (BlockfileHeader.Field f : BlockfileHeader.FIELDS) {
        if (f.offset() + f.size() > length) {
          field = f.name();
          break;
        }
      }
      String expected = field;
      int n = length;
      assertThatThrownBy(() -> Blockfile.open(file))
          .as("cut after %d bytes", n)
          .isInstanceOf(BlockfileFormatException.class)
          .hasMessageContaining("truncated: it ends after " + n + " bytes, inside the 240-byte header")
          .hasMessageContaining("field " + expected + " spans bytes")
          .hasMessageContaining(file.toString())
          .satisfies(e -> assertThat(((BlockfileFormatException) e).field()).isEqualTo(expected));
      Files.delete(file);
    }
    for (int length : new int[] {240, 241, 1000, 4095}) {
      Path file = cut("note" + length + ".blo", length);
      assertThatThrownBy(() -> Blockfile.open(file))
          .isInstanceOf(BlockfileFormatException.class)
          .hasMessageContaining("truncated: it ends after " + length + " bytes, inside the note")
          .satisfies(e -> assertThat(((BlockfileFormatException) e).field()).isEqualTo("Note"));
    }
  }

  @Test
  void impossibleOffsetsFailNamingTheField() throws IOException {
    Path inRecord1 = damaged("o1.blo", b -> b.putInt(8, 100));
    assertThatThrownBy(() -> Blockfile.open(inRecord1))
        .isInstanceOf(BlockfileFormatException.class)
        .hasMessageContaining("Data_offset_1 is 100, inside the 240-byte header record")
        .hasMessageContaining("header field Data_offset_1");
    Path inRecord2 = damaged("o2.blo", b -> b.putInt(12, 17));
    assertThatThrownBy(() -> Blockfile.open(inRecord2))
        .isInstanceOf(BlockfileFormatException.class)
        .hasMessageContaining("Data_offset_2 is 17")
        .hasMessageContaining("header field Data_offset_2");
    Path hugeNote = damaged("o3.blo", b -> b.putInt(8, 0xF0000000));
    assertThatThrownBy(() -> Blockfile.open(hugeNote))
        .isInstanceOf(BlockfileFormatException.class)
        .hasMessageContaining("Data_offset_1 is 4026531840")
        .hasMessageContaining("header is corrupt");
  }

  @Test
  void fileTruncatedInsideAFrameFailsNamingThatFrameWhenRead() throws IOException {
    // Frame 23 is at y = 3, x = 2; cut in its pixels, in its frame header, and just before it.
    long[] cuts = {frameOffset(23) + 40, frameOffset(23) + 3, frameOffset(23)};
    for (long length : cuts) {
      for (int buffer : new int[] {FrameSource.DEFAULT_BUFFER_BYTES, 64, 1}) {
        Path file = cut("t" + length + "_" + buffer + ".blo", length);
        Blockfile bf = Blockfile.open(file, buffer);
        Signal s = bf.signal(ChunkGrid.regular(bf.shape(), 2, 7, 8, 8));
        // Lazy: the first rows are intact and read.
        Block rows = s.data().slice(0, 0, 2, 1).compute().toBlock();
        assertThat(rows.length()).isEqualTo(2 * 7 * 64);
        String where = length > frameOffset(23) ? ", inside" : ", before";
        assertThatThrownBy(() -> s.data().slice(0, 2, 4, 1).sum().compute())
            .as("cut after %d bytes, buffer %d", length, buffer)
            .isInstanceOf(SourceReadException.class)
            .hasMessageContaining("blockfile " + file)
            .cause()
            .isInstanceOf(BlockfileFrameException.class)
            .hasMessageContaining("frame 23 (scan position y=3, x=2, at byte " + frameOffset(23) + ")")
            .hasMessageContaining("the file is truncated: it ends at byte " + length + where)
            .hasMessageContaining("need " + frameOffset(35) + " bytes")
            .satisfies(e -> assertThat(((BlockfileFrameException) e).frame()).isEqualTo(23));
        // Reading everything, chunks run concurrently: the error names whichever incomplete
        // frame was read first, and where the file really ends.
        assertThatThrownBy(() -> s.data().sum().compute())
            .isInstanceOf(SourceReadException.class)
            .cause()
            .isInstanceOf(BlockfileFrameException.class)
            .hasMessageContaining("the file is truncated: it ends at byte " + length + ",")
            .satisfies(e -> assertThat(((BlockfileFrameException) e).frame()).isIn(23L, 28L));
      }
    }
  }

  @Test
  void corruptFrameMarkerFailsNamingTheFrame() throws IOException {
    Path file = damaged("marker.blo", b -> b.put((int) frameOffset(17) + 1, (byte) 0x00));
    for (int buffer : new int[] {FrameSource.DEFAULT_BUFFER_BYTES, 5}) {
      Blockfile bf = Blockfile.open(file, buffer);
      assertThatThrownBy(() -> bf.signal().data().sum().compute())
          .isInstanceOf(SourceReadException.class)
          .cause()
          .isInstanceOf(BlockfileFrameException.class)
          .hasMessageContaining("frame 17 (scan position y=2, x=3")
          .hasMessageContaining("of blockfile " + file)
          .hasMessageContaining("starts with bytes AA 00 where every frame header starts with the marker AA 55");
    }
  }

  @Test
  void wrongFrameIdFailsNamingTheFrame() throws IOException {
    Path file = damaged("id.blo", b -> b.putInt((int) frameOffset(9) + 2, 99));
    assertThatThrownBy(() -> Blockfile.load(file).data().sum().compute())
        .isInstanceOf(SourceReadException.class)
        .cause()
        .isInstanceOf(BlockfileFrameException.class)
        .hasMessageContaining("frame 9 (scan position y=1, x=2")
        .hasMessageContaining("holds frame ID 99 where 9 was expected");
  }

  @Test
  void headerSizesThatDoNotDescribeTheFramesFail() throws IOException {
    Path smallFrames = damaged("dp.blo", b -> b.putShort(20, (short) 7));
    assertThatThrownBy(() -> Blockfile.load(smallFrames).data().sum().compute())
        .isInstanceOf(SourceReadException.class)
        .cause()
        .isInstanceOf(BlockfileFrameException.class)
        .hasMessageContaining("frame 1 ")
        .hasMessageContaining("do not describe its frames");
    Path shifted = damaged("o2shift.blo", b -> b.putInt(12, (int) FRAMES + 1));
    assertThatThrownBy(() -> Blockfile.load(shifted).data().sum().compute())
        .isInstanceOf(SourceReadException.class)
        .cause()
        .isInstanceOf(BlockfileFrameException.class)
        .hasMessageContaining("frame 0 (scan position y=0, x=0, at byte " + (FRAMES + 1) + ")")
        .hasMessageContaining("do not describe its frames");
    // More frames than the file holds: every frame present checks out, the first missing fails.
    Path moreFrames = damaged("nx.blo", b -> b.putShort(24, (short) 8));
    assertThatThrownBy(() -> Blockfile.load(moreFrames).data().slice(0, 4, 5, 1).sum().compute())
        .isInstanceOf(SourceReadException.class)
        .cause()
        .isInstanceOf(BlockfileFrameException.class)
        .hasMessageContaining("frame 35 (scan position y=4, x=3")
        .hasMessageContaining("truncated: it ends at byte 6584, before this frame's record");
    Path moreRows = damaged("ny.blo", b -> b.putShort(26, (short) 6));
    assertThatThrownBy(() -> Blockfile.load(moreRows).data().slice(0, 5, 6, 1).sum().compute())
        .isInstanceOf(SourceReadException.class)
        .cause()
        .isInstanceOf(BlockfileFrameException.class)
        .hasMessageContaining("frame 35 (scan position y=5, x=0")
        .hasMessageContaining("truncated");
  }

  @Test
  void bytesAfterTheLastFrameAreIgnored() throws IOException {
    Path file = damaged("tail.blo", b -> { });
    Files.write(file, new byte[100], java.nio.file.StandardOpenOption.APPEND);
    long sum = Blockfile.load(file).data().astype(org.hyperflux.core.array.DType.INT64).sum()
        .compute().getLong();
    long expected = Blockfile.load(Golden.file("cal.blo")).data()
        .astype(org.hyperflux.core.array.DType.INT64).sum().compute().getLong();
    assertThat(sum).isEqualTo(expected).isEqualTo(283763);
  }

  @Test
  void virtualBrightFieldOverlappingTheFramesOrCutShortFails() throws IOException {
    Path overlap = damaged("vbf.blo", b -> b.putInt(12, 4096 + 10));
    assertThatThrownBy(() -> Blockfile.open(overlap).virtualBrightField())
        .isInstanceOf(BlockfileFormatException.class)
        .hasMessageContaining("virtual bright-field image of NX × NY = 35 bytes at Data_offset_1 = 4096")
        .hasMessageContaining("past Data_offset_2 = 4106")
        .satisfies(e -> assertThat(((BlockfileFormatException) e).field()).isEqualTo("Data_offset_2"));
    Path cutShort = cut("vbfcut.blo", 4096 + 10);
    Signal vbf = Blockfile.open(cutShort).virtualBrightField();
    assertThatThrownBy(() -> vbf.data().compute())
        .isInstanceOf(SourceReadException.class)
        .cause()
        .isInstanceOf(EOFException.class)
        .hasMessageContaining("virtual bright-field image of blockfile " + cutShort)
        .hasMessageContaining("the file ends at byte 4106");
  }

  @Test
  void anInterruptedReaderDoesNotBreakTheOthersOnItsHandle() throws Exception {
    Blockfile bf = Blockfile.open(Golden.file("cal.blo"));
    FrameSource source = bf.frameSource(ChunkGrid.single(bf.shape()));
    Region all = Region.whole(bf.shape());
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (SourceHandle h = source.open()) {
      Block before = h.readRegion(all);
      Future<Throwable> interrupted = pool.submit(() -> {
        Thread.currentThread().interrupt();
        try {
          h.readRegion(all);
          return null;
        } catch (Throwable t) {
          return t;
        } finally {
          Thread.interrupted();
        }
      });
      assertThat(interrupted.get(1, TimeUnit.MINUTES)).isInstanceOf(ClosedByInterruptException.class);
      // The JDK closed the channel for everyone; the handle reopens it for the next reader.
      Block after = h.readRegion(all);
      assertThat(Arrays.equals((byte[]) after.array(), (byte[]) before.array())).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Seeded byte-level damage (random bytes overwritten anywhere in the header, the frame headers
   * or the pixels, or the file cut at a random length): opening and summing either succeed or
   * fail with one of the documented errors, never with anything else and never hanging.
   */
  @Test
  void fuzzedFilesFailCleanlyOrLoad() throws IOException {
    byte[] original = Files.readAllBytes(Golden.file("cal.blo"));
    Random random = new Random(20240917);
    int loaded = 0;
    for (int round = 0; round < 300; round++) {
      byte[] b = original.clone();
      int kind = random.nextInt(4);
      if (kind == 0) {
        b = Arrays.copyOf(b, random.nextInt(b.length));
      } else {
        int n = 1 + random.nextInt(4);
        for (int k = 0; k < n; k++) {
          int at = kind == 1 ? random.nextInt(BlockfileHeader.RECORD_BYTES)
              : kind == 2 ? (int) frameOffset(random.nextInt(35)) + random.nextInt(6)
              : random.nextInt(b.length);
          b[at] = (byte) random.nextInt(256);
        }
      }
      Path file = Files.write(tmp.resolve("fuzz" + round + ".blo"), b);
      try {
        Blockfile bf = Blockfile.open(file, 1 + random.nextInt(300));
        bf.signal().data().sum().compute();
        bf.virtualBrightField().data().compute();
        loaded++;
      } catch (BlockfileFormatException e) {
        assertThat(e).hasMessageContaining(file.toString());
      } catch (SourceReadException e) {
        assertThat(e.getCause()).isInstanceOfAny(BlockfileFrameException.class, EOFException.class);
        assertThat(e.getCause()).hasMessageContaining(file.toString());
      } catch (IllegalArgumentException e) {
        // A damaged header may describe more data than the budget lets one plan compute.
        assertThat(e).hasMessageContaining("budget");
      } catch (RuntimeException | IOException e) {
        fail("round " + round + " (damage kind " + kind + ") failed with an undocumented error", e);
      }
      Files.delete(file);
    }
    assertThat(loaded).isPositive();
  }
}
