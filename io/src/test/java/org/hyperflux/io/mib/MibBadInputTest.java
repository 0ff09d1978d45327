package org.hyperflux.io.mib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.exec.SourceReadException;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.LoadOptions;
import org.hyperflux.io.SignalFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Merlin files that cannot be read as they are, each failing with a message that names the file
 * and the frame: a file cut short (its whole frames load, the bytes left over are reported, and
 * asking for the frame it ends in fails), one cut inside its first frame, a frame whose header is
 * corrupt, frames of mixed sizes, a file that shrinks after it was opened, raw frames of an
 * unsupported counter depth, a malformed {@code .hdr}, and a missing file.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MibBadInputTest {
  @TempDir
  Path dir;

  private final TestMibFiles w = TestMibFiles.of(16, 12, "U16");

  @Test
  void aTruncatedFileLoadsItsWholeFramesAndSaysWhatIsLeftOver() throws IOException {
    Path f = dir.resolve("cut.mib");
    w.write(f, 10);
    long frame = w.frameBytes();
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      ch.truncate(9 * frame + 100);
    }
    Signal s = SignalFiles.load(f);
    assertThat(s.toString()).isEqualTo("<LazySignal2D, title: cut, dimensions: (9|16, 12)>");
    assertThat(s.originalMetadata().getLong("mib.trailing_bytes")).hasValue(100);
    assertThat(MibFile.open(f).trailingBytes()).isEqualTo(100);
    assertThat(s.data().sum().compute().getDouble()).isPositive();
    assertThatThrownBy(() -> SignalFiles.load(f, LoadOptions.defaults().withNavigationShape(2, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Merlin file " + f + " holds 9 whole frames")
        .hasMessageContaining("100 bytes of frame 9, cut short (the file is truncated)");
    // With a .hdr asking for 2 x 5: the complete row is read.
    TestMibFiles.writeHdr(f, 5, 2, 12);
    assertThat(SignalFiles.load(f).toString())
        .isEqualTo("<LazySignal2D, title: cut, dimensions: (5, 1|16, 12)>");
  }

  @Test
  void aFileCutInsideItsFirstFrameFailsNamingIt() throws IOException {
    Path f = dir.resolve("short.mib");
    Files.write(f, java.util.Arrays.copyOf(w.frameBytes(0), 500));
    assertThatThrownBy(() -> SignalFiles.load(f))
        .isInstanceOf(MibFrameException.class)
        .hasMessageContaining("frame 0 (at byte 0) of Merlin file " + f)
        .hasMessageContaining("the file of 500 bytes ends inside its first frame of 768 bytes");
    Path tiny = Files.write(dir.resolve("tiny.mib"), "MQ1,0".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> MibFile.open(tiny)).isInstanceOf(MibFrameException.class)
        .hasMessageContaining("too short for a frame header");
  }

  @Test
  void aCorruptHeaderInFrameKFailsWhenThatFrameIsReadNamingIt() throws IOException {
    Path f = dir.resolve("corrupt.mib");
    w.write(f, 12);
    long frame = w.frameBytes();
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap("MQ1,000008,00384,01,0016,00x2,U16".getBytes(
          StandardCharsets.US_ASCII)), 7 * frame);
    }
    Signal s = SignalFiles.load(f, LoadOptions.defaults().withNavigationShape(3, 4));
    // Frames before it read fine; the one with the broken header fails.
    assertThat(s.inav(2, 1).data().compute().toBlock().getLong(5)).isEqualTo(w.value(6, 5));
    assertThatThrownBy(() -> s.data().sum().compute())
        .isInstanceOf(SourceReadException.class)
        .cause().isInstanceOf(MibFrameException.class)
        .hasMessageContaining("frame 7 (at byte " + 7 * frame + ") of Merlin file " + f)
        .hasMessageContaining("height")
        .hasMessageContaining("is not a number: '00x2'");
    // Garbage where a header should start.
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {'X', 'Q', '1', ','}), 7 * frame);
    }
    assertThatThrownBy(() -> SignalFiles.load(f).data().compute())
        .cause().isInstanceOf(MibFrameException.class)
        .hasMessageContaining("frame 7 ")
        .hasMessageContaining("does not start with 'MQ1,'");
  }

  @Test
  void framesOfMixedSizesFailNamingTheFirstThatDiffers() throws IOException {
    Path f = dir.resolve("mixed.mib");
    TestMibFiles wide = TestMibFiles.of(16, 12, "U08");
    TestMibFiles other = TestMibFiles.of(24, 8, "U08");
    try (OutputStream out = Files.newOutputStream(f)) {
      for (int i = 0; i < 4; i++) out.write(wide.frameBytes(i));
      out.write(other.frameBytes(4)); // same byte count, another shape
      for (int i = 5; i < 8; i++) out.write(wide.frameBytes(i));
    }
    Signal s = SignalFiles.load(f);
    assertThat(s.toString()).isEqualTo("<LazySignal2D, title: mixed, dimensions: (8|16, 12)>");
    assertThatThrownBy(() -> s.data().compute())
        .cause().isInstanceOf(MibFrameException.class)
        .hasMessageContaining("frame 4 (at byte " + 4 * wide.frameBytes() + ") of Merlin file " + f)
        .hasMessageContaining("width 24 where the first frame has 16")
        .hasMessageContaining("every frame of a .mib file must be alike");
    // A frame of another byte size: the next header is not where it should be.
    Path g = dir.resolve("sizes.mib");
    TestMibFiles big = TestMibFiles.of(16, 12, "U16");
    try (OutputStream out = Files.newOutputStream(g)) {
      for (int i = 0; i < 3; i++) out.write(wide.frameBytes(i));
      out.write(big.frameBytes(3));
      for (int i = 4; i < 8; i++) out.write(wide.frameBytes(i));
    }
    assertThatThrownBy(() -> SignalFiles.load(g).data().compute())
        .cause().isInstanceOf(MibFrameException.class)
        .hasMessageContaining("frame 3 ")
        .hasMessageContaining("pixel type U16 where the first frame has U08");
  }

  @Test
  void aFileThatShrinksAfterOpeningFailsNamingTheFrameItEndsIn() throws IOException {
    Path f = dir.resolve("shrinks.mib");
    w.write(f, 10);
    Signal s = SignalFiles.load(f);
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      ch.truncate(6 * w.frameBytes() + 10);
    }
    assertThatThrownBy(() -> s.data().compute())
        .cause().isInstanceOf(MibFrameException.class)
        .hasMessageContaining("frame 6 (at byte " + 6 * w.frameBytes() + ") of Merlin file " + f)
        .hasMessageContaining("ends at byte " + (6 * w.frameBytes() + 10) + ", inside this frame");
  }

  @Test
  void unsupportedRawDepthAndBadHdrAndMissingFile() throws IOException {
    Path f = dir.resolve("r24.mib");
    byte[] head = MerlinFrameHeader.forFrame(1, 256, 256, "R64", 1, "1x1", 24).toBytes();
    Files.write(f, java.util.Arrays.copyOf(head, 384 + 256 * 256 * 4));
    assertThatThrownBy(() -> SignalFiles.load(f))
        .isInstanceOf(MibFrameException.class)
        .hasMessageContaining("frame 0 (at byte 0) of Merlin file " + f)
        .hasMessageContaining("counter depth 24 are not supported");

    Path g = dir.resolve("badhdr.mib");
    w.write(g, 2);
    Files.writeString(dir.resolve("badhdr.hdr"), "HDR,\t\nScanX:\t2\n");
    assertThatThrownBy(() -> SignalFiles.load(g))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("badhdr.hdr: acquisition header has no 'End' line")
        .hasMessageContaining("move it away");

    Path missing = dir.resolve("missing.mib");
    assertThatThrownBy(() -> SignalFiles.load(missing)).isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("missing.mib");
    assertThatThrownBy(() -> MibFile.open(missing)).isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("no Merlin .mib file at " + missing);
    assertThat(MibFile.isMib(dir)).isFalse();
    assertThat(MibFile.isMib(missing)).isFalse();
  }
}
