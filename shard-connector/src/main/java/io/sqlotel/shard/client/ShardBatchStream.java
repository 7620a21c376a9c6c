package io.sqlotel.shard.client;

/**
 * The merged answers of the requests of one {@link ShardClient#query} call, as Arrow batches in arrival order.
 * One consumer thread calls {@link #next()}; {@link #close()} may be called from any thread.
 */
public interface ShardBatchStream extends AutoCloseable {

  /**
   * Returns the next batch from any shard, blocking until one is ready. Batches of one shard keep their order.
   *
   * @return a batch the caller owns and must close, or null once every request has finished successfully
   * @throws ShardException naming the shard, on the first failed request (later calls throw it again; call
   *     {@link #close()} to cancel the other requests); with kind CANCELLED if the stream was closed
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  ShardBatch next() throws InterruptedException;

  /**
   * Cancels the requests in flight and those not yet sent, frees the batches not yet handed out, and waits (briefly)
   * until the worker threads have released their memory, so the allocator can be closed right after. Idempotent.
   */
  @Override
  void close();
}
