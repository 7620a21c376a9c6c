package io.sqlotel.coordinator.columnar;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;

/**
 * A scalar expression compiled from a Calcite {@link RexNode}, evaluated over a batch column by column into a new
 * vector. SQL semantics follow SQLite where they differ: integer division truncates toward zero, division by zero
 * gives NULL, text compares as UTF-8 bytes (unsigned); AND/OR use three-valued logic and, like CASE and COALESCE,
 * evaluate an operand only on the rows still undecided.
 */
public interface VectorExpression {
  /** The SQL type of the result. */
  RelDataType type();

  /** The Arrow type of the result vectors (from {@code ArrowTypes.arrowType(type())}). */
  ArrowType arrowType();

  /**
   * Evaluates the expression on rows {@code rows[0, count)} of {@code batch} (all rows {@code [0, count)} if
   * {@code rows} is null): element {@code k} of the result belongs to input row {@code rows[k]}.
   *
   * @return a new vector of {@code count} values, owned by the caller
   * @throws ArithmeticException on integer overflow (SUM-like arithmetic, narrowing casts)
   */
  FieldVector evaluate(VectorSchemaRoot batch, int[] rows, int count, BufferAllocator allocator);

  /** Evaluates the expression on every row of {@code batch}; the caller owns the returned vector. */
  default FieldVector evaluate(VectorSchemaRoot batch, BufferAllocator allocator) {
    return evaluate(batch, null, batch.getRowCount(), allocator);
  }

  /**
   * Compiles {@code e} over batches of {@code inputSchema}. Covered: input references, literals (numeric, string,
   * boolean, NULL, TIMESTAMP as nanoseconds), {@code + - * /} and {@code %} on integers, unary minus, comparisons,
   * IS [NOT] DISTINCT FROM, AND/OR/NOT, IS [NOT] NULL/TRUE/FALSE, CASE, COALESCE, CAST between
   * BIGINT/INTEGER/DOUBLE/DECIMAL and from numbers to VARCHAR, and SEARCH (IN lists, ranges).
   *
   * @throws UnsupportedOperationException for anything else (the caller then falls back to row-at-a-time execution)
   */
  static VectorExpression compile(RexNode e, Schema inputSchema) {
    return new ExpressionCompiler(inputSchema).compile(e);
  }
}
