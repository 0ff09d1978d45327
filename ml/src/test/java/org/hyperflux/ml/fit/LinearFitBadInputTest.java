package org.hyperflux.ml.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.signal.Metadata;
import org.hyperflux.core.signal.Signal;
import org.junit.jupiter.api.Test;

/** Mistakes in a fit request fail at once, with messages that name the values. */
class LinearFitBadInputTest {
  private static Signal spectra(long... shape) {
    int n = 1;
    for (long d : shape) n *= (int) d;
    double[] v = new double[n];
    for (int e = 0; e < n; e++) v[e] = 1 + (e % 17) * 0.25 + Math.sin(e);
    return Signal.of(MemoryArray.of(Shape.of(shape), Block.wrap(DType.FLOAT64, v)), 1).withTitle("spectra");
  }

  private static final LinearModel MODEL = LinearModel.of(LinearComponent.polynomial(1),
      LinearComponent.gaussian(10, 3));

  @Test
  void collinearComponentsAreNamed() {
    LinearModel collinear = LinearModel.of(LinearComponent.polynomial(2), LinearComponent.gaussian(10, 3),
        LinearComponent.offset());
    assertThatThrownBy(() -> LinearFit.of(spectra(4, 30), collinear))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rank-deficient")
        .hasMessageContaining("[2nd order Polynomial, Offset]")
        .hasMessageContaining("2nd order Polynomial.a0")
        .hasMessageContaining("Offset.offset")
        .hasMessageNotContaining("Gaussian.A");
  }

  @Test
  void twoIdenticalGaussiansAreNamedWithTheirModelNames() {
    LinearModel twins = LinearModel.of(LinearComponent.offset(), LinearComponent.gaussian(10, 3),
        LinearComponent.gaussian(10, 3));
    assertThat(twins.parameters()).containsExactly("Offset.offset", "Gaussian.A", "Gaussian_0.A");
    assertThatThrownBy(() -> LinearFit.of(spectra(4, 30), twins))
        .hasMessageContaining("[Gaussian, Gaussian_0]");
  }

  @Test
  void aComponentThatIsZeroOnEveryFittedChannelIsNamed() {
    LinearModel outside = LinearModel.of(LinearComponent.offset(), LinearComponent.powerLaw(3, 0, 1000));
    assertThatThrownBy(() -> LinearFit.of(spectra(4, 30), outside))
        .hasMessageContaining("PowerLaw.A is zero on every fitted channel");
  }

  @Test
  void emptyModelAndBadComponents() {
    assertThatThrownBy(LinearModel::of).hasMessageContaining("at least one component");
    assertThatThrownBy(() -> LinearComponent.polynomial(0)).hasMessageContaining("order must be >= 1");
    assertThatThrownBy(() -> LinearComponent.gaussian(1, 0)).hasMessageContaining("sigma > 0");
    assertThatThrownBy(() -> LinearFit.of(spectra(4, 30),
        LinearModel.of(LinearComponent.fixedPattern(new double[29]))))
        .hasMessageContaining("the fixed pattern has 29 values but the signal axis has 30 channels");
    assertThatThrownBy(() -> LinearFit.of(spectra(4, 30),
        LinearModel.of(LinearComponent.powerLaw(1.5, 5, -1))))
        .hasMessageContaining("component PowerLaw is NaN at x = 0.0");
  }

