package org.hyperflux.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link Slice#resolve} against Python's {@code slice.indices} and {@code len(range(...))}, including huge steps. */
class SliceResolveTest {
  @Test
  void countsMatchPythonRanges() {
    // len(range(*slice(start, stop, step).indices(10))) in CPython.
    assertThat(Slice.of(0, 10, 3).resolve(10)).containsExactly(0, 3, 4);
    assertThat(Slice.of(-1, -11, -2).resolve(10)).containsExactly(9, -2, 5);
    assertThat(Slice.step(-1).resolve(10)).containsExactly(9, -1, 10);
    assertThat(Slice.of(5, 2).resolve(10)[2]).isZero();
    assertThat(Slice.all().resolve(0)[2]).isZero();
  }

  @Test
  void hugeStepsDoNotOverflow() {
    // len(range(0, 4, sys.maxsize)) == 1 and len(range(3, -1, -sys.maxsize)) == 1
    assertThat(Slice.of(0, 4, Long.MAX_VALUE).resolve(4)).containsExactly(0, Long.MAX_VALUE, 1);
    assertThat(Slice.of(3, -5, -Long.MAX_VALUE).resolve(4)).containsExactly(3, -Long.MAX_VALUE, 1);
    assertThatThrownBy(() -> Slice.of(0, 4, Long.MIN_VALUE)).isInstanceOf(IllegalArgumentException.class);
  }
}
