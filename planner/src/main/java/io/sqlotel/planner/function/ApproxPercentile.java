package io.sqlotel.planner.function;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * {@code APPROX_PERCENTILE(x, q)}: the q-quantile of x (0 ≤ q ≤ 1) from a mergeable log-bucketed histogram, after
 * DDSketch (Masson, Rim, Lee: "DDSketch: a fast and fully-mergeable quantile sketch with relative-error guarantees",
 * VLDB 2019). A value x ≠ 0 falls in bucket {@code i = ceil(ln|x| / ln γ)} with {@code γ = (1 + α) / (1 − α)};
 * every value of bucket i is within relative error α of {@code 2γ^i / (γ + 1)}, so the returned quantile is within
 * α = 1% of the exact value of the same rank, {@code rank = floor(q · (n − 1))} of the sorted non-null values.
 *
 * <p>Pushed down, each shard returns only {@code (sign(x), bucket, count)} per group — no raw value leaves a shard
 * — and the coordinator merges the buckets ({@link #MERGE}). Without pushdown, {@link #OPERATOR} sketches raw values.
 */
public final class ApproxPercentile {
  private ApproxPercentile() {}

  /** The relative-error bound α. */
  public static final double ALPHA = 0.01;
  /** γ = (1 + α) / (1 − α). */
  public static final double GAMMA = (1 + ALPHA) / (1 - ALPHA);
  /** ln γ, the divisor of the bucket index. */
  public static final double LN_GAMMA = Math.log(GAMMA);

  /** The SQL aggregate {@code APPROX_PERCENTILE(x, q)} (row-at-a-time implementation over raw values). */
  public static final SqlUserDefinedAggFunction OPERATOR = new SqlUserDefinedAggFunction(
      new SqlIdentifier("APPROX_PERCENTILE", SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
      ReturnTypes.explicit(SqlTypeName.DOUBLE).andThen(SqlTypeTransforms.FORCE_NULLABLE), InferTypes.FIRST_KNOWN,
      OperandTypes.operandMetadata(List.of(SqlTypeFamily.NUMERIC, SqlTypeFamily.NUMERIC),
          f -> List.of(nullableDouble(f), nullableDouble(f)), i -> i == 0 ? "x" : "q", i -> false),
      AggregateFunctionImpl.create(Raw.class), false, false, Optionality.FORBIDDEN);

  /** The coordinator's merge: {@code $APPROX_PERCENTILE_MERGE(sign, bucket, count, q)} over shard partials. */
  public static final SqlUserDefinedAggFunction MERGE = new SqlUserDefinedAggFunction(
      new SqlIdentifier("$APPROX_PERCENTILE_MERGE", SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
      ReturnTypes.explicit(SqlTypeName.DOUBLE).andThen(SqlTypeTransforms.FORCE_NULLABLE), InferTypes.FIRST_KNOWN,
      OperandTypes.operandMetadata(List.of(SqlTypeFamily.NUMERIC, SqlTypeFamily.NUMERIC, SqlTypeFamily.NUMERIC,
              SqlTypeFamily.NUMERIC),
          f -> List.of(nullableBigint(f), nullableBigint(f), nullableBigint(f), nullableDouble(f)),
          i -> List.of("sign", "bucket", "count", "q").get(i), i -> false),
      AggregateFunctionImpl.create(Merge.class), false, false, Optionality.FORBIDDEN);

  private static RelDataType nullableDouble(RelDataTypeFactory f) {
    return f.createTypeWithNullability(f.createSqlType(SqlTypeName.DOUBLE), true);
  }

  private static RelDataType nullableBigint(RelDataTypeFactory f) {
    return f.createTypeWithNullability(f.createSqlType(SqlTypeName.BIGINT), true);
  }

  /** The bucket index of |x| for x ≠ 0 (what the shard SQL computes as {@code CEIL(LN(ABS(x)) / ln γ)}). */
  public static long bucket(double x) {
    return (long) Math.ceil(Math.log(Math.abs(x)) / LN_GAMMA);
  }

  /** A sketch: counts per bucket of positive and of negative values, the count of zeros, and q. */
  public static final class Sketch {
    final TreeMap<Long, Long> positive = new TreeMap<>();
    final TreeMap<Long, Long> negative = new TreeMap<>();
    long zeros;
    double q = Double.NaN;

    void add(long sign, Long bucket, long count) {
      if (sign == 0 || bucket == null) {
        zeros += count;
      } else {
        (sign > 0 ? positive : negative).merge(bucket, count, Long::sum);
      }
    }

    void setQ(Number quantile) {
      double v = quantile == null ? Double.NaN : quantile.doubleValue();
      if (!(v >= 0 && v <= 1)) {
        throw new IllegalArgumentException("APPROX_PERCENTILE: the quantile must be between 0 and 1, not " + quantile);
      }
      q = v;
    }

    Sketch merge(Sketch other) {
      other.positive.forEach((k, v) -> positive.merge(k, v, Long::sum));
      other.negative.forEach((k, v) -> negative.merge(k, v, Long::sum));
      zeros += other.zeros;
      if (Double.isNaN(q)) {
        q = other.q;
      }
      return this;
    }

    /** The estimated quantile, or null with no values. */
    Double quantile() {
      long n = zeros;
      for (long c : positive.values()) {
        n += c;
      }
      for (long c : negative.values()) {
        n += c;
      }
      if (n == 0) {
        return null;
      }
      long rank = (long) Math.floor(q * (n - 1));
      long seen = 0;
      for (Map.Entry<Long, Long> e : negative.descendingMap().entrySet()) { // most negative first
        seen += e.getValue();
        if (seen > rank) {
          return -value(e.getKey());
        }
      }
      seen += zeros;
      if (seen > rank) {
        return 0.0;
      }
      for (Map.Entry<Long, Long> e : positive.entrySet()) {
        seen += e.getValue();
        if (seen > rank) {
          return value(e.getKey());
        }
      }
      throw new AssertionError("rank " + rank + " beyond " + n);
    }

    private static double value(long bucket) {
      return 2 * Math.pow(GAMMA, bucket) / (GAMMA + 1);
    }
  }

  /** Row-at-a-time implementation over raw values (Calcite's reflective aggregate protocol). */
  public static final class Raw {
    /** A fresh sketch. */
    public Sketch init() {
      return new Sketch();
    }

    /** Adds one value. */
    public Sketch add(Sketch s, Number x, Number q) {
      s.setQ(q);
      if (x != null) {
        double v = x.doubleValue();
        s.add(v > 0 ? 1 : v < 0 ? -1 : 0, v == 0 ? null : bucket(v), 1);
      }
      return s;
    }

    /** Merges two sketches. */
    public Sketch merge(Sketch a, Sketch b) {
      return a.merge(b);
    }

    /** The quantile. */
    public Double result(Sketch s) {
      return s.quantile();
    }
  }

  /** The coordinator's merge of shard bucket counts (Calcite's reflective aggregate protocol). */
  public static final class Merge {
    /** A fresh sketch. */
    public Sketch init() {
      return new Sketch();
    }

    /** Adds one shard partial row: the sign of the values, their bucket, how many. */
    public Sketch add(Sketch s, Number sign, Number bucket, Number count, Number q) {
      s.setQ(q);
      if (sign != null && count != null) {
        s.add(sign.longValue(), bucket == null ? null : bucket.longValue(), count.longValue());
      }
      return s;
    }

    /** Merges two sketches. */
    public Sketch merge(Sketch a, Sketch b) {
      return a.merge(b);
    }

    /** The quantile. */
    public Double result(Sketch s) {
      return s.quantile();
    }
  }
}
