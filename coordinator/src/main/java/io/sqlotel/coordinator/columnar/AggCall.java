package io.sqlotel.coordinator.columnar;

import static java.util.Objects.requireNonNull;

/**
 * One aggregate the {@link HashAggregateOperator} computes per group, merging partial results from the shards.
 *
 * @param kind the function
 * @param arg the input column index, or {@code -1} for {@code COUNT(*)}; the value column for percentiles
 * @param nullableResult whether the result column may be NULL (informational: NULLs follow the SQL rules of the
 *     function, e.g. SUM of no non-NULL values is NULL, SUM0 is 0)
 * @param countArg for percentiles, the column holding how many times each row's value occurs; else {@code -1}
 * @param fraction for percentiles, the fraction q in [0, 1]; else NaN
 * @param descending for percentiles, whether the values are ordered descending ({@code ORDER BY x DESC})
 */
public record AggCall(Kind kind, int arg, boolean nullableResult, int countArg, double fraction, boolean descending) {
  /** The supported functions. */
  public enum Kind {
    /** Sum of the non-NULL inputs; NULL if there are none. Integer overflow throws {@link ArithmeticException}. */
    SUM,
    /** Calcite's {@code $SUM0}: like SUM but 0 if there are no non-NULL inputs. */
    SUM0,
    /** Smallest non-NULL input (text by UTF-8 bytes, unsigned: SQLite's BINARY collation). */
    MIN,
    /** Largest non-NULL input. */
    MAX,
    /** Number of non-NULL inputs, or of rows for {@code COUNT(*)} ({@code arg == -1}). */
    COUNT,
    /**
     * Exact {@code PERCENTILE_CONT} of the multiset given by (value, count) rows, NULL values ignored; a DOUBLE
     * (see {@code io.sqlotel.planner.function.ExactPercentile}).
     */
    PERCENTILE_CONT,
    /** Exact {@code PERCENTILE_DISC} of the (value, count) rows; BIGINT for integer values, else DOUBLE. */
    PERCENTILE_DISC
  }

  /** A SUM, SUM0, MIN, MAX or COUNT call. */
  public AggCall(Kind kind, int arg, boolean nullableResult) {
    this(kind, arg, nullableResult, -1, Double.NaN, false);
  }

  /**
   * A percentile merge call ({@link Kind#PERCENTILE_CONT} or {@link Kind#PERCENTILE_DISC}).
   *
   * @throws IllegalArgumentException if the fraction is outside [0, 1] or a column index is negative
   */
  public static AggCall percentile(Kind kind, int valueArg, int countArg, double fraction, boolean descending) {
    if (kind != Kind.PERCENTILE_CONT && kind != Kind.PERCENTILE_DISC) {
      throw new IllegalArgumentException("not a percentile: " + kind);
    }
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("the percentile fraction must be between 0 and 1, not " + fraction);
    }
    if (countArg < 0) {
      throw new IllegalArgumentException("a percentile needs a count column, got " + countArg);
    }
    return new AggCall(kind, valueArg, true, countArg, fraction, descending);
  }

  /**
   * Validates the call.
   *
   * @throws IllegalArgumentException if {@code arg < -1}, or {@code arg == -1} for anything but COUNT
   */
  public AggCall {
    requireNonNull(kind, "kind is null");
    if (arg < -1 || (arg == -1 && kind != Kind.COUNT)) {
      throw new IllegalArgumentException(kind + " needs an argument column, got " + arg);
    }
  }
}
