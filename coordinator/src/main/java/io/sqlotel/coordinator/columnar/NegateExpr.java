package io.sqlotel.coordinator.columnar;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.rel.type.RelDataType;

/** Unary minus of a number; negating the smallest BIGINT throws {@link ArithmeticException}. */
final class NegateExpr extends ExprNode {
  private final ArithmeticExpr.Domain domain;
  private final VectorExpression operand;

  /** {@code -operand} in {@code domain}. */
  NegateExpr(ArithmeticExpr.Domain domain, VectorExpression operand, RelDataType type) {
    super(type);
    this.domain = domain;
    this.operand = operand;
  }

  @Override
  public FieldVector evaluate(VectorSchemaRoot batch, int[] rows, int count, BufferAllocator allocator) {
    try (FieldVector a = operand.evaluate(batch, rows, count, allocator)) {
      FieldVector out = allocate(allocator, count);
      try {
        switch (domain) {
          case LONG -> {
            Readers.LongGetter x = Readers.longs(a);
            Writers.LongSetter set = Writers.longs(out);
            for (int k = 0; k < count; k++) {
              if (!a.isNull(k)) {
                set.set(k, Math.negateExact(x.get(k)));
              }
            }
          }
          case DOUBLE -> {
            Readers.DoubleGetter x = Readers.doubles(a);
            for (int k = 0; k < count; k++) {
              if (!a.isNull(k)) {
                ((Float8Vector) out).set(k, -x.get(k));
              }
            }
          }
          case DECIMAL -> {
            Readers.DecimalGetter x = Readers.decimals(a);
            for (int k = 0; k < count; k++) {
              if (!a.isNull(k)) {
                Writers.setDecimal((DecimalVector) out, k, x.get(k).negate());
              }
            }
          }
          default -> throw new AssertionError(domain);
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
