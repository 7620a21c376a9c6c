package io.sqlotel.coordinator.columnar;

import static java.util.Objects.requireNonNull;

/**
 * One aggregate the {@link HashAggregateOperator} computes per group, merging partial results from the shards.
 *
 * @param kind the function
 * @param arg the input column index, or {@code -1} for {@code COUNT(*)}
 * @param nullableResult whether the result column may be NULL (informational: NULLs follow the SQL rules of the
 *     function, e.g. SUM of no non-NULL values is NULL, SUM0 is 0)
 */
public record AggCall(Kind kind, int arg, boolean nullableResult) {
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
    COUNT
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
