package org.hyperflux.io.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hyperflux.io.internal.TypedArrays.itemSize;
import static org.hyperflux.io.internal.TypedArrays.prefix;
import static org.hyperflux.io.internal.TypedArrays.randomArray;
import static org.hyperflux.io.internal.TypedArrays.shuffle;
import static org.hyperflux.io.internal.TypedArrays.storedBytes;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link NativeUnshuffle} against a plain Java shuffle: every array kind, either byte order, sizes
 * around the native side's 4096-element pieces, inside a larger direct buffer and array; its argument
 * checks; and, in io's {@code java-only} surefire execution, that {@code -Dhyperflux.native=false}
 * turns it off.
 */
class NativeUnshuffleTest {
  private static final boolean TURNED_OFF = "false".equals(System.getProperty("hyperflux.native"));

  @Test
  void availableWhereTheBuildHadGcc() {
    assumeTrue(!TURNED_OFF, "turned off for this run");
    assumeTrue(NativeUnshuffle.class.getResource("native/linux-x86_64/libhyperflux-io.so") != null,
        "libhyperflux-io.so was not built (not Linux x86-64, or no gcc)");
    assertThat(NativeUnshuffle.status()).isEqualTo("loaded");
    assertThat(NativeUnshuffle.available()).isTrue();
  }

  static Stream<Arguments> layouts() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (Class<?> kind : List.of(byte[].class, short[].class, int[].class, long[].class,
        float[].class, double[].class)) {
      for (int n : new int[] {0, 1, 7, 4095, 4096, 4097, 70_001}) {
        for (boolean bigEndian : new boolean[] {false, true}) {
          b.add(Arguments.of(kind.getComponentType().getSimpleName(), n, bigEndian));
        }
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0}[{1}] big-endian={2}")
  @MethodSource("layouts")
  void putsShuffledElementsTogetherLikePlainJava(String type, int n, boolean bigEndian) {
    assumeTrue(NativeUnshuffle.available(), NativeUnshuffle::status);
    Object expected = randomArray(type, n, new Random(17L * n + type.hashCode()));
    int size = itemSize(expected);
    byte[] shuffled = shuffle(storedBytes(expected, n, size,
        bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN), n, size);
    // Inside larger arrays: 5 bytes before the block, 3 elements before and after its place.
    ByteBuffer src = ByteBuffer.allocateDirect(5 + shuffled.length + 9);
    src.put(5, shuffled);
    Object out = Array.newInstance(expected.getClass().getComponentType(), n + 6);

    NativeUnshuffle.unshuffle(src, 5, n, out, 3, bigEndian);

    Object[] placed = Arrays.copyOfRange(prefix(out, n + 6), 3, n + 3);
    assertThat(Arrays.equals(placed, prefix(expected, n)))
        .as("unshuffled %s elements equal the originals", type).isTrue();
    Object zero = Array.get(Array.newInstance(expected.getClass().getComponentType(), 1), 0);
    for (int i : new int[] {0, 1, 2, n + 3, n + 4, n + 5}) {
      assertThat(Array.get(out, i)).as("element %d, outside the range", i).isEqualTo(zero);
    }
  }

  @Test
  void checksItsArgumentsBeforeGoingNative() {
    assumeTrue(NativeUnshuffle.available(), NativeUnshuffle::status);
    assertThatThrownBy(() -> NativeUnshuffle.unshuffle(direct(16), 0, 8, new char[8], 0, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("char[]");
    assertThatThrownBy(() -> NativeUnshuffle.unshuffle(ByteBuffer.allocate(16), 0, 8, new short[8],
        0, false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("direct");
    assertThatThrownBy(() -> NativeUnshuffle.unshuffle(direct(15), 0, 8, new short[8], 0, false))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> NativeUnshuffle.unshuffle(direct(16), 1, 8, new short[8], 0, false))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> NativeUnshuffle.unshuffle(direct(16), 0, 8, new short[8], 1, false))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> NativeUnshuffle.unshuffle(direct(16), 0, -1, new short[8], 0, false))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> NativeUnshuffle.unshuffle(direct(1 << 20), 0, Integer.MAX_VALUE / 2,
        new long[8], 0, false)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void turnedOffByTheProperty() {
    assumeTrue(TURNED_OFF, "runs in the java-only execution (-Dhyperflux.native=false)");
    assertThat(NativeUnshuffle.available()).isFalse();
    assertThat(NativeUnshuffle.status()).contains("-Dhyperflux.native=false");
    assertThatThrownBy(() -> NativeUnshuffle.unshuffle(direct(2), 0, 1, new short[1], 0, false))
        .isInstanceOf(IllegalStateException.class);
  }

  private static ByteBuffer direct(int capacity) {
    return ByteBuffer.allocateDirect(capacity);
  }
}
