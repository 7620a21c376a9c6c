package io.sqlotel.bench;

import java.util.Arrays;
import java.util.List;

/** Order statistics of measured samples: median and nearest-rank percentiles. */
public final class Stats {
  private Stats() {}

  /**
   * The median (mean of the two middle values for an even count).
   *
   * @param values the samples, any unit; not modified
   * @return the median, or {@code NaN} when there are none
   */
  public static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] s = values.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  /**
   * The nearest-rank percentile: the smallest sample such that at least {@code p}% of the samples are at or below it.
   *
   * @param values the samples, any unit; not modified
   * @param p the percentile, in (0, 100]
   * @return the percentile, or {@code NaN} when there are none
   */
  public static double percentile(double[] values, double p) {
    if (values.length == 0) {
      return Double.NaN;
    }
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
    }
    double[] s = values.clone();
    Arrays.sort(s);
    int rank = (int) Math.ceil(p / 100.0 * s.length);
    return s[Math.max(0, rank - 1)];
  }

  /** The median of a list of samples; {@code NaN} when empty. */
  public static double median(List<Double> values) {
    return median(values.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
