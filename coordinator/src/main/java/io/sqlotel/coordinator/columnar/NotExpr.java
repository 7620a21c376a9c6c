package io.sqlotel.coordinator.columnar;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.rel.type.RelDataType;

/** NOT with three-valued logic: NOT NULL is NULL. */
final class NotExpr extends ExprNode {
  private final VectorExpression operand;

  /** {@code NOT operand} for a BOOLEAN operand. */
  NotExpr(VectorExpression operand, RelDataType type) {
    super(type);
    this.operand = operand;
  }

  @Override
  public FieldVector evaluate(VectorSchemaRoot batch, int[] rows, int count, BufferAllocator allocator) {
    try (BitVector a = (BitVector) operand.evaluate(batch, rows, count, allocator)) {
      BitVector out = (BitVector) allocate(allocator, count);
      try {
        for (int k = 0; k < count; k++) {
          if (!a.isNull(k)) {
            out.set(k, 1 - a.get(k));
          }
        }
        out.setValueCount(count);
        return out;
      } catch (RuntimeException | Error e) {
        Batches.closeQuietly(out, e);
        throw e;
      }
    }
  }
}
