package io.sqlotel.coordinator.columnar;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.rel.type.RelDataType;

/**
 * {@code CASE WHEN c1 THEN v1 ... ELSE e END}: each condition is evaluated only on the rows no earlier condition
 * took, and each value only on the rows its condition took (a NULL condition counts as not true).
 */
final class CaseExpr extends ExprNode {
  private final List<VectorExpression> conditions;
  private final List<VectorExpression> values;
  private final VectorExpression otherwise;

  /** The CASE; every value and {@code otherwise} has this node's Arrow type. */
  CaseExpr(List<VectorExpression> conditions, List<VectorExpression> values, VectorExpression otherwise,
      RelDataType type) {
    super(type);
    this.conditions = List.copyOf(conditions);
    this.values = List.copyOf(values);
    this.otherwise = otherwise;
  }

  @Override
  public FieldVector evaluate(VectorSchemaRoot batch, int[] rows, int count, BufferAllocator allocator) {
    int[] pending = new int[count];
    for (int k = 0; k < count; k++) {
      pending[k] = k;
    }
    int pendingCount = count;
    try (Assembler result = new Assembler(count)) {
      for (int w = 0; w < conditions.size() && pendingCount > 0; w++) {
        int[] subRows = pendingCount == count ? rows : subRows(rows, pending, pendingCount);
        int[] taken = new int[pendingCount];
        int takenCount = 0;
        int still = 0;
        try (BitVector c = (BitVector) conditions.get(w).evaluate(batch, subRows, pendingCount, allocator)) {
          for (int j = 0; j < pendingCount; j++) {
            if (!c.isNull(j) && c.get(j) == 1) {
              taken[takenCount++] = pending[j];
            } else {
              pending[still++] = pending[j];
            }
          }
        }
        pendingCount = still;
        if (takenCount > 0) {
          assign(result, values.get(w), batch, rows, taken, takenCount, count, allocator);
        }
      }
      if (pendingCount > 0) {
        assign(result, otherwise, batch, rows, pending, pendingCount, count, allocator);
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

  /** Evaluates {@code value} on the selection positions {@code positions[0, n)} and assigns them. */
  static void assign(Assembler result, VectorExpression value, VectorSchemaRoot batch, int[] rows, int[] positions,
      int n, int count, BufferAllocator allocator) {
    int[] subRows = n == count ? rows : subRows(rows, positions, n);
    int part = result.add(value.evaluate(batch, subRows, n, allocator));
    for (int j = 0; j < n; j++) {
      result.assign(positions[j], part, j);
    }
  }
}
