package io.sqlotel.planner.function;

import java.util.Arrays;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.impl.AggregateFunctionImpl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.validate.SqlUserDefinedAggFunction;
import org.apache.calcite.util.Optionality;

/**
 * {@code HISTOGRAM_QUANTILE(q, BucketCounts, ExplicitBounds)}: merges OpenTelemetry explicit-bucket histogram points
 * (the JSON-array text columns of {@code otel_metrics_histogram}) by adding their bucket counts, and returns the
 * q-quantile with Prometheus' {@code histogram_quantile} linear interpolation.
 *
 * <p>Rules. Bucket {@code i} of a point holds the values in {@code (bounds[i-1], bounds[i]]}; the last bucket
 * ({@code counts.length == bounds.length + 1}) is {@code (bounds[last], +Inf)}. With {@code n} the merged total and
 * {@code rank = q·n}, the answer comes from the first bucket whose cumulative count is ≥ rank (and &gt; 0, so that
 * {@code q = 0} picks the first non-empty bucket instead of Prometheus' 0/0): {@code lower + (upper − lower) ·
 * (rank − countBelow) / countInBucket}, where the lower bound of the first bucket is 0. As in Prometheus: if that
 * bucket is the +Inf one the answer is the largest finite bound; if it is the first bucket and its upper bound is
 * ≤ 0 the answer is that bound. NULL when there are no points, the merged count is 0, or the histogram has no finite
 * bound. Points with a NULL or empty ({@code []}) {@code BucketCounts} are ignored. Errors (the query fails): q
 * outside [0, 1] or NULL; bounds differing between the merged points (no re-bucketing is attempted: group by
 * metric/series, or filter, so that every group has one bucket layout); a point whose counts are not one more than
 * its bounds, or whose arrays are not JSON arrays of numbers.
 *
 * <p>Not pushed down: the shards return the two text columns of the matching rows and the coordinator's row engine
 * (Calcite Enumerable) merges them, like {@code APPROX_PERCENTILE} without pushdown.
 */
public final class HistogramQuantile {
  private HistogramQuantile() {}

  /** The SQL aggregate {@code HISTOGRAM_QUANTILE(q, BucketCounts, ExplicitBounds)}. */
  public static final SqlUserDefinedAggFunction OPERATOR = new SqlUserDefinedAggFunction(
      new SqlIdentifier("HISTOGRAM_QUANTILE", SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
      ReturnTypes.explicit(SqlTypeName.DOUBLE).andThen(SqlTypeTransforms.FORCE_NULLABLE), InferTypes.FIRST_KNOWN,
      OperandTypes.operandMetadata(List.of(SqlTypeFamily.NUMERIC, SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER),
          f -> List.of(nullable(f, SqlTypeName.DOUBLE), nullable(f, SqlTypeName.VARCHAR),
              nullable(f, SqlTypeName.VARCHAR)),
          i -> List.of("q", "bucketCounts", "explicitBounds").get(i), i -> false),
      AggregateFunctionImpl.create(Raw.class), false, false, Optionality.FORBIDDEN);

  private static RelDataType nullable(RelDataTypeFactory f, SqlTypeName type) {
    return f.createTypeWithNullability(f.createSqlType(type), true);
  }

  /** The merged histogram of a group. */
  public static final class Histogram {
    double[] bounds;
    long[] counts;
    double q = Double.NaN;

    void setQ(Number quantile) {
      double v = quantile == null ? Double.NaN : quantile.doubleValue();
      if (!(v >= 0 && v <= 1)) {
        throw new IllegalArgumentException("HISTOGRAM_QUANTILE: the quantile must be between 0 and 1, not "
            + quantile);
      }
      q = v;
    }

    void add(double[] b, long[] c) {
      if (bounds == null) {
        bounds = b;
        counts = c.clone();
        return;
      }
      if (!Arrays.equals(bounds, b)) {
        throw new IllegalArgumentException("HISTOGRAM_QUANTILE: the histograms merged in one group have different"
            + " bucket bounds (" + Arrays.toString(bounds) + " and " + Arrays.toString(b)
            + "); group or filter by metric and series so that each group has one bucket layout");
      }
      for (int i = 0; i < c.length; i++) {
        counts[i] += c[i];
      }
    }

    Histogram merge(Histogram other) {
      if (other.bounds != null) {
        add(other.bounds, other.counts);
      }
      if (Double.isNaN(q)) {
        q = other.q;
      }
      return this;
    }

    /** The quantile, or null (see the class rules). */
    Double quantile() {
      if (bounds == null || bounds.length == 0) {
        return null;
      }
      return HistogramQuantile.quantile(q, bounds, counts);
    }
  }

  /**
   * Prometheus' interpolation over one histogram: {@code counts} per bucket (not cumulative), {@code counts.length ==
   * bounds.length + 1}, {@code bounds} non-empty.
   */
  static Double quantile(double q, double[] bounds, long[] counts) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    if (total == 0) {
      return null;
    }
    double rank = q * total;
    long below = 0;
    int b = bounds.length; // the +Inf bucket unless a finite one reaches the rank
    for (int i = 0; i < bounds.length; i++) {
      long cumulative = below + counts[i];
      if (cumulative >= rank && cumulative > 0) {
        b = i;
        break;
      }
      below = cumulative;
    }
    if (b == bounds.length) {
      return bounds[bounds.length - 1];
    }
    if (b == 0 && bounds[0] <= 0) {
      return bounds[0];
    }
    double lower = b == 0 ? 0 : bounds[b - 1];
    double upper = bounds[b];
    return lower + (upper - lower) * ((rank - below) / counts[b]);
  }

