package io.sqlotel.coordinator.columnar;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Computes one output column per expression for each input batch. Column references share the input's buffers
 * (no copy); computed columns are new vectors.
 */
public final class ProjectOperator implements BatchOperator {
  private final BatchOperator input;
  private final List<VectorExpression> exprs;
  private final Schema outSchema;
  private final BufferAllocator allocator;
  private boolean closed;

  /**
   * Creates the projection.
   *
   * @param input the input rows (owned by this operator from now on)
   * @param exprs the expressions over the input schema, one per output column
   * @param outSchema the output schema; column {@code i} must have the Arrow type of {@code exprs.get(i)}
   * @throws IllegalArgumentException if the counts or types differ (the input is closed)
   */
  public ProjectOperator(BatchOperator input, List<VectorExpression> exprs, Schema outSchema,
      BufferAllocator allocator) {
    this.input = requireNonNull(input, "input is null");
    try {
      this.exprs = List.copyOf(requireNonNull(exprs, "exprs is null"));
      this.outSchema = requireNonNull(outSchema, "outSchema is null");
      this.allocator = requireNonNull(allocator, "allocator is null");
      if (outSchema.getFields().size() != this.exprs.size()) {
        throw new IllegalArgumentException("output schema has " + outSchema.getFields().size() + " columns for "
            + this.exprs.size() + " expressions");
      }
      for (int i = 0; i < this.exprs.size(); i++) {
        if (!this.exprs.get(i).arrowType().equals(outSchema.getFields().get(i).getType())) {
          throw new IllegalArgumentException("expression " + i + " has type " + this.exprs.get(i).arrowType()
              + " but output column " + outSchema.getFields().get(i).getName() + " is "
              + outSchema.getFields().get(i).getType());
        }
      }
    } catch (RuntimeException | Error e) {
      Batches.closeQuietly(input, e);
      throw e;
    }
  }

  @Override
  public Schema schema() {
    return outSchema;
  }

  @Override
  public VectorSchemaRoot next() {
    if (closed) {
      return null;
    }
    try {
      VectorSchemaRoot b = input.next();
      if (b == null) {
        close();
        return null;
      }
      try (VectorSchemaRoot batch = b) {
        int rows = batch.getRowCount();
        List<FieldVector> columns = new ArrayList<>(exprs.size());
        try {
          for (VectorExpression e : exprs) {
            columns.add(e.evaluate(batch, allocator));
          }
        } catch (RuntimeException | Error e) {
          Batches.closeAll(columns, e);
          throw e;
        }
        return Batches.root(outSchema, columns, rows, allocator);
      }
    } catch (RuntimeException | Error e) {
      Batches.closeQuietly(this, e);
      throw e;
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      input.close();
    }
  }
}
