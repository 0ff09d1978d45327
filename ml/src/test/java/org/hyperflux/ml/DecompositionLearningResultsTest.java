package org.hyperflux.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.signal.LearningResults;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SaveOptions;
import org.hyperflux.io.SignalFiles;
import org.hyperflux.ml.decomposition.Centre;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.hyperflux.core.testing.PythonHyperSpy;

/**
 * A decomposition saved as HyperSpy's {@code learning_results} (with the signal, {@code .zspy}
 * and {@code .hspy}) and read back is the same result: factors, loadings, explained variance,
 * algorithm, options and the decomposition model, for every registered algorithm, centred and
 * Poissonian-normalised included. Masks are saved as HyperSpy 1.7.3 saves them ({@code
 * navigation_mask}, {@code signal_mask}: flat bool arrays, absent without masks) and come back in
 * the result's options; a file HyperSpy wrote after a masked decomposition reads back with its
 * masks, and its model equals HyperSpy's {@code get_decomposition_model}.
 */
class DecompositionLearningResultsTest {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  @TempDir
  Path tmp;

  /** Excluded navigation positions of {@link Rank4Fixture}: every 37th, flat C order of 30 × 20. */
  static boolean[] navigationMask() {
    boolean[] m = new boolean[Rank4Fixture.N];
    for (int i = 3; i < m.length; i += 37) m[i] = true;
    return m;
  }

  /** Excluded channels of {@link Rank4Fixture}: 5 and 40 of 64. */
  static boolean[] signalMask() {
    boolean[] m = new boolean[Rank4Fixture.M];
    m[5] = true;
    m[40] = true;
    return m;
  }

