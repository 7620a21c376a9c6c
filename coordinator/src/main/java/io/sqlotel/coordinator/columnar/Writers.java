package io.sqlotel.coordinator.columnar;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;

/** Typed setters for output vectors, chosen once per vector; they grow the vector as needed. */
final class Writers {
  private Writers() {}

  /** Sets row {@code i} from a long. */
  @FunctionalInterface
  interface LongSetter {
    /**
     * Sets the value of row {@code i}.
     *
     * @throws ArithmeticException if it does not fit the vector's type
     */
    void set(int i, long value);
  }

  /**
   * Long setter for BIGINT, INTEGER (overflow: {@link ArithmeticException}), TIMESTAMP and BOOLEAN vectors.
   *
   * @throws IllegalArgumentException for other vectors
   */
  static LongSetter longs(FieldVector v) {
    if (v instanceof BigIntVector b) {
      return b::setSafe;
    } else if (v instanceof IntVector b) {
      return (i, x) -> b.setSafe(i, Math.toIntExact(x));
    } else if (v instanceof TimeStampVector b) {
      return b::setSafe;
    } else if (v instanceof BitVector b) {
      return (i, x) -> b.setSafe(i, x != 0 ? 1 : 0);
    }
    throw new IllegalArgumentException("not an integer vector: " + v.getField());
  }

  /**
   * Sets row {@code i} of a DECIMAL vector to {@code value} at the vector's scale (rounded half up).
   *
   * @throws ArithmeticException if the value has more digits than the vector's precision allows
   */
  static void setDecimal(DecimalVector v, int i, BigDecimal value) {
    BigDecimal scaled = value.setScale(v.getScale(), RoundingMode.HALF_UP);
    if (scaled.precision() > v.getPrecision() && scaled.signum() != 0) {
      throw new ArithmeticException("decimal value " + scaled + " exceeds DECIMAL(" + v.getPrecision() + ", "
          + v.getScale() + ")");
    }
    v.setSafe(i, scaled);
  }
}
