package io.sqlotel.coordinator.columnar;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** An operator over a fixed list of batches it owns (tests, already materialized data). */
final class ListOperator implements BatchOperator {
  private final Schema schema;
  private final Deque<VectorSchemaRoot> pending;

  /**
   * Takes ownership of {@code batches}.
   *
   * @throws IllegalArgumentException if a batch's column types differ from {@code schema} (all batches are closed)
   */
  ListOperator(Schema schema, List<VectorSchemaRoot> batches) {
    requireNonNull(batches, "batches is null");
    try {
      this.schema = requireNonNull(schema, "schema is null");
      for (VectorSchemaRoot b : batches) {
        requireNonNull(b, "batch is null");
        if (!Batches.sameTypes(b.getSchema(), schema)) {
          throw new IllegalArgumentException("batch schema " + b.getSchema() + " does not match " + schema);
        }
      }
    } catch (RuntimeException | Error e) {
      Batches.closeAll(batches, e);
      throw e;
    }
    this.pending = new ArrayDeque<>(new ArrayList<>(batches));
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public VectorSchemaRoot next() {
    while (!pending.isEmpty()) {
      VectorSchemaRoot b = pending.poll();
      if (b.getRowCount() > 0) {
        return b;
      }
      b.close();
    }
    return null;
  }

  @Override
  public void close() {
    List<VectorSchemaRoot> rest = new ArrayList<>(pending);
    pending.clear();
    Batches.closeAll(rest);
  }
}
