package io.sqlotel.shard.client;

import static java.util.Objects.requireNonNull;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One Arrow batch from one shard. The receiver owns {@code root} and must close it (or this batch). Batches of one
 * shard arrive in that shard's row order.
 *
 * @param shardId the shard that sent the rows
 * @param root 1 to {@code batchRows} rows in the query's schema
 */
public record ShardBatch(String shardId, VectorSchemaRoot root) implements AutoCloseable {

  /**
   * Validates the batch.
   *
   * @throws NullPointerException if an argument is null
   */
  public ShardBatch {
    requireNonNull(shardId, "shardId is null");
    requireNonNull(root, "root is null");
  }

  /** Frees the batch's vectors. */
  @Override
  public void close() {
    root.close();
  }
}
