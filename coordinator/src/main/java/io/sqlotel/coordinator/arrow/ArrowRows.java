package io.sqlotel.coordinator.arrow;

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.calcite.avatica.util.ByteString;

/**
 * Reads single values out of Arrow vectors in Calcite's internal representation (TIMESTAMP as Long milliseconds,
 * rounded down; VARBINARY as {@link ByteString}). Used only by the row-at-a-time fallback.
 */
public final class ArrowRows {
  private ArrowRows() {}

  /** The value at {@code i}, or null. */
  public static Object get(FieldVector v, int i) {
    if (v.isNull(i)) {
      return null;
    }
    if (v instanceof BigIntVector b) {
      return b.get(i);
    } else if (v instanceof IntVector b) {
      return b.get(i);
    } else if (v instanceof Float8Vector b) {
      return b.get(i);
    } else if (v instanceof BitVector b) {
      return b.get(i) != 0;
    } else if (v instanceof TimeStampNanoVector b) {
      return Math.floorDiv(b.get(i), 1_000_000L);
    } else if (v instanceof VarCharVector b) {
      return new String(b.get(i), java.nio.charset.StandardCharsets.UTF_8);
    } else if (v instanceof VarBinaryVector b) {
      return new ByteString(b.get(i));
    } else if (v instanceof DecimalVector b) {
      return b.getObject(i);
    }
    return v.getObject(i);
  }
}
