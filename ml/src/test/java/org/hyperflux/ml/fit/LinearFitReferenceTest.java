package org.hyperflux.ml.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.signal.Axes;
import org.hyperflux.core.signal.Axis;
import org.hyperflux.core.signal.Signal;
import org.junit.jupiter.api.Test;

/**
 * The fits of the committed fixtures equal HyperSpy 1.7.3's {@code m.multifit(optimizer='lstsq')}
 * (parameter maps, std maps with {@code calculate_errors=True}, chisq and red_chisq) within 1e-6
 * relative: both solve the same least-squares problem in float64 (numpy by SVD of {@code B}, here
 * by SVD of the column-scaled {@code B}); the differences are rounding (at most 2.3e-11 relative
 * measured, on the polynomial in eV).
 */
class LinearFitReferenceTest {
  private static final double REL = 1e-6;

  private static void assertClose(double[] actual, double[] expected, String what) {
    assertThat(actual).as(what).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i]).as("%s at %d", what, i).isCloseTo(expected[i], within(Math.abs(expected[i]) * REL));
    }
  }

  /** The fixture's model, built from the names HyperSpy gave its parameters. */
  private static LinearModel modelOf(LinearFitFixture f) {
    if (f.name.equals("uniform")) {
      return LinearModel.of(LinearComponent.polynomial(2), LinearComponent.gaussian(300, 20),
          LinearComponent.powerLaw(3));
    }
    // HyperSpy's ScalableFixedPattern(signal): the pattern on its own (here the same) axis, interpolated.
    Signal pattern = Signal.of(MemoryArray.of(Shape.of(LinearFitFixture.M),
        Block.wrap(DType.FLOAT64, f.array("pattern"))), Axes.of(Axis.nonUniform(f.x())));
    return LinearModel.of(LinearComponent.offset(), LinearComponent.gaussian(250, 15),
        LinearComponent.gaussian(380, 30), LinearComponent.fixedPattern(pattern), LinearComponent.powerLaw(2.5, 50, 0));
  }

  private static LinearFitOptions optionsOf(LinearFitFixture f) {
    return LinearFitOptions.defaults().withSignalMask(f.signalMask()).withCalculateErrors(true);
  }

  private static void assertMatchesHyperSpy(String name, int... chunks) {
    LinearFitFixture f = LinearFitFixture.load(name);
    LinearModel model = modelOf(f);
    assertThat(model.parameters()).isEqualTo(f.parameters());
    LinearFitResult r = LinearFit.of(f.signal(chunks), model, optionsOf(f));
    for (String p : f.parameters()) {
      assertClose(r.values(p), f.values(p), p);
      assertClose(r.std(p), f.std(p), p + " std");
    }
    assertClose(r.chisqValues(), f.array("chisq"), "chisq");
    assertClose(r.redChisqValues(), f.array("red_chisq"), "red_chisq");
  }

  @Test
  void uniformAxisWithRemovedSignalRangeMatchesHyperSpy() {
    assertMatchesHyperSpy("uniform", 6, 8, 200);
  }

  @Test
  void nonUniformAxisWithDuplicateComponentsAndFixedPatternMatchesHyperSpy() {
    assertMatchesHyperSpy("nonuniform", 6, 8, 200);
  }

  @Test
  void chunkedSignalAxisGivesTheSameMaps() {
    assertMatchesHyperSpy("uniform", 4, 3, 37);
    assertMatchesHyperSpy("nonuniform", 1, 5, 64);
  }

  @Test
  void mapsAreTitledSignalsOverTheNavigationAxes() {
    LinearFitFixture f = LinearFitFixture.load("uniform");
    LinearFitResult r = LinearFit.of(f.signal(6, 8, 200), modelOf(f), optionsOf(f));
    Signal a = r.map("Gaussian.A");
    assertThat(a.title()).isEqualTo("Gaussian.A");
    assertThat(a.isLazy()).isFalse();
    assertThat(a.axes().dimensionsString()).isEqualTo("(|8, 6)");
    assertThat(r.maps()).hasSize(5);
    assertThat(r.redChisq().title()).isEqualTo("uniform reduced chi-squared");
    assertThat(r.degreesOfFreedom()).isEqualTo(5);
    assertThat(r.fittedChannels()).isEqualTo(184);
  }

  @Test
  void withoutCalculateErrorsTheStdIsNaNAsHyperSpy() {
    LinearFitFixture f = LinearFitFixture.load("uniform");
    LinearFitResult r = LinearFit.of(f.signal(6, 8, 200), modelOf(f),
        LinearFitOptions.defaults().withSignalMask(f.signalMask()));
    assertThat(r.std("PowerLaw.A")).containsOnly(Double.NaN);
    assertClose(r.values("PowerLaw.A"), f.values("PowerLaw.A"), "PowerLaw.A");
  }
}