  /** Parses a JSON array of numbers (numbers may be quoted, as OTLP/JSON writes 64-bit integers). */
  static double[] parseArray(String json, String what) {
    String s = json.trim();
    if (s.length() < 2 || s.charAt(0) != '[' || s.charAt(s.length() - 1) != ']') {
      throw new IllegalArgumentException("HISTOGRAM_QUANTILE: " + what + " is not a JSON array: " + json);
    }
    String body = s.substring(1, s.length() - 1).trim();
    if (body.isEmpty()) {
      return new double[0];
    }
    String[] parts = body.split(",");
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.length() >= 2 && p.charAt(0) == '"' && p.charAt(p.length() - 1) == '"') {
        p = p.substring(1, p.length() - 1);
      }
      try {
        out[i] = Double.parseDouble(p);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("HISTOGRAM_QUANTILE: " + what + " is not an array of numbers: " + json,
            e);
      }
    }
    return out;
  }

  /** Row-at-a-time implementation over histogram points (Calcite's reflective aggregate protocol). */
  public static final class Raw {
    /** A fresh, empty histogram. */
    public Histogram init() {
      return new Histogram();
    }

    /** Adds one histogram point. */
    public Histogram add(Histogram h, Number q, String bucketCounts, String explicitBounds) {
      h.setQ(q);
      if (bucketCounts == null) {
        return h;
      }
      double[] c = parseArray(bucketCounts, "BucketCounts");
      if (c.length == 0) {
        return h;
      }
      double[] b = explicitBounds == null ? new double[0] : parseArray(explicitBounds, "ExplicitBounds");
      if (c.length != b.length + 1) {
        throw new IllegalArgumentException("HISTOGRAM_QUANTILE: a point has " + c.length + " bucket counts for "
            + b.length + " bounds (expected one more count than bounds): " + bucketCounts + " / " + explicitBounds);
      }
      long[] counts = new long[c.length];
      for (int i = 0; i < c.length; i++) {
        if (!(c[i] >= 0) || c[i] != Math.rint(c[i])) {
          throw new IllegalArgumentException("HISTOGRAM_QUANTILE: bucket counts must be non-negative integers: "
              + bucketCounts);
        }
        counts[i] = (long) c[i];
      }
      h.add(b, counts);
      return h;
    }

    /** Merges two histograms. */
    public Histogram merge(Histogram a, Histogram b) {
      return a.merge(b);
    }

    /** The quantile. */
    public Double result(Histogram h) {
      return h.quantile();
    }
  }
}
