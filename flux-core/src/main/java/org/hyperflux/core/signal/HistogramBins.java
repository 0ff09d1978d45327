package org.hyperflux.core.signal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.hyperflux.core.accumulate.HistogramAccumulator;

/**
 * How {@link Signal#histogram(HistogramBins, Double, Double, int,
 * org.hyperflux.core.exec.ExecOptions)} chooses its bins, as the {@code bins} argument of
 * HyperSpy 1.7.3's {@code get_histogram}: a number of equal bins ({@link #count}), explicit edges
 * ({@link #edges}), or a rule that derives the number of equal bins from the data ({@link #FD},
 * HyperSpy's default, and {@link #SCOTT}). Immutable values.
 *
 * <pre>{@code
 * s.histogram(HistogramBins.FD);            // get_histogram()  (bins='fd')
 * s.histogram(HistogramBins.of("scott"));   // get_histogram(bins='scott')
 * s.histogram(HistogramBins.count(64));     // get_histogram(bins=64)
 * }</pre>
 *
 * <p>HyperSpy's {@code 'knuth'} and {@code 'blocks'} are refused by {@link #of(String)}: astropy's
 * {@code knuth_bin_width} and {@code bayesian_blocks} need the whole data in memory at once.
 */
public sealed interface HistogramBins
    permits HistogramBins.Count, HistogramBins.Edges, HistogramBins.Rule {

  /** The Freedman–Diaconis rule, HyperSpy's default: bin width {@code 2 IQR n^(-1/3)}. */
  Rule FD = Rule.FD;

  /** Scott's rule: bin width {@code (24 sqrt(pi) / n)^(1/3) std}. */
  Rule SCOTT = Rule.SCOTT;

  /**
   * {@code bins} equal bins.
   *
   * @throws IllegalArgumentException for {@code bins < 1}
   */
  static Count count(int bins) {
    return new Count(bins);
  }

  /**
   * Explicit edges: {@code n + 1} finite, strictly increasing values make {@code n} bins.
   *
   * @throws IllegalArgumentException for fewer than 2 edges, non-finite or non-increasing edges
   */
  static Edges edges(double... edges) {
    return new Edges(edges);
  }

  /**
   * The rule HyperSpy names {@code name}: {@code "fd"} or {@code "scott"}.
   *
   * @throws IllegalArgumentException for {@code "knuth"} and {@code "blocks"} (they need the whole
   *     data in memory; the message says what to use instead) and for unknown names (the message
   *     lists the available ones)
   */
  static Rule of(String name) {
    Objects.requireNonNull(name, "name");
    switch (name) {
      case "fd": return Rule.FD;
      case "scott": return Rule.SCOTT;
      case "knuth":
      case "blocks": {
        String how = name.equals("knuth") ? "astropy's knuth_bin_width, which optimises the bin"
            + " count over the whole sorted array" : "astropy's bayesian_blocks, which places edges"
            + " from every value of the sorted array";
        throw new IllegalArgumentException("bins='" + name + "' needs the whole data in memory at"
            + " once (HyperSpy computes it with " + how + "), which a lazy signal never holds;"
            + " use bins='fd' or 'scott' (computed exactly in passes over the data),"
            + " an integer number of bins (HistogramBins.count) or explicit edges");
      }
      case "freedman":
      case "scotts": {
        String now = name.equals("freedman") ? "fd" : "scott";
        throw new IllegalArgumentException("Unknown histogram bin rule '" + name + "'; '" + name
            + "' is HyperSpy's deprecated name for '" + now + "': write '" + now + "'");
      }
      default:
        throw new IllegalArgumentException("Unknown histogram bin rule '" + name
            + "'; available: [fd, scott] (or an integer number of bins, or explicit edges)");
    }
  }

  /** {@code bins} equal bins over the range (given, or the data's minimum and maximum). */
  record Count(int bins) implements HistogramBins {
    public Count {
      if (bins < 1) {
        throw new IllegalArgumentException("`bins` must be positive, when an integer (got " + bins + ")");
      }
    }
  }

  /** Explicit bin edges, strictly increasing; {@link #edges()} returns a copy. */
  final class Edges implements HistogramBins {
    private final double[] edges;

    private Edges(double[] edges) {
      HistogramAccumulator.withEdges(edges);
      this.edges = edges.clone();
    }

    /** The edges ({@code bins() + 1} values), a copy. */
    public double[] edges() {
      return edges.clone();
    }

    /** The number of bins. */
    public int bins() {
      return edges.length - 1;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Edges e && Arrays.equals(e.edges, edges);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(edges);
    }

    @Override
    public String toString() {
      return "Edges" + Arrays.toString(edges);
    }
  }

  /** A rule that derives the number of equal bins from the data: HyperSpy's {@code 'fd'} and {@code 'scott'}. */
  enum Rule implements HistogramBins {
    /** Freedman–Diaconis: width {@code 2 (Q3 - Q1) n^(-1/3)}, from exact quartiles. */
    FD,
    /** Scott: width {@code (24 sqrt(pi) / n)^(1/3) std}. */
    SCOTT;

    /** The name HyperSpy and numpy give the rule ({@code "fd"}, {@code "scott"}). */
    public String pythonName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
