package io.sqlotel.coordinator.columnar;

import static java.util.Objects.requireNonNull;

import io.sqlotel.coordinator.ResultStream;
import io.sqlotel.coordinator.exec.QueryContext;
import io.sqlotel.shard.client.ShardBatch;
import io.sqlotel.shard.client.ShardBatchStream;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** Small adapters around {@link BatchOperator}: fixed batches, batch sources (shard streams), result streams. */
public final class BatchOperators {
  private BatchOperators() {}

  /** Anything that yields owned batches one at a time, e.g. a shard stream; adapted by {@link #fromSource}. */
  public interface Source extends AutoCloseable {
    /**
     * The next batch (the caller owns it) or {@code null} at the end.
     *
     * @throws InterruptedException if interrupted while waiting for a batch
     */
    VectorSchemaRoot next() throws InterruptedException;

    /** Releases the source (cancels what is in flight, frees queued batches). Idempotent. */
    @Override
    void close();
  }

  /**
   * An operator returning {@code batches} in order (empty ones skipped); it takes ownership of all of them and closes
   * those not returned when closed.
   *
   * @throws IllegalArgumentException if a batch's column types differ from {@code schema} (all batches are closed)
   */
  public static BatchOperator of(Schema schema, List<VectorSchemaRoot> batches) {
    return new ListOperator(schema, batches);
  }

  /**
   * An operator over {@code source}; each batch is returned under {@code schema} (vectors moved without copying when
   * only names or nullability differ), empty batches are skipped.
   */
  public static BatchOperator fromSource(Schema schema, Source source, BufferAllocator allocator) {
    return new SourceOperator(schema, source, allocator);
  }

  /**
   * A {@link Source} over a shard stream: the batches of all shards in arrival order. A shard failure surfaces from
   * {@code next()} as the stream's {@code ShardException}; closing the source closes (cancels) the stream.
   */
  public static Source source(ShardBatchStream stream) {
    requireNonNull(stream, "stream is null");
    return new Source() {
      @Override
      public VectorSchemaRoot next() throws InterruptedException {
        ShardBatch batch = stream.next();
        return batch == null ? null : batch.root(); // the root carries the ownership; the record is only a holder
      }

      @Override
      public void close() {
        stream.close();
      }
    };
  }

  /** An operator over a shard stream; shorthand for {@code fromSource(schema, source(stream), allocator)}. */
  public static BatchOperator fromShards(Schema schema, ShardBatchStream stream, BufferAllocator allocator) {
    return fromSource(schema, source(stream), allocator);
  }

  /**
   * A query result stream reading {@code operator}; see {@link OperatorResultStream}.
   *
   * @param onCancel run by {@code cancel()} from any thread (e.g. closing the shard streams, which is thread-safe)
   */
  public static ResultStream toResultStream(BatchOperator operator, Schema resultSchema, QueryContext ctx,
      Runnable onCancel) {
    return new OperatorResultStream(operator, resultSchema, ctx, onCancel);
  }
}
