package io.sqlotel.coordinator.columnar;

import static java.util.Objects.requireNonNull;

import io.sqlotel.coordinator.arrow.ArrowTypes;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.rel.type.RelDataType;

/** The base of the compiled expression nodes: result type and result-vector allocation. */
abstract class ExprNode implements VectorExpression {
  private final RelDataType type;
  private final Field field;

  /** A node whose result has SQL type {@code type}. */
  ExprNode(RelDataType type) {
    this.type = requireNonNull(type, "type is null");
    this.field = ArrowTypes.field("expr", type);
  }

  @Override
  public final RelDataType type() {
    return type;
  }

  @Override
  public final ArrowType arrowType() {
    return field.getType();
  }

  /** A new result vector with room for {@code count} values, all NULL until set. */
  final FieldVector allocate(BufferAllocator allocator, int count) {
    return Batches.allocate(field, allocator, count);
  }

  /** The input row of element {@code k} of a selection. */
  static int row(int[] rows, int k) {
    return rows == null ? k : rows[k];
  }

  /** The input rows of the selection elements {@code positions[0, n)}. */
  static int[] subRows(int[] rows, int[] positions, int n) {
    int[] out = new int[n];
    for (int j = 0; j < n; j++) {
      out[j] = row(rows, positions[j]);
    }
    return out;
  }
}
