package org.hyperflux.io.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hyperflux.io.internal.TypedArrays.itemSize;
import static org.hyperflux.io.internal.TypedArrays.prefix;
import static org.hyperflux.io.internal.TypedArrays.randomArray;
import static org.hyperflux.io.internal.TypedArrays.shuffle;
import static org.hyperflux.io.internal.TypedArrays.storedBytes;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Libdeflate} against {@code java.util.zip} and plain Java: every array kind, shuffled or
 * not, either byte order, sizes around the native side's 32768-element pieces, whole or copied
 * range by range from {@link Libdeflate.Inflated}; streams it must
 * reject (the callers then diagnose them with {@code java.util.zip}); and its availability where
 * the system has libdeflate. io's build also runs the golden and bad-input tests with {@code
 * -Dhyperflux.native=false} (the {@code java-only} surefire execution), when only the
 * last test here runs.
 */
class LibdeflateTest {
  private static final boolean TURNED_OFF = "false".equals(System.getProperty("hyperflux.libdeflate"))
      || "false".equals(System.getProperty("hyperflux.native"));

  /** Where Debian (and most x86-64 Linux systems) keep libdeflate. */
  private static final List<Path> SYSTEM_LIBRARY = List.of(
      Path.of("/usr/lib/x86_64-linux-gnu/libdeflate.so.0"), Path.of("/usr/lib64/libdeflate.so.0"),
      Path.of("/usr/lib/libdeflate.so.0"));

  @Test
  void availableWhereTheSystemHasLibdeflateAndTheBuildHadGcc() throws IOException {
    assumeTrue(!TURNED_OFF, "turned off for this run");
    assumeTrue(SYSTEM_LIBRARY.stream().anyMatch(Files::exists), "no libdeflate.so.0 on this system");
    assumeTrue(Libdeflate.class.getResource("native/linux-x86_64/libhyperflux-io.so") != null,
        "libhyperflux-io.so was not built (not Linux x86-64, or no gcc)");
    assertThat(Libdeflate.status()).isEqualTo("libdeflate.so.0");
    assertThat(Libdeflate.available()).isTrue();
    // The library was loaded from a private copy, deleted once loaded.
    String copies = "hyperflux-io-" + ProcessHandle.current().pid() + "-*";
    try (DirectoryStream<Path> left = Files.newDirectoryStream(
        Path.of(System.getProperty("java.io.tmpdir")), copies)) {
      assertThat(left).as("copies of libhyperflux-io.so left in the temporary directory").isEmpty();
    }
  }

