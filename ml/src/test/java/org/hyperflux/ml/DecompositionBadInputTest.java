package org.hyperflux.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.ml.decomposition.Centre;
import org.hyperflux.ml.decomposition.NonFiniteDataException;
import org.junit.jupiter.api.Test;

/** Every refused request fails with a message that says what is wrong and what to do. */
class DecompositionBadInputTest {
  private final Signal signal = Rank4Fixture.signal(10, 10, 64);

  @Test
  void theRegistryListsWhatExists() {
    assertThat(Decomposition.algorithms()).containsExactly("ornmf", "orpca", "pca", "rsvd", "svd");
  }

  @Test
  void anUnknownAlgorithmListsTheAvailableOnes() {
    assertThatThrownBy(() -> Decomposition.of(signal, DecompositionOptions.of("orpcaa", 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown decomposition 'orpcaa'; available: [ornmf, orpca, pca, rsvd, svd]");
  }

  @Test
  void outputDimensionMustBePositive() {
    for (String a : Decomposition.algorithms()) {
      assertThatThrownBy(() -> Decomposition.of(signal, DecompositionOptions.of(a, 0)))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("outputDimension must be >= 1, got 0");
    }
  }

  @Test
  void outputDimensionMustNotExceedTheRank() {
    for (String a : Decomposition.algorithms()) {
      assertThatThrownBy(() -> Decomposition.of(signal, DecompositionOptions.of(a, 65)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("outputDimension 65 is larger than the rank bound min(samples, features)"
              + " = min(600, 64) = 64");
    }
    boolean[] mask = new boolean[600];
    for (int i = 10; i < 600; i++) mask[i] = true;
    assertThatThrownBy(() -> Decomposition.of(signal, DecompositionOptions.of("svd", 11).withNavigationMask(mask)))
        .hasMessageContaining("min(10, 64) = 10");
  }

  @Test
  void integerDataMustBeConvertedFirst() {
    Signal ints = Signal.of(MemoryArray.of(Shape.of(4, 5, 6), Block.allocate(DType.UINT16, 120)), 1);
    assertThatThrownBy(() -> Decomposition.of(ints, DecompositionOptions.of("svd", 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a decomposition needs float data but the signal is uint16; convert it first with"
            + " signal.changeDtype(DType.FLOAT32) (or FLOAT64), as HyperSpy requires");
    assertThat(Decomposition.of(ints.changeDtype(DType.FLOAT32).add(1.0), DecompositionOptions.of("svd", 1))
        .explainedVariance()).hasSize(1);
  }

  @Test
  void nanInTheDataNamesItsNavigationPosition() {
    float[] data = Rank4Fixture.data();
    data[(7 * 20 + 13) * 64 + 5] = Float.NaN;
    Signal bad = Signal.of(MemoryArray.split(Block.wrap(DType.FLOAT32, data),
        ChunkGrid.regular(Shape.of(30, 20, 64), 10, 10, 64)), 1);
    for (String a : Decomposition.algorithms()) {
      assertThatThrownBy(() -> Decomposition.of(bad, DecompositionOptions.of(a, 2)))
          .isInstanceOf(NonFiniteDataException.class)
          .hasMessageContaining("the data holds NaN at navigation position [7, 13] (array order; flat index 153),"
              + " signal channel 5");
    }
    boolean[] mask = new boolean[600];
    mask[153] = true;
    assertThat(Decomposition.of(bad, DecompositionOptions.of("svd", 2).withNavigationMask(mask)).loading(0)[153])
        .isNaN();
  }

  @Test
  void poissonianNormalisationRefusesNegativeData() {
    Signal negative = signal.subtract(100.0);
    assertThatThrownBy(() -> Decomposition.of(negative,
        DecompositionOptions.of("svd", 2).withNormalizePoissonianNoise(true)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("normalizePoissonianNoise needs non-negative data (counts), but the data holds -");
  }

  @Test
  void masksOfTheWrongShapeAreRefused() {
    assertThatThrownBy(() -> Decomposition.of(signal, DecompositionOptions.of("svd", 2)
        .withNavigationMask(new boolean[599])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the navigation mask has 599 elements but the navigation shape [30, 20] (array order) has 600");
    assertThatThrownBy(() -> Decomposition.of(signal, DecompositionOptions.of("pca", 2)
        .withSignalMask(new boolean[63])))
        .hasMessage("the signal mask has 63 elements but the signal shape [64] (array order) has 64");
    Signal wrong = Signal.of(MemoryArray.of(Shape.of(20, 30), Block.allocate(DType.BOOL, 600)), 0);
    assertThatThrownBy(() -> Decomposition.of(signal, DecompositionOptions.of("svd", 2).withNavigationMask(wrong)))
        .hasMessage("the navigation mask has shape [20, 30] but the navigation shape is [30, 20] (array order)");
    boolean[] all = new boolean[64];
    java.util.Arrays.fill(all, true);
    assertThatThrownBy(() -> Decomposition.of(signal, DecompositionOptions.of("svd", 2).withSignalMask(all)))
        .hasMessage("the signal mask excludes every signal position");
  }

  @Test
  void centringThatAnAlgorithmDoesNotDefineIsRefused() {
    assertThatThrownBy(() -> Decomposition.of(signal, DecompositionOptions.of("pca", 2).withCentre(Centre.SIGNAL)))
        .hasMessageContaining("centre SIGNAL is only available with 'svd'");
    assertThatThrownBy(() -> Decomposition.of(signal, DecompositionOptions.of("rsvd", 2).withCentre(Centre.SIGNAL)))
        .hasMessageContaining("centre SIGNAL is only available with 'svd'");
  }

  @Test
  void modelComponentsMustBeInRange() {
    DecompositionResult r = Decomposition.of(signal, DecompositionOptions.of("svd", 3));
    assertThatThrownBy(() -> r.decompositionModel(4)).hasMessage("components must be in [1, 3], got 4");
  }
}
