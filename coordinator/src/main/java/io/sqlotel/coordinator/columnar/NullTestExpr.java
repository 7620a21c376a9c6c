package io.sqlotel.coordinator.columnar;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.rel.type.RelDataType;

/** IS [NOT] NULL of any operand, IS [NOT] TRUE / IS [NOT] FALSE of a BOOLEAN; never NULL. */
final class NullTestExpr extends ExprNode {
  /** The tests. */
  enum Test { IS_NULL, IS_NOT_NULL, IS_TRUE, IS_NOT_TRUE, IS_FALSE, IS_NOT_FALSE }

  private final Test test;
  private final VectorExpression operand;

  /** {@code operand test}. */
  NullTestExpr(Test test, VectorExpression operand, RelDataType type) {
    super(type);
    this.test = test;
    this.operand = operand;
  }

  @Override
  public FieldVector evaluate(VectorSchemaRoot batch, int[] rows, int count, BufferAllocator allocator) {
    try (FieldVector a = operand.evaluate(batch, rows, count, allocator)) {
      BitVector out = (BitVector) allocate(allocator, count);
      try {
        for (int k = 0; k < count; k++) {
          boolean isNull = a.isNull(k);
          boolean r = switch (test) {
            case IS_NULL -> isNull;
            case IS_NOT_NULL -> !isNull;
            case IS_TRUE -> !isNull && ((BitVector) a).get(k) == 1;
            case IS_NOT_TRUE -> isNull || ((BitVector) a).get(k) == 0;
            case IS_FALSE -> !isNull && ((BitVector) a).get(k) == 0;
            case IS_NOT_FALSE -> isNull || ((BitVector) a).get(k) == 1;
          };
          out.set(k, r ? 1 : 0);
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