  static Stream<Arguments> layouts() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (Class<?> kind : List.of(byte[].class, short[].class, int[].class, long[].class,
        float[].class, double[].class)) {
      for (int n : new int[] {0, 1, 7, 32767, 32768, 70001}) {
        for (boolean shuffled : new boolean[] {false, true}) {
          for (boolean bigEndian : new boolean[] {false, true}) {
            b.add(Arguments.of(kind.getComponentType().getSimpleName(), n, shuffled, bigEndian));
          }
        }
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0}[{1}] shuffled={2} big-endian={3}")
  @MethodSource("layouts")
  void decodesLikeJavaUtilZipAndPlainJava(String type, int n, boolean shuffled, boolean bigEndian) {
    assumeTrue(Libdeflate.available(), Libdeflate::status);
    Object expected = randomArray(type, n, new Random(31L * n + type.hashCode()));
    int size = itemSize(expected);
    byte[] stored = storedBytes(expected, n, size, bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    if (shuffled) stored = shuffle(stored, n, size);
    byte[] zlib = deflate(stored);

    Object out = Array.newInstance(expected.getClass().getComponentType(), n + 3);
    Libdeflate.Decoded d = Libdeflate.decompress(Libdeflate.Format.ZLIB, zlib, 0, zlib.length, out,
        n, shuffled, bigEndian);

    assertThat(d).isNotNull();
    assertThat(d.length()).isEqualTo(n * size);
    assertThat(d.consumed()).isEqualTo(zlib.length);
    assertThat(Arrays.equals(prefix(out, n), prefix(expected, n)))
        .as("decoded %s elements equal the originals", type).isTrue();
  }

  @Test
  void decodesAStreamInsideALargerArrayAndIgnoresWhatFollowsIt() {
    assumeTrue(Libdeflate.available(), Libdeflate::status);
    byte[] data = new byte[100_000];
    new Random(7).nextBytes(data);
    byte[] zlib = deflate(data);
    byte[] in = new byte[zlib.length + 20];
    System.arraycopy(zlib, 0, in, 10, zlib.length);
    Arrays.fill(in, 10 + zlib.length, in.length, (byte) 0x5A);
    byte[] out = new byte[data.length];

    Libdeflate.Decoded d = Libdeflate.decompress(Libdeflate.Format.ZLIB, in, 10, zlib.length + 10,
        out, data.length, false, false);

    assertThat(d).isEqualTo(new Libdeflate.Decoded(data.length, zlib.length));
    assertThat(out).isEqualTo(data);
  }

  @Test
  void decodesAGzipMemberAndSaysHowMuchInputItTook() throws IOException {
    assumeTrue(Libdeflate.available(), Libdeflate::status);
    byte[] data = "a gzip member, twice. ".repeat(5000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] member = gzip(data);
    byte[] twoMembers = new byte[2 * member.length];
    System.arraycopy(member, 0, twoMembers, 0, member.length);
    System.arraycopy(member, 0, twoMembers, member.length, member.length);
    byte[] out = new byte[data.length];

    assertThat(Libdeflate.decompress(Libdeflate.Format.GZIP, member, 0, member.length, out,
        data.length, false, false)).isEqualTo(new Libdeflate.Decoded(data.length, member.length));
    assertThat(out).isEqualTo(data);
    // One member at a time: the caller sees that the input goes on (DeflateCodec hands it to java.util.zip).
    assertThat(Libdeflate.decompress(Libdeflate.Format.GZIP, twoMembers, 0, twoMembers.length, out,
        data.length, false, false)).isEqualTo(new Libdeflate.Decoded(data.length, member.length));
  }

  @Test
  void rejectsCorruptTruncatedAndWronglySizedStreams() {
    assumeTrue(Libdeflate.available(), Libdeflate::status);
    short[] values = (short[]) randomArray("short", 50_000, new Random(3));
    byte[] stored = shuffle(storedBytes(values, values.length, 2, ByteOrder.LITTLE_ENDIAN), values.length, 2);
    byte[] zlib = deflate(stored);
    short[] out = new short[values.length + 1];

    byte[] corrupt = zlib.clone();
    for (int i = zlib.length / 2; i < zlib.length / 2 + 64; i++) corrupt[i] ^= (byte) 0xA5;
    byte[] badChecksum = zlib.clone();
    badChecksum[badChecksum.length - 1] ^= 1;

    assertThat(decode(corrupt, out, values.length)).as("corrupt").isNull();
    assertThat(decode(badChecksum, out, values.length)).as("adler32 mismatch").isNull();
    assertThat(decode(Arrays.copyOf(zlib, zlib.length - 9), out, values.length)).as("truncated").isNull();
    assertThat(decode(zlib, out, values.length - 1)).as("decodes to more").isNull();
    assertThat(decode(zlib, out, values.length + 1)).as("decodes to fewer").isNull();
    assertThat(decode(new byte[0], out, values.length)).as("empty").isNull();
    assertThat(decode(zlib, out, values.length)).as("the intact stream").isNotNull();
  }

  @Test
  void checksItsArgumentsBeforeGoingNative() {
    assumeTrue(Libdeflate.available(), Libdeflate::status);
    byte[] zlib = deflate(new byte[16]);
    assertThatThrownBy(() -> Libdeflate.decompress(Libdeflate.Format.ZLIB, zlib, 0, zlib.length,
        new boolean[16], 16, false, false)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("boolean[]");
    assertThatThrownBy(() -> Libdeflate.decompress(Libdeflate.Format.ZLIB, zlib, 0, zlib.length,
        new short[4], 5, false, false)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Libdeflate.decompress(Libdeflate.Format.ZLIB, zlib, 1, zlib.length,
        new byte[16], 16, false, false)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void inflatedElementsAreCopiedRangeByRangeUntilClosed() {
    assumeTrue(Libdeflate.available(), Libdeflate::status);
    int n = 100_003;
    short[] values = (short[]) randomArray("short", n, new Random(5));
    byte[] zlib = deflate(shuffle(storedBytes(values, n, 2, ByteOrder.BIG_ENDIAN), n, 2));
    short[] out = new short[n];
    try (Libdeflate.Inflated inflated = Libdeflate.inflate(Libdeflate.Format.ZLIB, zlib, 0,
        zlib.length, n, 2)) {
      assertThat(inflated.length()).isEqualTo(n);
      assertThat(inflated.heldBytes()).isEqualTo(2L * n);
      // Out of order, in ranges that straddle the native side's 32768-element pieces.
      int[][] ranges = {{70_000, 30_003}, {0, 1}, {1, 40_000}, {40_001, 29_999}};
      for (int[] r : ranges) inflated.copyTo(out, r[0], r[1], true, true);
      assertThat(out).isEqualTo(values);
      assertThatThrownBy(() -> inflated.copyTo(new int[n], 0, 1, true, true))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("int[]");
      assertThatThrownBy(() -> inflated.copyTo(out, n - 1, 2, true, true))
          .isInstanceOf(IndexOutOfBoundsException.class);
      inflated.close();
      assertThat(inflated.heldBytes()).isZero();
      assertThatThrownBy(() -> inflated.copyTo(out, 0, 1, true, true))
          .isInstanceOf(IllegalStateException.class);
    }
    assertThat(Libdeflate.inflate(Libdeflate.Format.ZLIB, zlib, 0, zlib.length, n + 1, 2))
        .as("a stream that decodes to fewer bytes").isNull();
    assertThat(Libdeflate.inflate(Libdeflate.Format.ZLIB, zlib, 0, zlib.length / 2, n, 2))
        .as("a truncated stream").isNull();
    assertThatThrownBy(() -> Libdeflate.inflate(Libdeflate.Format.ZLIB, zlib, 0, zlib.length, n, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anInputInNativeMemoryInflatesAsTheArrayDoesUntilClosed() {
    assumeTrue(Libdeflate.available(), Libdeflate::status);
    // Small (malloc) and large (mapped, 4 MiB or more) inputs.
    for (int n : new int[] {100_003, 2_500_001}) {
      int[] values = (int[]) randomArray("int", n, new Random(n));
      byte[] zlib = deflate(shuffle(storedBytes(values, n, 4, ByteOrder.LITTLE_ENDIAN), n, 4));
      Libdeflate.Input in = Libdeflate.allocateInput(zlib.length);
      assertThat(in.length()).isEqualTo(zlib.length);
      assertThat(in.heldBytes()).isEqualTo(zlib.length);
      ByteBuffer buffer = in.buffer();
      assertThat(buffer.isDirect()).isTrue();
      assertThat(buffer.remaining()).isEqualTo(zlib.length);
      buffer.put(zlib);
      assertThat(in.buffer().position()).as("each buffer a view of its own").isZero();
      assertThat(in.toArray()).isEqualTo(zlib);
      int[] out = new int[n];
      try (Libdeflate.Inflated inflated = Libdeflate.inflate(Libdeflate.Format.ZLIB, in, n, 4)) {
        inflated.copyTo(out, 0, n, true, false);
      }
      assertThat(out).isEqualTo(values);
      assertThat(Libdeflate.inflate(Libdeflate.Format.ZLIB, in, n + 1, 4))
          .as("decodes to fewer bytes").isNull();
      assertThatThrownBy(() -> Libdeflate.inflate(Libdeflate.Format.ZLIB, in, n, 3))
          .isInstanceOf(IllegalArgumentException.class);
      in.close();
      in.close();
      assertThat(in.heldBytes()).isZero();
      assertThatThrownBy(in::buffer).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(in::toArray).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> Libdeflate.inflate(Libdeflate.Format.ZLIB, in, n, 4))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
    try (Libdeflate.Input corrupt = Libdeflate.allocateInput(1000)) {
      ByteBuffer b = corrupt.buffer();
      for (int i = 0; i < 1000; i++) b.put((byte) (i * 37));
      assertThat(Libdeflate.inflate(Libdeflate.Format.ZLIB, corrupt, 500, 2)).isNull();
    }
    assertThatThrownBy(() -> Libdeflate.allocateInput(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decodesStreamsBigEnoughForTheirOwnMappedBuffers() {
    assumeTrue(Libdeflate.available(), Libdeflate::status);
    // Random ints: at least 4 MiB both stored and decoded, so both native buffers are mapped
    // (hyperflux_deflate.c's MAPPED_BYTES) rather than taken from malloc.
    int n = 1_400_001;
    int[] values = (int[]) randomArray("int", n, new Random(11));
    byte[] zlib = deflate(shuffle(storedBytes(values, n, 4, ByteOrder.LITTLE_ENDIAN), n, 4));
    assertThat(zlib.length).isGreaterThanOrEqualTo(4 << 20);
    int[] out = new int[n];

    assertThat(Libdeflate.decompress(Libdeflate.Format.ZLIB, zlib, 0, zlib.length, out, n, true,
        false)).isEqualTo(new Libdeflate.Decoded(4 * n, zlib.length));
    assertThat(out).isEqualTo(values);

    int[] copied = new int[n];
    try (Libdeflate.Inflated inflated = Libdeflate.inflate(Libdeflate.Format.ZLIB, zlib, 0,
        zlib.length, n, 4)) {
      inflated.copyTo(copied, n / 2, n - n / 2, true, false);
      inflated.copyTo(copied, 0, n / 2, true, false);
    }
    assertThat(copied).isEqualTo(values);

    byte[] corrupt = zlib.clone();
    for (int i = zlib.length / 2; i < zlib.length / 2 + 64; i++) corrupt[i] ^= (byte) 0xA5;
    assertThat(Libdeflate.decompress(Libdeflate.Format.ZLIB, corrupt, 0, corrupt.length, out, n,
        true, false)).as("corrupt").isNull();
    assertThat(Libdeflate.inflate(Libdeflate.Format.ZLIB, corrupt, 0, corrupt.length, n, 4))
        .as("corrupt, inflated").isNull();
  }

  @Test
  void keptMappedBuffersServeLaterStreamsWithoutMixingThemUp() throws Exception {
    assumeTrue(Libdeflate.available(), Libdeflate::status);
    // Three threads at once, two rounds each: twelve streams decoding to 4 to 9 MiB are held
    // inflated together, then checked and closed. Their mapped sizes (whole 2 MiB pages) are
    // shared by some streams and not by others, and twelve is more than hyperflux_deflate.c
    // keeps, so closing them both keeps buffers and unmaps them; later streams decode into kept
    // buffers. A buffer handed out too small, or to two streams at once, fails the comparison
    // (or the fork).
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int thread = t;
        runs.add(pool.submit(() -> {
          for (int round = 0; round < 2; round++) decodeHeldTogether(thread * 2 + round);
          return null;
        }));
      }
      for (Future<?> run : runs) run.get();
    } finally {
      pool.shutdownNow();
    }
  }

  /** Twelve streams of 4 to 9 MiB decoded, inflated and held at once, then checked and closed. */
  private static void decodeHeldTogether(int seed) {
    List<int[]> expected = new ArrayList<>();
    List<Libdeflate.Inflated> held = new ArrayList<>();
    try {
      for (int k = 0; k < 12; k++) {
        int n = (1 << 20) + k * 120_001 + seed * 7_919;
        int[] values = new int[n];
        for (int i = 0; i < n; i++) values[i] = (i % 4099) * (seed + 1) + k;
        byte[] zlib = deflate(storedBytes(values, n, 4, ByteOrder.LITTLE_ENDIAN));
        int[] whole = new int[n];
        assertThat(Libdeflate.decompress(Libdeflate.Format.ZLIB, zlib, 0, zlib.length, whole, n,
            false, false)).as("stream %d of seed %d", k, seed).isNotNull();
        assertThat(whole).as("stream %d of seed %d", k, seed).isEqualTo(values);
        held.add(Libdeflate.inflate(Libdeflate.Format.ZLIB, zlib, 0, zlib.length, n, 4));
        expected.add(values);
      }
      for (int k = 0; k < held.size(); k++) {
        int[] values = expected.get(k);
        int[] copied = new int[values.length];
        held.get(k).copyTo(copied, 0, values.length, false, false);
        assertThat(copied).as("held stream %d of seed %d", k, seed).isEqualTo(values);
      }
    } finally {
      held.forEach(Libdeflate.Inflated::close);
    }
  }

  @Test
  void turnedOffByTheProperty() {
    assumeTrue(TURNED_OFF, "runs in the java-only execution (-Dhyperflux.native=false)");
    assertThat(Libdeflate.available()).isFalse();
    assertThat(Libdeflate.status()).containsPattern("-Dhyperflux\\.(native|libdeflate)=false");
    assertThatThrownBy(() -> Libdeflate.decompress(Libdeflate.Format.ZLIB, new byte[1], 0, 1,
        new byte[1], 1, false, false)).isInstanceOf(IllegalStateException.class);
  }

  private static Libdeflate.Decoded decode(byte[] zlib, short[] out, int n) {
    return Libdeflate.decompress(Libdeflate.Format.ZLIB, zlib, 0, zlib.length, out, n, true, false);
  }

  private static byte[] deflate(byte[] data) {
    Deflater d = new Deflater(4);
    try {
      d.setInput(data);
      d.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[1 << 16];
      while (!d.finished()) out.write(buf, 0, d.deflate(buf));
      return out.toByteArray();
    } finally {
      d.end();
    }
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }
}
