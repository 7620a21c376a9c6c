package io.sqlotel.planner.function;

import java.util.List;
import java.util.function.LongConsumer;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.impl.AggregateFunctionImpl;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlBasicAggFunction;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlUserDefinedAggFunction;
import org.apache.calcite.util.Optionality;

/**
 * Exact percentiles, the SQL standard's inverse distribution functions as PostgreSQL computes them:
 * {@code PERCENTILE_CONT(q) WITHIN GROUP (ORDER BY x [ASC|DESC])} and {@code PERCENTILE_DISC(q) ...}. NULL values of
 * x are ignored; a group without values gives NULL; {@code q} must be a numeric literal in [0, 1] (checked when the
 * query is validated).
 *
 * <ul>
 *   <li>{@code PERCENTILE_CONT}: with the n non-NULL values in the requested order and {@code pos = q·(n−1)}, the
 *   values {@code a, b} at 0-based ranks {@code floor(pos)} and {@code ceil(pos)} are interpolated linearly,
 *   {@code a + (b − a)·(pos − floor(pos))}, in double precision, and {@code a} itself when pos is a whole number
 *   (PostgreSQL's {@code percentile_cont(float8)}).
 *   The result is a DOUBLE.</li>
 *   <li>{@code PERCENTILE_DISC}: the first value, in the requested order, whose cumulative distribution is ≥ q: the
 *   value at 1-based row {@code max(1, ceil(q·n))}. The result has x's type.</li>
 * </ul>
 *
 * <p>Calcite's built-in operators type both results as x's type (an interpolated median of BIGINT would truncate)
 * and the Enumerable engine cannot run them; {@link #replaceOperators} replaces them with {@link #CONT} and
 * {@link #DISC} before validation. Execution always goes through the mergeable form: a multiset of {@code (value, count)} pairs per
 * group ({@link ValueCounts}), which each shard produces with {@code GROUP BY keys, x} and {@code COUNT(*)} and the
 * coordinator merges with {@link #MERGE_CONT} / {@link #MERGE_DISC} / {@link #MERGE_DISC_DOUBLE}
 * ({@code io.sqlotel.planner.rule.ExactPercentileSplitRule}).
 */
public final class ExactPercentile {
  private ExactPercentile() {}

  /** {@code PERCENTILE_CONT(q) WITHIN GROUP (ORDER BY x)}: DOUBLE, nullable. */
  public static final SqlAggFunction CONT = SqlBasicAggFunction.create("PERCENTILE_CONT", SqlKind.PERCENTILE_CONT,
          ReturnTypes.DOUBLE.andThen(SqlTypeTransforms.FORCE_NULLABLE), OperandTypes.UNIT_INTERVAL_NUMERIC_LITERAL)
      .withFunctionType(SqlFunctionCategory.SYSTEM)
      .withGroupOrder(Optionality.MANDATORY)
      .withPercentile(true)
      .withAllowsFraming(false);

  /** {@code PERCENTILE_DISC(q) WITHIN GROUP (ORDER BY x)}: x's type, nullable. */
  public static final SqlAggFunction DISC = SqlBasicAggFunction.create("PERCENTILE_DISC", SqlKind.PERCENTILE_DISC,
          b -> b.getTypeFactory().createTypeWithNullability(b.getCollationType(), true),
          OperandTypes.UNIT_INTERVAL_NUMERIC_LITERAL)
      .withFunctionType(SqlFunctionCategory.SYSTEM)
      .withGroupOrder(Optionality.MANDATORY)
      .withPercentile(true)
      .withAllowsFraming(false);

  /** The coordinator's merge for PERCENTILE_CONT: {@code $PERCENTILE_CONT_MERGE(value, count, q, descending)}. */
  public static final SqlUserDefinedAggFunction MERGE_CONT = merge("$PERCENTILE_CONT_MERGE", SqlTypeName.DOUBLE,
      ContMerge.class);

  /** The merge for PERCENTILE_DISC of integer values: {@code $PERCENTILE_DISC_MERGE(value, count, q, descending)}. */
  public static final SqlUserDefinedAggFunction MERGE_DISC = merge("$PERCENTILE_DISC_MERGE", SqlTypeName.BIGINT,
      DiscLongMerge.class);

