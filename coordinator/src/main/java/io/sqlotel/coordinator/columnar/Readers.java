package io.sqlotel.coordinator.columnar;

import java.math.BigDecimal;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;

/**
 * Typed views of a vector's non-null values in one numeric domain, chosen once per vector so the per-row loops do
 * not test the vector type. Callers check {@code isNull} first.
 */
final class Readers {
  private Readers() {}

  /** Reads row {@code i} as a long. */
  @FunctionalInterface
  interface LongGetter {
    /** The value of row {@code i}. */
    long get(int i);
  }

  /** Reads row {@code i} as a double. */
  @FunctionalInterface
  interface DoubleGetter {
    /** The value of row {@code i}. */
    double get(int i);
  }

  /** Reads row {@code i} as a BigDecimal. */
  @FunctionalInterface
  interface DecimalGetter {
    /** The value of row {@code i}. */
    BigDecimal get(int i);
  }

  /** Whether {@link #longs} accepts {@code v}. */
  static boolean isLongLike(FieldVector v) {
    return v instanceof BigIntVector || v instanceof IntVector || v instanceof TimeStampVector
        || v instanceof BitVector;
  }

  /**
   * BIGINT, INTEGER, TIMESTAMP (nanoseconds) and BOOLEAN (0/1) vectors as longs.
   *
   * @throws IllegalArgumentException for other vectors
   */
  static LongGetter longs(FieldVector v) {
    if (v instanceof BigIntVector b) {
      return b::get;
    } else if (v instanceof IntVector b) {
      return b::get;
    } else if (v instanceof TimeStampVector b) {
      return b::get;
    } else if (v instanceof BitVector b) {
      return b::get;
    }
    throw new IllegalArgumentException("not an integer vector: " + v.getField());
  }

  /**
   * Numeric vectors (DOUBLE, BIGINT, INTEGER, DECIMAL) as doubles.
   *
   * @throws IllegalArgumentException for other vectors
   */
  static DoubleGetter doubles(FieldVector v) {
    if (v instanceof Float8Vector b) {
      return b::get;
    } else if (v instanceof BigIntVector b) {
      return i -> (double) b.get(i);
    } else if (v instanceof IntVector b) {
      return b::get;
    } else if (v instanceof DecimalVector b) {
      return i -> b.getObject(i).doubleValue();
    }
    throw new IllegalArgumentException("not a numeric vector: " + v.getField());
  }

  /**
   * Exact numeric vectors (DECIMAL, BIGINT, INTEGER) as BigDecimals.
   *
   * @throws IllegalArgumentException for other vectors
   */
  static DecimalGetter decimals(FieldVector v) {
    if (v instanceof DecimalVector b) {
      return b::getObject;
    } else if (v instanceof BigIntVector b) {
      return i -> BigDecimal.valueOf(b.get(i));
    } else if (v instanceof IntVector b) {
      return i -> BigDecimal.valueOf(b.get(i));
    }
    throw new IllegalArgumentException("not an exact numeric vector: " + v.getField());
  }
}
