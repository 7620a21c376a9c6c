package io.sqlotel.coordinator.columnar;

import java.math.BigDecimal;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Hashing and equality of one pair of equi-join key columns, whose types may differ. Values are compared in the
 * domain {@link ComparisonExpr} uses for {@code =}: columns of one type as {@link ValueOps}; INTEGER with BIGINT as
 * longs; numbers with a DOUBLE as doubles; other numbers with a DECIMAL exactly. The methods accept non-null values
 * of either column of the pair, so equal values hash alike whichever side they come from.
 */
abstract class JoinKey {
  /** A hash of the non-null value {@code v[i]}, consistent with {@link #equal} across both columns. */
  abstract int hash(FieldVector v, int i);

  /** Whether the non-null values {@code a[i]} and {@code b[j]} are equal. */
  abstract boolean equal(FieldVector a, int i, FieldVector b, int j);

  /**
   * The operations for a key pair of types {@code a} and {@code b}.
   *
   * @throws IllegalArgumentException if a type is not supported or the two cannot be compared
   */
  static JoinKey of(ArrowType a, ArrowType b) {
    ValueOps x = ValueOps.of(a);
    ValueOps y = ValueOps.of(b);
    if (x == y && a.getTypeID() == b.getTypeID()
        && (x != ValueOps.DECIMAL || ((ArrowType.Decimal) a).getScale() == ((ArrowType.Decimal) b).getScale())) {
      return new Same(x); // for DECIMAL: same scale, so equal values have equal unscaled 128-bit words
    }
    if (isExactInteger(x) && isExactInteger(y)) {
      return LONGS;
    }
    if (isNumeric(x) && isNumeric(y)) {
      return x == ValueOps.FLOAT8 || y == ValueOps.FLOAT8 ? DOUBLES : DECIMALS;
    }
    throw new IllegalArgumentException("cannot join a key of type " + a + " with one of type " + b);
  }

  private static boolean isExactInteger(ValueOps o) {
    return o == ValueOps.BIGINT || o == ValueOps.INT;
  }

  private static boolean isNumeric(ValueOps o) {
    return isExactInteger(o) || o == ValueOps.FLOAT8 || o == ValueOps.DECIMAL;
  }

  /** Both columns of one type. */
  private static final class Same extends JoinKey {
    private final ValueOps ops;

    Same(ValueOps ops) {
      this.ops = ops;
    }

    @Override
    int hash(FieldVector v, int i) {
      return ops.hash(v, i);
    }

    @Override
    boolean equal(FieldVector a, int i, FieldVector b, int j) {
      return ops.equal(a, i, b, j);
    }
  }

  /** INTEGER with BIGINT, by value. */
  private static final JoinKey LONGS = new JoinKey() {
    @Override
    int hash(FieldVector v, int i) {
      return ValueOps.mix(asLong(v, i));
    }

    @Override
    boolean equal(FieldVector a, int i, FieldVector b, int j) {
      return asLong(a, i) == asLong(b, j);
    }
  };

  /** A number with a DOUBLE, as doubles ({@code -0.0 = 0.0}). */
  private static final JoinKey DOUBLES = new JoinKey() {
    @Override
    int hash(FieldVector v, int i) {
      double d = asDouble(v, i);
      return ValueOps.mix(Double.doubleToLongBits(d == 0.0 ? 0.0 : d));
    }

    @Override
    boolean equal(FieldVector a, int i, FieldVector b, int j) {
      return ComparisonExpr.compareDoubles(asDouble(a, i), asDouble(b, j)) == 0;
    }
  };

  /** A DECIMAL with an integer or a DECIMAL of another scale, exactly (boxed; such pairs are rare). */
  private static final JoinKey DECIMALS = new JoinKey() {
    @Override
    int hash(FieldVector v, int i) {
      return asDecimal(v, i).stripTrailingZeros().hashCode(); // one representation per numeric value
    }

    @Override
    boolean equal(FieldVector a, int i, FieldVector b, int j) {
      return asDecimal(a, i).compareTo(asDecimal(b, j)) == 0;
    }
  };

  private static long asLong(FieldVector v, int i) {
    return v instanceof BigIntVector b ? b.get(i) : ((IntVector) v).get(i);
  }

  private static double asDouble(FieldVector v, int i) {
    if (v instanceof Float8Vector f) {
      return f.get(i);
    } else if (v instanceof DecimalVector d) {
      return d.getObject(i).doubleValue();
    }
    return asLong(v, i);
  }

  private static BigDecimal asDecimal(FieldVector v, int i) {
    return v instanceof DecimalVector d ? d.getObject(i) : BigDecimal.valueOf(asLong(v, i));
  }
}