  @Test
  void masksOfTheWrongLength() {
    assertThatThrownBy(() -> LinearFit.of(spectra(3, 4, 30), MODEL,
        LinearFitOptions.defaults().withNavigationMask(new boolean[11])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the navigation mask has 11 elements but the navigation shape [3, 4] (array order) has 12");
    assertThatThrownBy(() -> LinearFit.of(spectra(3, 4, 30), MODEL,
        LinearFitOptions.defaults().withSignalMask(new boolean[31])))
        .hasMessage("the signal mask has 31 elements but the signal axis has 30 channels");
  }

  @Test
  void fewerFittedChannelsThanParameters() {
    boolean[] mask = new boolean[30];
    java.util.Arrays.fill(mask, 1, 30, true);
    assertThatThrownBy(() -> LinearFit.of(spectra(2, 30), MODEL, LinearFitOptions.defaults().withSignalMask(mask)))
        .hasMessageContaining("3 free parameters but only 1 channels are fitted");
  }

  @Test
  void signalDimensionOtherThanOne() {
    Signal image = Signal.of(MemoryArray.of(Shape.of(2, 5, 6), Block.wrap(DType.FLOAT64, new double[60])), 2)
        .withTitle("images");
    assertThatThrownBy(() -> LinearFit.of(image, MODEL))
        .hasMessageContaining("one signal axis (a Signal1D), but images has 2: (2|6, 5)");
    Signal scalars = Signal.of(MemoryArray.of(Shape.of(2, 5), Block.wrap(DType.FLOAT64, new double[10])), 0);
    assertThatThrownBy(() -> LinearFit.of(scalars, MODEL)).hasMessageContaining("has 0");
  }

  @Test
  void boolDataAndBadVariances() {
    Signal bools = Signal.of(MemoryArray.of(Shape.of(2, 30), Block.allocate(DType.BOOL, 60)), 1);
    assertThatThrownBy(() -> LinearFit.of(bools, MODEL)).hasMessageContaining("numeric data but the signal is bool");
    assertThatThrownBy(() -> LinearFitOptions.defaults().withVariance(0)).hasMessageContaining("> 0");
    Signal stringVariance = spectra(2, 30).withMetadata(Metadata.of(java.util.Map.of("Signal",
        java.util.Map.of("Noise_properties", java.util.Map.of("variance", "a signal")))));
    assertThatThrownBy(() -> LinearFit.of(stringVariance, MODEL)).hasMessageContaining("withVariance");
  }

  @Test
  void aScalarNoiseVarianceInTheMetadataDividesChisqAsHyperSpy() {
    Signal s = spectra(3, 30);
    LinearFitResult plain = LinearFit.of(s, MODEL);
    Signal noisy = s.withMetadata(Metadata.of(java.util.Map.of("Signal",
        java.util.Map.of("Noise_properties", java.util.Map.of("variance", 4.0)))));
    LinearFitResult weighted = LinearFit.of(noisy, MODEL);
    assertThat(weighted.variance()).isEqualTo(4.0);
    assertThat(weighted.values("Gaussian.A")).containsExactly(plain.values("Gaussian.A"));
    for (int i = 0; i < 3; i++) {
      assertThat(weighted.chisqValues()[i]).isCloseTo(plain.chisqValues()[i] / 4,
          org.assertj.core.api.Assertions.within(1e-12));
    }
  }

  @Test
  void aNaNInASpectrumMakesOnlyThatPositionNaN() {
    double[] v = spectra(3, 30).data().compute().toDoubleArray();
    v[30 + 7] = Double.NaN;
    Signal s = Signal.of(MemoryArray.of(Shape.of(3, 30), Block.wrap(DType.FLOAT64, v)), 1);
    LinearFitResult r = LinearFit.of(s, MODEL);
    assertThat(r.values("Gaussian.A")[1]).isNaN();
    assertThat(r.chisqValues()[1]).isNaN();
    assertThat(r.values("Gaussian.A")[0]).isFinite();
    assertThat(r.values("Gaussian.A")[2]).isFinite();
  }

  @Test
  void unknownParameterListsTheKnownOnes() {
    LinearFitResult r = LinearFit.of(spectra(2, 30), MODEL);
    assertThatThrownBy(() -> r.map("Gaussian.a"))
        .hasMessage("unknown parameter 'Gaussian.a'; the model's parameters: [1st order Polynomial.a0,"
            + " 1st order Polynomial.a1, Gaussian.A]");
  }
}
