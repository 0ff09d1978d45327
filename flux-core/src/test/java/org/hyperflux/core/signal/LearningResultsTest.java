package org.hyperflux.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.MemoryArray;
import org.junit.jupiter.api.Test;

/**
 * {@link LearningResults} decodes the dictionary a HyperSpy reader gives (nested numeric lists
 * and large arrays kept as signals become arrays, boolean ones (HyperSpy's masks) boolean arrays,
 * integer lists tuples, other values stay), keeps
 * insertion order, compares tuples by value and refuses values files cannot hold.
 */
class LearningResultsTest {
  @Test
  void theReadersDictionaryBecomesArraysTuplesAndScalars() {
    Signal big = Signal.of(MemoryArray.of(Shape.of(2, 3), Block.wrap(DType.FLOAT32,
        new float[] {1, 2, 3, 4, 5, 6})), 1);
    Metadata dictionary = Metadata.of(Map.of(
        "factors", List.of(List.of(1.0, 2.0), List.of(3.0, 4.5)),
        "loadings", big,
        "explained_variance", List.of(2.0, 1L),
        "original_shape", List.of(4L, 5L, 6L),
        "decomposition_algorithm", "SVD"));
    LearningResults lr = LearningResults.fromMetadata(dictionary);

    assertThat(lr.array("factors")).hasValue(new LearningResults.Array(new long[] {2, 2}, new double[] {1, 2, 3, 4.5}));
    assertThat(lr.array("loadings")).hasValue(new LearningResults.Array(new long[] {2, 3}, new double[] {1, 2, 3, 4, 5, 6}));
    assertThat(lr.array("explained_variance").orElseThrow().values()).containsExactly(2, 1);
    assertThat(lr.tuple("original_shape")).hasValue(new long[] {4, 5, 6});
    assertThat(lr.get("decomposition_algorithm")).isEqualTo("SVD");
    assertThat(lr).isEqualTo(LearningResults.fromMetadata(dictionary));
  }

  @Test
  void booleanListsAndSignalsBecomeBooleanArrays() {
    Signal big = Signal.of(MemoryArray.of(Shape.of(2, 2), Block.wrap(DType.BOOL,
        new boolean[] {true, false, false, true})), 0);
    Metadata dictionary = Metadata.of(Map.of(
        "navigation_mask", big,
        "signal_mask", List.of(false, true, false),
        "nested", List.of(List.of(true), List.of(false))));
    LearningResults lr = LearningResults.fromMetadata(dictionary);

    assertThat(lr.boolArray("navigation_mask"))
        .hasValue(new LearningResults.BoolArray(new long[] {2, 2}, new boolean[] {true, false, false, true}));
    assertThat(lr.boolArray("signal_mask"))
        .hasValue(LearningResults.BoolArray.of(new long[] {3}, new boolean[] {false, true, false}));
    assertThat(lr.boolArray("nested").orElseThrow().shape()).containsExactly(2, 1);
    assertThat(lr.array("signal_mask")).isEmpty();
    assertThat(lr).isEqualTo(LearningResults.empty().with("navigation_mask", lr.get("navigation_mask"))
        .with("signal_mask", lr.get("signal_mask")).with("nested", lr.get("nested")));
    assertThat(lr.toString()).contains("signal_mask=BoolArray[3]");
    assertThatThrownBy(() -> new LearningResults.BoolArray(new long[] {2, 2}, new boolean[3]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 2] holds 4");
  }

  @Test
  void entriesKeepTheirOrderAndNoneIsNull() {
    LearningResults lr = LearningResults.empty().with("b", 1).with("a", null).with("c", new long[] {3});
    assertThat(lr.entries().keySet()).containsExactly("b", "a", "c");
    assertThat(lr.get("b")).isEqualTo(1L);
    assertThat(lr.entries()).containsEntry("a", null);
    assertThat(lr.isEmpty()).isFalse();
    assertThat(LearningResults.empty().isEmpty()).isTrue();
    assertThat(lr.toString()).contains("c=[3]");
  }

  @Test
  void valuesFilesCannotHoldAreRefused() {
    assertThatThrownBy(() -> LearningResults.empty().with("x", List.of(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x'");
    assertThatThrownBy(() -> LearningResults.fromMetadata(Metadata.of(Map.of("r",
        List.of(List.of(1.0, 2.0), List.of(3.0))))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ragged");
    assertThatThrownBy(() -> new LearningResults.Array(new long[] {-1}, new double[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
  }
}
