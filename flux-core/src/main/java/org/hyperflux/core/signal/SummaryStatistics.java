package org.hyperflux.core.signal;

/**
 * The summary statistics of a signal's values, HyperSpy 1.7.3's {@code
 * _calculate_summary_statistics} (NaN removed first): the mean, the standard deviation (ddof 0),
 * the minimum, the quartiles (numpy's {@code percentile} with 'linear' interpolation, exact) and
 * the maximum, plus the number of values that are not NaN. Computed by
 * {@link Signal#summaryStatistics()}. Immutable.
 *
 * <p>Values are doubles holding numpy's results: the mean and std are rounded to float32 for
 * float32 data (numpy's {@code nanmean}/{@code nanstd} dtype) and float64 otherwise; the minimum
 * and maximum are the data's own values (exact for integers up to 2^53, rounded to nearest
 * beyond); the quartiles are float64 as numpy's. With no value (empty or all-NaN data) the count
 * is 0 and every statistic NaN, where HyperSpy raises numpy's ValueError.
 *
 * <pre>{@code
 * System.out.println(s.summaryStatistics());
 * // Summary statistics
 * // ------------------
 * // mean:	9.66
 * // ...
 * }</pre>
 *
 * @param mean the mean
 * @param std the standard deviation, ddof 0
 * @param min the smallest value
 * @param q1 the first quartile (percentile 25)
 * @param median the median (percentile 50)
 * @param q3 the third quartile (percentile 75)
 * @param max the largest value
 * @param count the number of values that are not NaN
 */
public record SummaryStatistics(
    double mean, double std, double min, double q1, double median, double q3, double max,
    long count) {

  /**
   * What HyperSpy's {@code print_summary_statistics(formatter)} prints, with its final newline:
   * a title underlined with dashes, then {@code mean}, {@code std}, an empty line, {@code min},
   * {@code Q1}, {@code median}, {@code Q3}, {@code max}, each as {@code name:\tvalue} with the
   * value formatted as Python's {@code formatter % value}.
   *
   * @param formatter one Python float conversion, e.g. {@code "%.3g"} (HyperSpy's default),
   *     {@code "%.2f"}, {@code "%10.4e"}
   * @throws IllegalArgumentException for a formatter without exactly one such conversion
   */
  public String format(String formatter) {
    PythonFormat f = PythonFormat.parse(formatter);
    return "Summary statistics\n"
        + "------------------\n"
        + "mean:\t" + f.format(mean) + "\n"
        + "std:\t" + f.format(std) + "\n"
        + "\n"
        + "min:\t" + f.format(min) + "\n"
        + "Q1:\t" + f.format(q1) + "\n"
        + "median:\t" + f.format(median) + "\n"
        + "Q3:\t" + f.format(q3) + "\n"
        + "max:\t" + f.format(max) + "\n";
  }

  /**
   * HyperSpy's printout with its default {@code "%.3g"}, without the final newline:
   * {@code System.out.println(stats)} prints exactly what {@code s.print_summary_statistics()}
   * prints.
   */
  @Override
  public String toString() {
    String s = format("%.3g");
    return s.substring(0, s.length() - 1);
  }
}