  /** The merge for PERCENTILE_DISC of other numbers (as DOUBLE): {@code $PERCENTILE_DISC_MERGE_DOUBLE(...)}. */
  public static final SqlUserDefinedAggFunction MERGE_DISC_DOUBLE = merge("$PERCENTILE_DISC_MERGE_DOUBLE",
      SqlTypeName.DOUBLE, DiscDoubleMerge.class);

  private static SqlUserDefinedAggFunction merge(String name, SqlTypeName result, Class<?> impl) {
    return new SqlUserDefinedAggFunction(new SqlIdentifier(name, SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
        ReturnTypes.explicit(result).andThen(SqlTypeTransforms.FORCE_NULLABLE), InferTypes.FIRST_KNOWN,
        OperandTypes.operandMetadata(List.of(SqlTypeFamily.NUMERIC, SqlTypeFamily.NUMERIC, SqlTypeFamily.NUMERIC,
                SqlTypeFamily.BOOLEAN),
            f -> List.of(nullable(f, result), nullable(f, SqlTypeName.BIGINT), nullable(f, SqlTypeName.DOUBLE),
                nullable(f, SqlTypeName.BOOLEAN)),
            i -> List.of("value", "count", "q", "descending").get(i), i -> false),
        AggregateFunctionImpl.create(impl), false, false, Optionality.FORBIDDEN);
  }

  private static RelDataType nullable(RelDataTypeFactory f, SqlTypeName t) {
    return f.createTypeWithNullability(f.createSqlType(t), true);
  }

  /** Whether {@code op} is {@link #CONT} or {@link #DISC} (or Calcite's own operators of those kinds). */
  public static boolean isExact(SqlAggFunction op) {
    return op.getKind() == SqlKind.PERCENTILE_CONT || op.getKind() == SqlKind.PERCENTILE_DISC;
  }

  /** Whether {@code op} is one of the coordinator merges. */
  public static boolean isMerge(SqlAggFunction op) {
    return op == MERGE_CONT || op == MERGE_DISC || op == MERGE_DISC_DOUBLE;
  }

  /**
   * The merge for an exact percentile of kind {@code kind} over values of type {@code valueType}: CONT for any
   * number, DISC of an exact integer type as BIGINT, DISC of anything else numeric as DOUBLE.
   */
  public static SqlUserDefinedAggFunction mergeFor(SqlKind kind, RelDataType valueType) {
    if (kind == SqlKind.PERCENTILE_CONT) {
      return MERGE_CONT;
    }
    return SqlTypeUtil.isIntType(valueType) ? MERGE_DISC : MERGE_DISC_DOUBLE;
  }

  /**
   * Replaces Calcite's built-in {@code PERCENTILE_CONT} / {@code PERCENTILE_DISC} (which its parser binds directly,
   * without the operator table) by {@link #CONT} / {@link #DISC} in a parsed, not yet validated, statement.
   */
  public static void replaceOperators(SqlNode parsed) {
    parsed.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlCall call) {
        if (call instanceof SqlBasicCall b && b.getOperator() instanceof SqlAggFunction f && isExact(f)) {
          b.setOperator(f.getKind() == SqlKind.PERCENTILE_CONT ? CONT : DISC);
        }
        return super.visit(call);
      }
    });
  }

  /**
   * A group's values as a multiset: distinct values with their counts, merged from any number of partial
   * multisets. Values are stored as longs; DOUBLE values as their order-preserving bit pattern
   * ({@link #doubleKey}), so one sort serves both.
   */
  public static final class ValueCounts {
    /** The estimated bytes of the object and its two array headers (64-bit JVM, compressed references). */
    private static final long OVERHEAD_BYTES = 72;

    private final boolean doubles;
    private final LongConsumer charge;
    private long[] keys = new long[8];
    private long[] counts = new long[8];
    private int size;
    private boolean sorted = true;
    private double q = Double.NaN;
    private boolean descending;

    /** An empty multiset of longs, or of doubles if {@code doubles}. */
    public ValueCounts(boolean doubles) {
      this(doubles, bytes -> { });
    }

    /**
     * An empty multiset whose growth is announced: before its arrays grow, {@code charge} receives the bytes the
     * growth adds to {@link #heapBytes()}. It may throw (e.g. when a memory limit is reached) to refuse the growth:
     * the exception passes through the add that needed it, which then left the multiset unchanged.
     */
    public ValueCounts(boolean doubles, LongConsumer charge) {
      this.doubles = doubles;
      this.charge = charge;
    }

    /**
     * The heap memory this multiset holds, bytes: an estimate of its object and arrays (16 bytes per slot, the
     * arrays growing by doubling as values arrive; a value equal to the previous one shares its slot).
     */
    public long heapBytes() {
      return OVERHEAD_BYTES + 16L * keys.length;
    }

    /** The fraction and order (from the literal arguments), checked: q in [0, 1]. */
    public void setFraction(double fraction, boolean desc) {
      if (!(fraction >= 0 && fraction <= 1)) {
        throw new IllegalArgumentException("PERCENTILE: the fraction must be between 0 and 1, not " + fraction);
      }
      q = fraction;
      descending = desc;
    }

    /** Adds {@code count} occurrences of the long value {@code v}. */
    public void addLong(long v, long count) {
      add(v, count);
    }

    /** Adds {@code count} occurrences of the double value {@code v}. */
    public void addDouble(double v, long count) {
      add(doubleKey(v), count);
    }

    private void add(long key, long count) {
      if (count <= 0) {
        return;
      }
      if (size == keys.length) {
        charge.accept(16L * size); // two long arrays of twice the size
        keys = java.util.Arrays.copyOf(keys, size * 2);
        counts = java.util.Arrays.copyOf(counts, size * 2);
      }
      if (size > 0 && sorted && keys[size - 1] >= key) {
        if (keys[size - 1] == key) {
          counts[size - 1] += count;
          return;
        }
        sorted = false;
      }
      keys[size] = key;
      counts[size++] = count;
    }

    /** Adds every value of {@code other} (same kind); takes its fraction if this has none. */
    public ValueCounts merge(ValueCounts other) {
      for (int i = 0; i < other.size; i++) {
        add(other.keys[i], other.counts[i]);
      }
      if (Double.isNaN(q)) {
        q = other.q;
        descending = other.descending;
      }
      return this;
    }

    /** The number of values (with repetitions). */
    public long total() {
      long n = 0;
      for (int i = 0; i < size; i++) {
        n += counts[i];
      }
      return n;
    }

    /**
     * PERCENTILE_CONT of the values, or null if there are none.
     *
     * @throws IllegalStateException if values were added but no fraction was set
     */
    public Double cont() {
      long n = prepare();
      if (n == 0) {
        return null;
      }
      checkFraction();
      double pos = q * (n - 1);
      long lo = (long) Math.floor(pos);
      long hi = (long) Math.ceil(pos);
      double a = valueAt(lo, n);
      if (hi == lo) {
        return a; // as PostgreSQL: no interpolation at an exact rank (an infinite value stays infinite)
      }
      double b = valueAt(hi, n);
      return a + (b - a) * (pos - lo);
    }

    /** PERCENTILE_DISC's value as stored (a long, or a {@link #doubleKey}), or null if there are none. */
    public Long discKey() {
      long n = prepare();
      if (n == 0) {
        return null;
      }
      checkFraction();
      long row = Math.max(1, (long) Math.ceil(q * n)); // 1-based, in the requested order
      return keyAt(Math.min(row, n) - 1, n);
    }

    /** PERCENTILE_DISC of long values, or null. */
    public Long discLong() {
      return discKey();
    }

    /** PERCENTILE_DISC of double values, or null. */
    public Double discDouble() {
      Long k = discKey();
      return k == null ? null : fromDoubleKey(k);
    }

    private double valueAt(long rank, long n) {
      long k = keyAt(rank, n);
      return doubles ? fromDoubleKey(k) : (double) k;
    }

    /** The key at 0-based {@code rank} in the requested order. */
    private long keyAt(long rank, long n) {
      long ascending = descending ? n - 1 - rank : rank;
      long seen = 0;
      for (int i = 0; i < size; i++) {
        seen += counts[i];
        if (seen > ascending) {
          return keys[i];
        }
      }
      throw new AssertionError("rank " + rank + " beyond " + n);
    }

    private void checkFraction() {
      if (Double.isNaN(q)) {
        throw new IllegalStateException("PERCENTILE: values without a fraction");
      }
    }

    /** Sorts and combines equal keys; the total count. */
    private long prepare() {
      if (!sorted) {
        sortPairs(keys, counts, 0, size - 1);
        int w = 0;
        for (int r = 0; r < size; r++) {
          if (w > 0 && keys[w - 1] == keys[r]) {
            counts[w - 1] += counts[r];
          } else {
            keys[w] = keys[r];
            counts[w++] = counts[r];
          }
        }
        size = w;
        sorted = true;
      }
      return total();
    }

    /** Quicksort of {@code keys[lo..hi]}, moving {@code counts} along. */
    private static void sortPairs(long[] keys, long[] counts, int lo, int hi) {
      while (lo < hi) {
        if (hi - lo < 16) {
          for (int i = lo + 1; i <= hi; i++) {
            long k = keys[i];
            long c = counts[i];
            int j = i - 1;
            while (j >= lo && keys[j] > k) {
              keys[j + 1] = keys[j];
              counts[j + 1] = counts[j];
              j--;
            }
            keys[j + 1] = k;
            counts[j + 1] = c;
          }
          return;
        }
        long pivot = keys[(lo + hi) >>> 1];
        int i = lo;
        int j = hi;
        while (i <= j) {
          while (keys[i] < pivot) {
            i++;
          }
          while (keys[j] > pivot) {
            j--;
          }
          if (i <= j) {
            long k = keys[i];
            keys[i] = keys[j];
            keys[j] = k;
            long c = counts[i];
            counts[i] = counts[j];
            counts[j] = c;
            i++;
            j--;
          }
        }
        if (j - lo < hi - i) { // recurse into the smaller part
          sortPairs(keys, counts, lo, j);
          lo = i;
        } else {
          sortPairs(keys, counts, i, hi);
          hi = j;
        }
      }
    }
  }

  /** A long whose signed order is the numeric order of doubles ({@code -0.0} and {@code 0.0} both map to 0). */
  public static long doubleKey(double v) {
    if (v == 0) {
      return 0; // -0.0 equals 0.0
    }
    long bits = Double.doubleToLongBits(v);
    return bits ^ ((bits >> 63) & Long.MAX_VALUE);
  }

  /** The inverse of {@link #doubleKey}. */
  public static double fromDoubleKey(long key) {
    return Double.longBitsToDouble(key ^ ((key >> 63) & Long.MAX_VALUE));
  }

  private static ValueCounts add(ValueCounts s, Number value, Number count, Number q, Boolean descending) {
    if (q != null) {
      s.setFraction(q.doubleValue(), Boolean.TRUE.equals(descending));
    }
    if (value != null && count != null) {
      if (s.doubles) {
        s.addDouble(value.doubleValue(), count.longValue());
      } else {
        s.addLong(value.longValue(), count.longValue());
      }
    }
    return s;
  }

  /** Row-at-a-time {@link #MERGE_CONT} (Calcite's reflective aggregate protocol). */
  public static final class ContMerge {
    /** A fresh multiset. */
    public ValueCounts init() {
      return new ValueCounts(true);
    }

    /** Adds {@code count} occurrences of {@code value}. */
    public ValueCounts add(ValueCounts s, Number value, Number count, Number q, Boolean descending) {
      return ExactPercentile.add(s, value, count, q, descending);
    }

    /** Merges two multisets. */
    public ValueCounts merge(ValueCounts a, ValueCounts b) {
      return a.merge(b);
    }

    /** The interpolated percentile. */
    public Double result(ValueCounts s) {
      return s.cont();
    }
  }

  /** Row-at-a-time {@link #MERGE_DISC}. */
  public static final class DiscLongMerge {
    /** A fresh multiset. */
    public ValueCounts init() {
      return new ValueCounts(false);
    }

    /** Adds {@code count} occurrences of {@code value}. */
    public ValueCounts add(ValueCounts s, Number value, Number count, Number q, Boolean descending) {
      return ExactPercentile.add(s, value, count, q, descending);
    }

    /** Merges two multisets. */
    public ValueCounts merge(ValueCounts a, ValueCounts b) {
      return a.merge(b);
    }

    /** The discrete percentile. */
    public Long result(ValueCounts s) {
      return s.discLong();
    }
  }

  /** Row-at-a-time {@link #MERGE_DISC_DOUBLE}. */
  public static final class DiscDoubleMerge {
    /** A fresh multiset. */
    public ValueCounts init() {
      return new ValueCounts(true);
    }

    /** Adds {@code count} occurrences of {@code value}. */
    public ValueCounts add(ValueCounts s, Number value, Number count, Number q, Boolean descending) {
      return ExactPercentile.add(s, value, count, q, descending);
    }

    /** Merges two multisets. */
    public ValueCounts merge(ValueCounts a, ValueCounts b) {
      return a.merge(b);
    }

    /** The discrete percentile. */
    public Double result(ValueCounts s) {
      return s.discDouble();
    }
  }
}
