package io.sqlotel.shard.client;

/**
 * Receives the statistics of every shard request of a {@link ShardClient#query} call, exactly once per request,
 * whether it succeeded, failed or was cancelled. Called from the client's worker threads (and, for requests never
 * sent, from the thread that closes the stream), possibly concurrently: implementations must be thread-safe and
 * quick. An exception thrown by the listener is logged and ignored.
 */
@FunctionalInterface
public interface ShardRequestListener {

  /** A listener that ignores everything. */
  ShardRequestListener NONE = stats -> { };

  /**
   * Reports a finished request. For a successful request this happens before the stream reports its end.
   *
   * @param stats what the request did; never null
   */
  void onComplete(ShardRequestStats stats);
}
