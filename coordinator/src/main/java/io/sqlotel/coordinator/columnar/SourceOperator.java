package io.sqlotel.coordinator.columnar;

import static java.util.Objects.requireNonNull;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** Adapts a {@link BatchOperators.Source} (a shard stream) to a {@link BatchOperator} of a declared schema. */
final class SourceOperator implements BatchOperator {
  private final Schema schema;
  private final BatchOperators.Source source;
  private final BufferAllocator allocator;
  private boolean closed;

  /** Wraps {@code source}, whose batches are moved under {@code schema}'s fields. */
  SourceOperator(Schema schema, BatchOperators.Source source, BufferAllocator allocator) {
    this.schema = requireNonNull(schema, "schema is null");
    this.source = requireNonNull(source, "source is null");
    this.allocator = requireNonNull(allocator, "allocator is null");
  }

  @Override
  public Schema schema() {
    return schema;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException wrapping the {@link InterruptedException} if interrupted (the interrupt flag is
   *     restored), or if a batch has other column types than the schema
   */
  @Override
  public VectorSchemaRoot next() {
    if (closed) {
      return null;
    }
    try {
      while (true) {
        VectorSchemaRoot b = source.next();
        if (b == null) {
          close(); // the end: release the source now, not when the consumer gets round to it
          return null;
        }
        if (b.getRowCount() == 0) {
          b.close();
          continue;
        }
        try {
          return Batches.conform(b, schema, allocator);
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException("source batch does not match the declared schema: " + e.getMessage(), e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while waiting for a batch", e);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      source.close();
    }
  }
}