  static Stream<Arguments> cases() {
    // The online algorithms do not centre (as HyperSpy's): their .hspy case is Poissonian only.
    return Decomposition.algorithms().stream().flatMap(a -> {
      DecompositionOptions weighted = DecompositionOptions.of(a, 4).withSeed(5)
          .withNormalizePoissonianNoise(true);
      boolean centres = !a.equals("orpca") && !a.equals("ornmf");
      return Stream.of(
          Arguments.of(a, "r.zspy", DecompositionOptions.of(a, 4).withSeed(5)),
          Arguments.of(a, "r.hspy", centres ? weighted.withCentre(Centre.NAVIGATION) : weighted));
    });
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void aResultSavedWithItsSignalLoadsBackEqual(String algorithm, String file, DecompositionOptions o)
      throws Exception {
    Signal source = Rank4Fixture.signal(7, 5, 64);
    DecompositionResult r = Decomposition.of(source, o);
    Path out = tmp.resolve(file);
    SignalFiles.save(source, out, SaveOptions.defaults().withLearningResults(r.toLearningResults()));

    LearningResults lr = SignalFiles.loadLearningResults(out);
    assertThat(lr).isEqualTo(r.toLearningResults());
    Signal loaded = SignalFiles.load(out);
    DecompositionResult back = DecompositionResult.fromLearningResults(lr, loaded);
    assertThat(back.algorithm()).isEqualTo(algorithm);
    assertThat(back.components()).isEqualTo(4);
    assertThat(back.options().normalizePoissonianNoise()).isEqualTo(o.normalizePoissonianNoise());
    assertThat(back.toLearningResults()).isEqualTo(lr);
    assertThat(back.explainedVariance()).containsExactly(r.explainedVariance());
    assertThat(back.explainedVarianceRatio()).containsExactly(r.explainedVarianceRatio());
    for (int c = 0; c < 4; c++) {
      assertThat(back.factor(c)).containsExactly(r.factor(c));
      assertThat(back.loading(c)).containsExactly(r.loading(c));
    }
    assertThat(back.decompositionModel(3).data().compute().toDoubleArray())
        .containsExactly(r.decompositionModel(3).data().compute().toDoubleArray());
    SignalFiles.closeFile(loaded);
  }

  static Stream<Arguments> maskedCases() {
    return Decomposition.algorithms().stream().flatMap(a -> Stream.of(Arguments.of(a, "m.zspy"),
        Arguments.of(a, "m.hspy")));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("maskedCases")
  void theMasksAreSavedAndComeBackInTheOptions(String algorithm, String file) throws Exception {
    Signal source = Rank4Fixture.signal(7, 5, 64);
    DecompositionResult r = Decomposition.of(source, DecompositionOptions.of(algorithm, 4).withSeed(5)
        .withNavigationMask(navigationMask()).withSignalMask(signalMask()));
    LearningResults written = r.toLearningResults();
    assertThat(written.boolArray("navigation_mask")).as("flat, as HyperSpy stores it after unfolding")
        .hasValue(new LearningResults.BoolArray(new long[] {Rank4Fixture.N}, navigationMask()));
    assertThat(written.boolArray("signal_mask"))
        .hasValue(new LearningResults.BoolArray(new long[] {Rank4Fixture.M}, signalMask()));
    Path out = tmp.resolve(file);
    SignalFiles.save(source, out, SaveOptions.defaults().withLearningResults(written));

    LearningResults lr = SignalFiles.loadLearningResults(out);
    assertThat(lr).isEqualTo(written);
    Signal loaded = SignalFiles.load(out);
    DecompositionResult back = DecompositionResult.fromLearningResults(lr, loaded);
    assertThat(back.options().navigationMask()).containsExactly(navigationMask());
    assertThat(back.options().signalMask()).containsExactly(signalMask());
    assertThat(back.toLearningResults()).isEqualTo(lr);
    for (int c = 0; c < 4; c++) {
      assertThat(back.factor(c)).containsExactly(r.factor(c));
      assertThat(back.loading(c)).as("NaN at the excluded positions").containsExactly(r.loading(c));
      assertThat(back.loading(c)[3]).isNaN();
      assertThat(back.factor(c)[40]).isNaN();
    }
    assertThat(back.decompositionModel(3).data().compute().toDoubleArray())
        .containsExactly(r.decompositionModel(3).data().compute().toDoubleArray());
    SignalFiles.closeFile(loaded);
  }

  @Test
  void masksGivenAsSignalsAreWrittenFlatAndShapedMasksAreRead() {
    Signal source = Rank4Fixture.signal(7, 5, 64);
    boolean[] nav = navigationMask();
    Signal navSignal = Signal.of(MemoryArray.of(Shape.of(Rank4Fixture.NY, Rank4Fixture.NX),
        Block.wrap(DType.BOOL, nav.clone())), 0);
    LearningResults lr = Decomposition.of(source, DecompositionOptions.of("svd", 3).withNavigationMask(navSignal))
        .toLearningResults();
    assertThat(lr.boolArray("navigation_mask").orElseThrow().shape()).containsExactly(Rank4Fixture.N);
    assertThat(lr.entries()).doesNotContainKey("signal_mask");

    LearningResults shaped = lr.with("navigation_mask",
        new LearningResults.BoolArray(new long[] {Rank4Fixture.NY, Rank4Fixture.NX}, nav.clone()));
    DecompositionResult back = DecompositionResult.fromLearningResults(shaped, source);
    assertThat(back.options().navigationMask()).containsExactly(nav);
    assertThat(back.options().signalMask()).isNull();
  }

  @Test
  void masksThatDoNotFitTheSignalAreRefused() {
    Signal source = Rank4Fixture.signal(7, 5, 64);
    LearningResults lr = Decomposition.of(source, DecompositionOptions.of("svd", 3)).toLearningResults();
    assertThatThrownBy(() -> DecompositionResult.fromLearningResults(lr.with("navigation_mask",
        new LearningResults.BoolArray(new long[] {7}, new boolean[7])), source))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'navigation_mask' has shape [7] (7 elements)")
        .hasMessageContaining(Rank4Fixture.N + " navigation positions");
    assertThatThrownBy(() -> DecompositionResult.fromLearningResults(lr.with("signal_mask", "all"), source))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'signal_mask'");
    assertThat(DecompositionResult.fromLearningResults(lr.with("signal_mask", null), source).options().signalMask())
        .as("None: no mask").isNull();
  }

  @Test
  @EnabledIf("org.hyperflux.core.testing.PythonHyperSpy#available")
  void aFileHyperSpyWroteAfterAMaskedDecompositionReadsBackWithItsMasks() throws Exception {
    Path script = Path.of(getClass().getResource("/decomposition/make_masked_learning_results.py").toURI());
    List<String> lines = PythonHyperSpy.run(script, List.of(tmp.toString()));
    assertThat(lines).hasSize(1);
    JsonNode want = JSON.readTree(lines.get(0));
    boolean[] nav = booleans(want.get("navigation_mask_given"));
    boolean[] sig = booleans(want.get("signal_mask_given"));
    double[] model = doubles(want.get("model"));
    for (String name : List.of("masked.zspy", "masked.hspy")) {
      Path file = tmp.resolve(name);
      Signal loaded = SignalFiles.load(file);
      DecompositionResult r = DecompositionResult.fromLearningResults(SignalFiles.loadLearningResults(file), loaded);
      assertThat(r.algorithm()).isEqualTo("svd");
      assertThat(r.options().navigationMask()).as(name).containsExactly(nav);
      assertThat(r.options().signalMask()).as(name).containsExactly(sig);
      assertThat(r.toLearningResults().boolArray("navigation_mask").orElseThrow().values()).containsExactly(nav);
      double[] ours = r.decompositionModel(2).data().compute().toDoubleArray();
      assertThat(ours).hasSize(model.length);
      for (int i = 0; i < model.length; i++) {
        if (Double.isNaN(model[i])) {
          assertThat(ours[i]).as(name + " model element " + i).isNaN();
        } else {
          assertThat(ours[i]).as(name + " model element " + i)
              .isCloseTo(model[i], org.assertj.core.data.Offset.offset(1e-12 * (1 + Math.abs(model[i]))));
        }
      }
      SignalFiles.closeFile(loaded);
    }
  }

  private static boolean[] booleans(JsonNode list) {
    boolean[] b = new boolean[list.size()];
    for (int i = 0; i < b.length; i++) b[i] = list.get(i).asBoolean();
    return b;
  }

  private static double[] doubles(JsonNode list) {
    double[] d = new double[list.size()];
    for (int i = 0; i < d.length; i++) d[i] = list.get(i).isNumber() ? list.get(i).asDouble() : Double.NaN;
    return d;
  }

  @Test
  void theLearningResultsAreHyperSpysEntries() {
    Signal source = Rank4Fixture.signal(7, 5, 64);
    LearningResults lr = Decomposition.of(source, DecompositionOptions.of("svd", 3)).toLearningResults();
    assertThat(lr.get("decomposition_algorithm")).isEqualTo("SVD");
    assertThat(lr.get("output_dimension")).isEqualTo(3L);
    assertThat(lr.get("poissonian_noise_normalized")).isEqualTo(false);
    assertThat(lr.array("factors").orElseThrow().shape()).containsExactly(Rank4Fixture.M, 3);
    assertThat(lr.array("loadings").orElseThrow().shape()).containsExactly(Rank4Fixture.N, 3);
    assertThat(lr.array("explained_variance").orElseThrow().shape()).containsExactly(3);
    assertThat(lr.tuple("original_shape")).hasValue(source.axes().arrayShape());
    assertThat(lr.entries().keySet()).doesNotContain("poissonian_row_weight");
    assertThat(lr.entries().keySet()).as("no masks: absent, as HyperSpy (loaded as None)")
        .doesNotContain("navigation_mask", "signal_mask");
  }

  @Test
  void resultsThatDoNotFitTheSignalAreRefused() {
    LearningResults lr = Decomposition.of(Rank4Fixture.signal(7, 5, 64), DecompositionOptions.of("svd", 3))
        .toLearningResults();
    Signal other = Rank4Fixture.signal(7, 5, 64).inav(0L);
    assertThatThrownBy(() -> DecompositionResult.fromLearningResults(lr, other))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not fit");
    assertThatThrownBy(() -> DecompositionResult.fromLearningResults(LearningResults.empty(), other))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no factors");
  }
}
