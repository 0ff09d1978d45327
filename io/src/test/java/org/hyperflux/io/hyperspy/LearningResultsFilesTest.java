package org.hyperflux.io.hyperspy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.LearningResults;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SaveOptions;
import org.hyperflux.io.SignalFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.hyperflux.core.testing.PythonHyperSpy;

/**
 * HyperSpy's {@code learning_results} in files: what hyperflux writes it reads back equal (both
 * formats, with the signal's data unchanged), HyperSpy 1.7.3 loads it as the same {@code
 * s.learning_results}, and HyperSpy-written golden files ({@code
 * golden/learning_results/make_learning_results.py}) read back equal to what HyperSpy had. The
 * masks of a decomposition ({@code navigation_mask}, {@code signal_mask}) are bool datasets both
 * ways: HyperSpy loads ours as numpy bool arrays, and we read those HyperSpy writes after {@code
 * s.decomposition(navigation_mask=..., signal_mask=...)} ({@code make_masked_learning_results.py},
 * run by the test).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class LearningResultsFilesTest {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  @TempDir
  Path tmp;

  static Signal signal() {
    GeneratedSource src = GeneratedSource.of("lr", DType.FLOAT32,
        ChunkGrid.regular(Shape.of(3, 4, 7), 2, 3, 7), p -> p[0] * 10 + p[1] + p[2] * 0.5);
    return Signal.of(LazyArray.of(src), 1).withTitle("lr");
  }

  /** Learning results shaped as a 3-component decomposition of {@link #signal()} would be. */
  static LearningResults results() {
    double[] factors = new double[7 * 3];
    double[] loadings = new double[12 * 3];
    for (int i = 0; i < factors.length; i++) factors[i] = Math.sin(i) / 3;
    for (int i = 0; i < loadings.length; i++) loadings[i] = i == 5 ? Double.NaN : Math.cos(i) * 40;
    return LearningResults.empty()
        .with("bss_algorithm", null)
        .with("decomposition_algorithm", "SVD")
        .with("output_dimension", 3L)
        .with("poissonian_noise_normalized", false)
        .with("unfolded", true)
        .with("factors", new LearningResults.Array(new long[] {7, 3}, factors))
        .with("loadings", new LearningResults.Array(new long[] {12, 3}, loadings))
        .with("explained_variance", new LearningResults.Array(new long[] {3}, new double[] {9, 4, 1}))
        .with("explained_variance_ratio", new LearningResults.Array(new long[] {3}, new double[] {0.6, 0.3, 0.1}))
        .with("original_shape", new long[] {3, 4, 7});
  }

  /** The navigation mask of {@link #maskedResults()}: flat, C order of the 3 × 4 navigation shape. */
  static final boolean[] NAVIGATION_MASK = {false, false, true, false, false, false, false, false, false, false, true,
      false};
  static final boolean[] SIGNAL_MASK = {false, false, false, true, false, false, true};

  /** {@link #results()} of a decomposition that used masks, as HyperSpy 1.7.3 stores them (flat). */
  static LearningResults maskedResults() {
    return results()
        .with("navigation_mask", new LearningResults.BoolArray(new long[] {12}, NAVIGATION_MASK.clone()))
        .with("signal_mask", new LearningResults.BoolArray(new long[] {7}, SIGNAL_MASK.clone()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"m.zspy", "m.hspy"})
  void masksWrittenReadBackEqual(String name) throws Exception {
    Path out = tmp.resolve(name);
    SignalFiles.save(signal(), out, SaveOptions.defaults().withLearningResults(maskedResults()));

    LearningResults back = SignalFiles.loadLearningResults(out);
    assertThat(back).isEqualTo(maskedResults());
    assertThat(back.boolArray("navigation_mask").orElseThrow().values()).containsExactly(NAVIGATION_MASK);
    assertThat(back.boolArray("signal_mask").orElseThrow().shape()).containsExactly(7);
  }

  @ParameterizedTest
  @ValueSource(strings = {"big.zspy", "big.hspy"})
  void aMaskAboveTheMetadataListLimitReadsBackEqual(String name) throws Exception {
    int n = (int) HyperSpyReader.MAX_METADATA_ARRAY_ELEMENTS + 4; // 5 columns; read as a lazy bool signal
    boolean[] mask = new boolean[n];
    for (int i = 0; i < n; i += 7) mask[i] = true;
    LearningResults lr = LearningResults.empty()
        .with("navigation_mask", new LearningResults.BoolArray(new long[] {n / 5, 5}, mask));
    Path out = tmp.resolve(name);
    SignalFiles.save(signal(), out, SaveOptions.defaults().withLearningResults(lr));
    assertThat(SignalFiles.loadLearningResults(out)).isEqualTo(lr);
  }

  @ParameterizedTest
  @ValueSource(strings = {"lr.zspy", "lr.hspy"})
  void learningResultsWrittenReadBackEqualWithTheData(String name) throws Exception {
    Path out = tmp.resolve(name);
    Signal s = signal();
    SignalFiles.save(s, out, SaveOptions.defaults().withLearningResults(results()));

    assertThat(SignalFiles.loadLearningResults(out)).isEqualTo(results());
    Signal back = SignalFiles.load(out);
    assertThat(back.data().compute().toDoubleArray()).containsExactly(s.data().compute().toDoubleArray());
    SignalFiles.closeFile(back);
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain.zspy", "plain.hspy"})
  void aSignalSavedWithoutResultsHasNone(String name) throws Exception {
    Path out = tmp.resolve(name);
    SignalFiles.save(signal(), out);
    assertThat(SignalFiles.loadLearningResults(out).isEmpty()).isTrue();
  }

  @Test
  void resultsOfTheWrongKindAreRefusedWhenBuilt() {
    assertThatThrownBy(() -> LearningResults.empty().with("factors", new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("factors");
    assertThatThrownBy(() -> new LearningResults.Array(new long[] {2, 3}, new double[5]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 3] holds 6");
    assertThatThrownBy(() -> SignalFiles.loadLearningResults(tmp.resolve("x.mib")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(".hspy and .zspy");
  }

  @ParameterizedTest
  @ValueSource(strings = {"svd.zspy", "svd.hspy"})
  void hyperSpyWrittenResultsReadBackEqual(String name) throws Exception {
    Path dir = resource("/golden/learning_results/svd.json").getParent();
    @SuppressWarnings("unchecked")
    Map<String, Object> want = JSON.readValue(dir.resolve("svd.json").toFile(), Map.class);
    LearningResults lr = SignalFiles.loadLearningResults(dir.resolve(name));

    assertThat(lr.get("decomposition_algorithm")).isEqualTo("SVD");
    assertThat(lr.get("output_dimension")).isEqualTo(3L);
    assertThat(lr.get("poissonian_noise_normalized")).isEqualTo(false);
    assertThat(lr.tuple("original_shape")).hasValue(new long[] {4, 5, 6});
    for (String key : List.of("factors", "loadings", "explained_variance", "explained_variance_ratio")) {
      assertThat(lr.array(key)).as(key).hasValue(LearningResults.fromMetadata(
          org.hyperflux.core.signal.Metadata.of(Map.of(key, want.get(key)))).array(key).orElseThrow());
    }
  }

  @Test
  @EnabledIf("org.hyperflux.core.testing.PythonHyperSpy#available")
  void hyperSpyLoadsTheResultsWrittenHere() throws Exception {
    Path zspy = tmp.resolve("h.zspy");
    Path hspy = tmp.resolve("h.hspy");
    SignalFiles.save(signal(), zspy, SaveOptions.defaults().withLearningResults(results()));
    SignalFiles.save(signal(), hspy, SaveOptions.defaults().withLearningResults(results()));

    List<String> lines = PythonHyperSpy.run(resource("/golden/learning_results/read_learning_results.py"),
        List.of(zspy.toString(), hspy.toString()));
    assertThat(lines).hasSize(2);
    for (String line : lines) {
      @SuppressWarnings("unchecked")
      Map<String, Object> seen = JSON.readValue(line, Map.class);
      assertThat(seen.get("decomposition_algorithm")).isEqualTo("SVD");
      assertThat(seen.get("output_dimension")).isEqualTo(3);
      assertThat(seen.get("original_shape")).isEqualTo(List.of(3, 4, 7));
      assertThat(seen.get("types")).as("HyperSpy holds numpy arrays")
          .isEqualTo(List.of("ndarray", "ndarray", "ndarray", "ndarray"));
      LearningResults back = LearningResults.fromMetadata(org.hyperflux.core.signal.Metadata.of(Map.of(
          "factors", seen.get("factors"), "loadings", seen.get("loadings"),
          "explained_variance", seen.get("explained_variance"))));
      assertThat(back.array("factors")).isEqualTo(results().array("factors"));
      assertThat(back.array("explained_variance")).isEqualTo(results().array("explained_variance"));
      assertThat(back.array("loadings")).as("loadings, NaN included").isEqualTo(results().array("loadings"));
    }
  }

  @Test
  @EnabledIf("org.hyperflux.core.testing.PythonHyperSpy#available")
  void hyperSpyLoadsTheMasksWrittenHereAsBoolArrays() throws Exception {
    Path zspy = tmp.resolve("hm.zspy");
    Path hspy = tmp.resolve("hm.hspy");
    SignalFiles.save(signal(), zspy, SaveOptions.defaults().withLearningResults(maskedResults()));
    SignalFiles.save(signal(), hspy, SaveOptions.defaults().withLearningResults(maskedResults()));
    Path plain = tmp.resolve("hp.zspy");
    SignalFiles.save(signal(), plain, SaveOptions.defaults().withLearningResults(results()));

    List<String> lines = PythonHyperSpy.run(resource("/golden/learning_results/read_learning_results.py"),
        List.of(zspy.toString(), hspy.toString(), plain.toString()));
    assertThat(lines).hasSize(3);
    for (String line : lines.subList(0, 2)) {
      @SuppressWarnings("unchecked")
      Map<String, Object> seen = JSON.readValue(line, Map.class);
      assertThat(seen.get("mask_types")).as("numpy bool arrays")
          .isEqualTo(List.of("ndarray bool", "ndarray bool"));
      assertThat(LearningResults.fromMetadata(org.hyperflux.core.signal.Metadata.of(Map.of(
          "navigation_mask", seen.get("navigation_mask"), "signal_mask", seen.get("signal_mask")))))
          .isEqualTo(LearningResults.empty()
              .with("navigation_mask", maskedResults().get("navigation_mask"))
              .with("signal_mask", maskedResults().get("signal_mask")));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> unmasked = JSON.readValue(lines.get(2), Map.class);
    assertThat(unmasked.get("mask_types")).as("no masks: None, as HyperSpy").isEqualTo(List.of("NoneType", "NoneType"));
  }

  @Test
  @EnabledIf("org.hyperflux.core.testing.PythonHyperSpy#available")
  void theMasksHyperSpyWritesAfterAMaskedDecompositionReadBackEqual() throws Exception {
    List<String> lines = PythonHyperSpy.run(resource("/golden/learning_results/make_masked_learning_results.py"),
        List.of(tmp.toString()));
    assertThat(lines).hasSize(1);
    @SuppressWarnings("unchecked")
    Map<String, Object> want = JSON.readValue(lines.get(0), Map.class);
    LearningResults expected = LearningResults.fromMetadata(org.hyperflux.core.signal.Metadata.of(Map.of(
        "navigation_mask", want.get("navigation_mask"), "signal_mask", want.get("signal_mask"),
        "loadings", want.get("loadings"))));
    for (String name : List.of("masked.zspy", "masked.hspy")) {
      LearningResults lr = SignalFiles.loadLearningResults(tmp.resolve(name));
      assertThat(lr.boolArray("navigation_mask")).as(name).isEqualTo(expected.boolArray("navigation_mask"));
      assertThat(lr.boolArray("signal_mask")).as(name).isEqualTo(expected.boolArray("signal_mask"));
      assertThat(lr.boolArray("navigation_mask").orElseThrow().values()).as(name).contains(true);
      assertThat(lr.array("loadings")).as(name + " loadings, NaN where masked").isEqualTo(expected.array("loadings"));
    }
  }

  private Path resource(String name) {
    try {
      return Path.of(getClass().getResource(name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("test resource " + name + " is missing", e);
    }
  }
}
