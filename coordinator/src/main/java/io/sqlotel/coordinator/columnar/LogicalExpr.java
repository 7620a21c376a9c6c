package io.sqlotel.coordinator.columnar;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.rel.type.RelDataType;

/**
 * AND / OR with SQL three-valued logic. Operands are evaluated left to right, each only on the rows not yet decided
 * (for AND: not yet FALSE; for OR: not yet TRUE), so a guard like {@code x <> 0 AND y / x > 1} protects the right side.
 */
final class LogicalExpr extends ExprNode {
  private final boolean and;
  private final List<VectorExpression> operands;

  /** {@code AND} (if {@code and}) or {@code OR} of two or more BOOLEAN operands. */
  LogicalExpr(boolean and, List<VectorExpression> operands, RelDataType type) {
    super(type);
    this.and = and;
    this.operands = List.copyOf(operands);
  }

  @Override
  public FieldVector evaluate(VectorSchemaRoot batch, int[] rows, int count, BufferAllocator allocator) {
    boolean[] sawNull = new boolean[count];
    int[] pending = new int[count]; // positions (into the selection) not yet decided
    for (int k = 0; k < count; k++) {
      pending[k] = k;
    }
    int pendingCount = count;
    BitVector out = (BitVector) allocate(allocator, count);
    try {
      int decisive = and ? 0 : 1; // FALSE decides an AND, TRUE an OR
      for (VectorExpression operand : operands) {
        if (pendingCount == 0) {
          break;
        }
        int[] subRows = pendingCount == count ? rows : subRows(rows, pending, pendingCount); // nothing decided yet: all
        try (BitVector v = (BitVector) operand.evaluate(batch, subRows, pendingCount, allocator)) {
          int still = 0;
          for (int j = 0; j < pendingCount; j++) {
            int pos = pending[j];
            if (v.isNull(j)) {
              sawNull[pos] = true;
              pending[still++] = pos;
            } else if (v.get(j) == decisive) {
              out.set(pos, decisive);
            } else {
              pending[still++] = pos;
            }
          }
          pendingCount = still;
        }
      }
      for (int j = 0; j < pendingCount; j++) {
        int pos = pending[j];
        if (!sawNull[pos]) {
          out.set(pos, 1 - decisive);
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
