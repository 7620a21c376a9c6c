package io.sqlotel.coordinator.columnar;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.rel.type.RelDataType;

/** {@code COALESCE(a, b, ...)}: each operand is evaluated only on the rows where all earlier ones were NULL. */
final class CoalesceExpr extends ExprNode {
  private final List<VectorExpression> operands;

  /** The COALESCE; every operand has this node's Arrow type. */
  CoalesceExpr(List<VectorExpression> operands, RelDataType type) {
    super(type);
    this.operands = List.copyOf(operands);
  }

  @Override
  public FieldVector evaluate(VectorSchemaRoot batch, int[] rows, int count, BufferAllocator allocator) {
    int[] pending = new int[count];
    for (int k = 0; k < count; k++) {
      pending[k] = k;
    }
    int pendingCount = count;
    try (Assembler result = new Assembler(count)) {
      for (int i = 0; i < operands.size() && pendingCount > 0; i++) {
        int[] subRows = pendingCount == count ? rows : subRows(rows, pending, pendingCount);
        FieldVector v = operands.get(i).evaluate(batch, subRows, pendingCount, allocator);
        int part = result.add(v);
        int still = 0;
        for (int j = 0; j < pendingCount; j++) {
          if (v.isNull(j)) {
            pending[still++] = pending[j];
          } else {
            result.assign(pending[j], part, j);
          }
        }
        pendingCount = still;
      }
      FieldVector out = allocate(allocator, count);
      try {
        result.copyInto(out);
        return out;
      } catch (RuntimeException | Error e) {
        Batches.closeQuietly(out, e);
        throw e;
      }
    }
  }
}
