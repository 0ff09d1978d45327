package org.hyperflux.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SignalFiles;
import org.hyperflux.ml.fit.LinearComponent;
import org.hyperflux.ml.fit.LinearFit;
import org.hyperflux.ml.fit.LinearFitOptions;
import org.hyperflux.ml.fit.LinearFitResult;
import org.hyperflux.ml.fit.LinearModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Linear fitting" example, line for line, on the rank-4 fixture saved as .zspy
 * (channels 0..63, so the example's Gaussian is placed on them), so the README stays true.
 */
class ReadmeLinearFitExampleTest {
  @Test
  void theReadmeLinearFitExampleRunsAsDocumented(@TempDir Path dir) throws Exception {
    SignalFiles.save(Rank4Fixture.signal(10, 10, 64).withAxes(Rank4Fixture.signal(10, 10, 64).axes()
        .with(2, org.hyperflux.core.signal.Axis.uniform(64, 20, 1).withName("Energy"))),
        dir.resolve("eels_si.zspy"));

    Signal si = SignalFiles.load(dir.resolve("eels_si.zspy"));
    LinearModel model = LinearModel.of(LinearComponent.polynomial(3),
        LinearComponent.gaussian(600, 40),
        LinearComponent.powerLaw(3));
    LinearFitResult r = LinearFit.of(si, model, LinearFitOptions.defaults()
        .withCalculateErrors(true));
    Signal area = r.map("Gaussian.A");
    Signal redChisq = r.redChisq();
    Signal background = r.model();

    assertThat(r.parameters()).containsExactly("3rd order Polynomial.a0", "3rd order Polynomial.a1",
        "3rd order Polynomial.a2", "3rd order Polynomial.a3", "Gaussian.A", "PowerLaw.A");
    assertThat(area.axes().dimensionsString()).isEqualTo("(|20, 30)");
    assertThat(area.isLazy()).isFalse();
    assertThat(redChisq.axes().dimensionsString()).isEqualTo("(|20, 30)");
    assertThat(background.isLazy()).isTrue();
    assertThat(background.axes()).isEqualTo(si.axes());
  }
}
