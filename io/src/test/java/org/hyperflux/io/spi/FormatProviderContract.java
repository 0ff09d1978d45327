package org.hyperflux.io.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.signal.Axes;
import org.hyperflux.core.signal.Axis;
import org.hyperflux.core.signal.Metadata;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.LoadOptions;
import org.hyperflux.io.SaveOptions;
import org.hyperflux.io.SignalFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link FormatProvider} must do; a format's test extends this class and names its
 * provider. Checked: a lower-case name and extensions, registration with {@link
 * java.util.ServiceLoader} (it is among {@link SignalFiles#formats()}), no claim on files of other
 * kinds; given a {@link #sample()} file, that it alone claims it (fallback formats only after the
 * others declined) and reads it lazily, directly and through the facade; for read-only formats,
 * that a save to them fails saying so and writes nothing; and, for writable formats, signals of
 * awkward geometry (chunks that do not divide the shape, every dtype, rank 1 to 4, non-uniform
 * axes, nested metadata) that read back lazily with equal values, axes and metadata, and a writer
 * that stops cleanly.
 */
public abstract class FormatProviderContract {
  @TempDir
  protected Path tmp;

  /** The provider under test. */
  protected abstract FormatProvider provider();

  @Test
  void nameAndExtensionsAreLowerCaseAndTheProviderIsRegistered() {
    FormatProvider p = provider();
    assertThat(p.name()).matches("[a-z0-9]+");
    assertThat(p.extensions()).isNotEmpty().allMatch(e -> e.matches("[a-z0-9]+"));
    assertThat(p.description()).isNotBlank();
    assertThat(SignalFiles.formats()).anyMatch(f -> f.getClass().equals(p.getClass()));
    assertThat(SignalFiles.format(p.name()).getClass()).isEqualTo(p.getClass());
  }

  @Test
  void filesOfOtherKindsAreNotClaimed() throws IOException {
    Path text = Files.writeString(tmp.resolve("notes." + provider().extensions().get(0) + ".txt"), "x");
    assertThat(provider().canRead(text)).isFalse();
    assertThat(provider().canRead(Files.createDirectory(tmp.resolve("empty")))).isFalse();
  }

  /** Signals of awkward geometry: every dtype, ranks 1 to 4, uneven chunks, non-uniform axes. */
  protected static List<Signal> awkwardSignals() {
    List<Signal> out = new ArrayList<>();
    DType[] types = DType.values();
    for (int k = 0; k < types.length; k++) {
      DType t = types[k];
      int rank = 1 + k % 4;
      long[] shape = Arrays.copyOf(new long[] {5, 3, 7, 4}, rank);
      int[] chunks = Arrays.copyOf(new int[] {2, 2, 3, 4}, rank);
      GeneratedSource src = GeneratedSource.of("g" + k, t, ChunkGrid.regular(Shape.of(shape), chunks),
          p -> {
            double v = 0;
            for (long x : p) v = v * 7 + x;
            return t.isBool() ? v % 2 : t.isFloat() ? v / 3 - 5 : v % 100;
          });
      Signal s = Signal.of(LazyArray.of(src), Math.min(rank, 1 + k % 2));
      if (rank >= 2) {
        double[] values = new double[(int) shape[0]];
        for (int i = 0; i < values.length; i++) values[i] = i * i + 0.5;
        s = s.withAxes(s.axes().with(0, Axis.nonUniform(values).withName("t").withUnits("s")
            .withNavigate(s.axes().axis(0).navigate())));
      }
      out.add(s.withTitle("awkward " + t.numpyName())
          .withMetadata(s.metadata().withTitle("awkward " + t.numpyName())
              .with("Custom", Map.of("k", (long) k, "list", List.of(1.5, 2.5), "flag", k % 2 == 0))));
    }
    return out;
  }

  @Test
  void writtenSignalsReadBackWithEqualValuesAxesAndMetadata() throws IOException {
    assumeThat(provider().canWrite()).as(provider().name() + " is writable").isTrue();
    int i = 0;
    for (Signal s : awkwardSignals()) {
      Path f = tmp.resolve("s" + i++ + "." + provider().extensions().get(0));
      provider().writer(s, f, SaveOptions.defaults()).write().block(Duration.ofMinutes(1));
      assertThat(provider().canRead(f)).isTrue();
      List<Signal> back = provider().read(f);
      assertThat(back).hasSize(1);
      Signal b = back.get(0);
      String what = s.toString();
      assertThat(b.isLazy()).as(what).isTrue();
      assertThat(b.dtype()).as(what).isEqualTo(s.dtype());
      assertThat(b.axes()).as(what).isEqualTo(s.axes());
      assertThat(b.metadata()).as(what).isEqualTo(s.metadata());
      assertThat(b.originalMetadata()).as(what).isEqualTo(s.originalMetadata());
      MemoryArray x = b.data().compute();
      MemoryArray y = s.data().compute();
      assertThat(b.data().astype(DType.FLOAT64).subtract(s.data().astype(DType.FLOAT64)).abs()
          .max().compute().getDouble()).as(what).isZero();
      assertThat(x.shape()).isEqualTo(y.shape());
    }
  }

  @Test
  void aStoppedWriterWritesNoMore() throws Exception {
    assumeThat(provider().canWrite()).as(provider().name() + " is writable").isTrue();
    Signal s = awkwardSignals().get(0);
    SignalWriter w = provider().writer(s, tmp.resolve("stopped." + provider().extensions().get(0)),
        SaveOptions.defaults());
    assertThat(w.stop(Duration.ofSeconds(5))).isTrue();
    assertThatThrownBy(() -> w.write().block(Duration.ofMinutes(1))).isNotNull();
  }

  /** A small file of the format, for the reading checks; null (the default) skips them. */
  protected Path sample() {
    return null;
  }

  /**
   * How {@link #sample()} is read: {@link LoadOptions#defaults()} unless the format needs more,
   * e.g. a dataset path.
   */
  protected LoadOptions sampleOptions() {
    return LoadOptions.defaults();
  }

  @Test
  void theSampleIsClaimedByThisFormatAloneAndReadsLazily() throws IOException {
    Path sample = sample();
    assumeThat(sample).as(provider().name() + " has a sample file").isNotNull();
    FormatProvider p = provider();
    assertThat(p.canRead(sample)).isTrue();
    for (FormatProvider other : SignalFiles.formats()) {
      if (other.getClass().equals(p.getClass()) || other.fallback() != p.fallback()) continue;
      assertThat(other.canRead(sample)).as(other.name() + " claims " + sample).isFalse();
    }
    if (p.fallback()) {
      for (FormatProvider other : SignalFiles.formats()) {
        if (!other.fallback()) assertThat(other.canRead(sample)).as(other.name()).isFalse();
      }
    }
    List<Signal> signals = p.read(sample, sampleOptions());
    assertThat(signals).isNotEmpty().allMatch(Signal::isLazy);
    List<Signal> viaFacade = SignalFiles.loadAll(sample, sampleOptions());
    assertThat(viaFacade).hasSameSizeAs(signals);
    for (int i = 0; i < signals.size(); i++) {
      assertThat(viaFacade.get(i).axes()).isEqualTo(signals.get(i).axes());
      assertThat(viaFacade.get(i).dtype()).isEqualTo(signals.get(i).dtype());
    }
  }

  @Test
  void aReadOnlyFormatRefusesToWriteAndTheFacadeSaysSo() throws IOException {
    FormatProvider p = provider();
    assumeThat(p.canWrite()).as(p.name() + " is read only").isFalse();
    Signal s = awkwardSignals().get(0);
    Path target = tmp.resolve("out." + p.extensions().get(0));
    assertThatThrownBy(() -> p.writer(s, target, SaveOptions.defaults()))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> SignalFiles.save(s, target))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(target.toString())
        .hasMessageContaining("'" + p.name() + "' is read only");
    assertThatThrownBy(() -> SignalFiles.save(s, tmp.resolve("named.zspy"),
        SaveOptions.defaults().withFormat(p.name())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + p.name() + "' is read only");
    try (var left = Files.list(tmp)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aMissingFileIsAnIOException() {
    assertThatThrownBy(() -> provider().read(tmp.resolve("missing." + provider().extensions().get(0))))
        .isInstanceOf(IOException.class);
  }

}
