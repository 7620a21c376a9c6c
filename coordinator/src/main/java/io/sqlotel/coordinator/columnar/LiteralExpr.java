package io.sqlotel.coordinator.columnar;

import java.math.BigDecimal;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A constant repeated on every row. The value is a Long (BIGINT, INTEGER, TIMESTAMP nanoseconds), Double, BigDecimal,
 * Boolean, byte[] (UTF-8 text or binary), or null.
 */
final class LiteralExpr extends ExprNode {
  private final Object value;

  /** A constant of {@code type}; {@code value} must be of the Java class the type's vector takes. */
  LiteralExpr(RelDataType type, Object value) {
    super(type);
    this.value = value;
  }

  /** The constant (null for NULL). */
  Object value() {
    return value;
  }

  @Override
  public FieldVector evaluate(VectorSchemaRoot batch, int[] rows, int count, BufferAllocator allocator) {
    FieldVector out = allocate(allocator, count);
    try {
      if (value != null) {
        fill(out, count);
      }
      out.setValueCount(count);
      return out;
    } catch (RuntimeException | Error e) {
      Batches.closeQuietly(out, e);
      throw e;
    }
  }

  private void fill(FieldVector out, int count) {
    if (value instanceof Long l) {
      Writers.LongSetter set = Writers.longs(out);
      for (int k = 0; k < count; k++) {
        set.set(k, l);
      }
    } else if (value instanceof Double d) {
      Float8Vector v = (Float8Vector) out;
      for (int k = 0; k < count; k++) {
        v.setSafe(k, d);
      }
    } else if (value instanceof BigDecimal d) {
      DecimalVector v = (DecimalVector) out;
      for (int k = 0; k < count; k++) {
        Writers.setDecimal(v, k, d);
      }
    } else if (value instanceof Boolean b) {
      BitVector v = (BitVector) out;
      for (int k = 0; k < count; k++) {
        v.setSafe(k, b ? 1 : 0);
      }
    } else if (value instanceof byte[] bytes) {
      BaseVariableWidthVector v = (BaseVariableWidthVector) out;
      for (int k = 0; k < count; k++) {
        v.setSafe(k, bytes);
      }
    } else {
      throw new AssertionError("literal of class " + value.getClass());
    }
  }
}
