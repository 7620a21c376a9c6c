package io.sqlotel.coordinator.columnar;

import static java.util.Objects.requireNonNull;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Keeps the rows for which a BOOLEAN predicate is TRUE (not FALSE, not NULL). A batch whose rows all pass is returned
 * as is; otherwise the passing rows are copied into a new batch; batches with no passing row are skipped.
 */
public final class FilterOperator implements BatchOperator {
  private final BatchOperator input;
  private final VectorExpression predicate;
  private final BufferAllocator allocator;
  private boolean closed;

  /**
   * Creates the filter.
   *
   * @param input the rows to filter (owned by this operator from now on)
   * @param predicate a BOOLEAN expression over the input schema (see {@link VectorExpression#compile})
   * @throws IllegalArgumentException if the predicate is not BOOLEAN (the input is closed)
   */
  public FilterOperator(BatchOperator input, VectorExpression predicate, BufferAllocator allocator) {
    this.input = requireNonNull(input, "input is null");
    try {
      this.predicate = requireNonNull(predicate, "predicate is null");
      this.allocator = requireNonNull(allocator, "allocator is null");
      if (!(predicate.arrowType() instanceof ArrowType.Bool)) {
        throw new IllegalArgumentException("filter predicate must be BOOLEAN, not " + predicate.type());
      }
    } catch (RuntimeException | Error e) {
      Batches.closeQuietly(input, e);
      throw e;
    }
  }

  @Override
  public Schema schema() {
    return input.schema();
  }

  @Override
  public VectorSchemaRoot next() {
    if (closed) {
      return null;
    }
    try {
      VectorSchemaRoot b;
      while ((b = input.next()) != null) {
        VectorSchemaRoot out = filter(b);
        if (out != null) {
          return out;
        }
      }
      close();
      return null;
    } catch (RuntimeException | Error e) {
      Batches.closeQuietly(this, e);
      throw e;
    }
  }

  /** The passing rows of {@code batch} (which this method consumes), or null if none pass. */
  private VectorSchemaRoot filter(VectorSchemaRoot batch) {
    try {
      int rows = batch.getRowCount();
      int[] keep = new int[rows];
      int n = 0;
      try (BitVector pass = (BitVector) predicate.evaluate(batch, allocator)) {
        for (int r = 0; r < rows; r++) {
          if (!pass.isNull(r) && pass.get(r) == 1) {
            keep[n++] = r;
          }
        }
      }
      if (n == rows && n > 0) {
        VectorSchemaRoot all = batch;
        batch = null; // ownership passes to the caller
        return all;
      }
      return n == 0 ? null : Batches.select(schema(), batch, keep, n, allocator);
    } finally {
      if (batch != null) {
        batch.close();
      }
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
