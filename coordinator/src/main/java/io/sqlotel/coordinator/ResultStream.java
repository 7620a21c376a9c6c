package io.sqlotel.coordinator;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The result of one executing query: Arrow record batches of {@link #schema()}, produced while shards still answer.
 *
 * <p>{@link #next()} blocks until a batch is ready and hands its ownership to the caller, who must close it.
 * {@link #close()} releases everything the query holds (in-flight shard requests included).
 */
public interface ResultStream extends AutoCloseable {
  /** The result schema; equal to the schema returned at prepare time. */
  Schema schema();

  /**
   * Returns the next batch (owned by the caller, at most a bounded number of rows) or {@code null} at the end.
   *
   * @throws QueryException if the query fails (a shard failure names the shard)
   */
  VectorSchemaRoot next();

  /**
   * The shards left out of the result so far because they failed while partial results were on (see
   * {@link QueryOptions#partialResults()}), in the order they failed; complete once {@link #next()} returned null.
   * Empty when every shard answered.
   */
  default java.util.List<ShardFailure> shardFailures() {
    return java.util.List.of();
  }

  /** Asks the query to stop; a concurrent {@link #next()} then fails with {@code CANCELLED}. */
  void cancel();

  @Override
  void close();
}
