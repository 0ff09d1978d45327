package org.hyperflux.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SignalFiles;
import org.hyperflux.io.mib.MerlinAcquisitionHeader;
import org.hyperflux.io.mib.MerlinFrameHeader;
import org.hyperflux.io.mib.MerlinPixels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hyperflux info} and {@code convert} on a Merlin {@code .mib} with its {@code .hdr},
 * read through the generic loader: info prints the scan of the {@code .hdr}'s ScanX/ScanY
 * without reading pixels, and the converted {@code .zspy} holds the frames' values, axes and
 * metadata (the {@code .hdr} fields in {@code original_metadata} included).
 */
class MibCommandTest {
  @TempDir
  Path dir;

  /** A 4 × 3 scan of 16 × 8 U16 frames, pixel p of frame f = f * 1000 + p, and its .hdr. */
  private Path writeMib() throws IOException {
    Path mib = dir.resolve("scan.mib");
    try (OutputStream out = Files.newOutputStream(mib)) {
      for (int f = 0; f < 12; f++) {
        MerlinFrameHeader h = MerlinFrameHeader.forFrame(f + 1, 16, 8, "U16", 1, "1x1", 12);
        Block pixels = Block.allocate(DType.UINT16, 16 * 8);
        for (int p = 0; p < pixels.length(); p++) pixels.setLong(p, f * 1000L + p);
        byte[] frame = new byte[h.frameBytes("test")];
        System.arraycopy(h.toBytes(), 0, frame, 0, h.dataOffset());
        MerlinPixels.encode(pixels, 0, pixels.length(), frame, h.dataOffset());
        out.write(frame);
      }
    }
    Files.write(dir.resolve("scan.hdr"), MerlinAcquisitionHeader.forScan(4, 3, 12, 1).toBytes());
    return mib;
  }

  @Test
  void infoAndConvertReadAMibFile() throws IOException {
    Path mib = writeMib();
    CommandRun info = CommandRun.of("info", mib.toString());
    assertThat(info.exitCode()).as(info.err()).isZero();
    assertThat(info.out()).startsWith("<LazySignal2D, title: scan, dimensions: (4, 3|16, 8)>")
        .contains("dtype  : uint16");

    Path zspy = dir.resolve("scan.zspy");
    CommandRun convert = CommandRun.of("convert", mib.toString(), zspy.toString());
    assertThat(convert.exitCode()).as(convert.err()).isZero();
    Signal original = SignalFiles.load(mib);
    Signal converted = SignalFiles.load(zspy);
    assertThat(converted.axes()).isEqualTo(original.axes());
    assertThat(converted.dtype()).isEqualTo(DType.UINT16);
    assertThat(converted.originalMetadata().getString("hdr_file.ScanX")).hasValue("4");
    assertThat(converted.data().compute().toBlock().getLong(5 * 128 + 7)).isEqualTo(5007);
    assertThat(converted.data().astype(DType.FLOAT64).subtract(original.data().astype(DType.FLOAT64))
        .abs().max().compute().getDouble()).isZero();
    assertThat(new String(Files.readAllBytes(mib), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("MQ1,");
  }
}
