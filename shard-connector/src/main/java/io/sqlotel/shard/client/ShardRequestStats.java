package io.sqlotel.shard.client;

/**
 * What one shard request did.
 *
 * @param shardId the shard's id
 * @param sql the SQL that was sent
 * @param rowsReceived rows decoded from the answer (on failure: up to the failure; of the last attempt)
 * @param bytesReceived bytes of the response body read (of the last attempt)
 * @param shardRowsRead the shard's {@code meta.rows_read} (0 unless the answer completed)
 * @param shardDurationMs the shard's {@code meta.duration_ms}, milliseconds (0 unless the answer completed)
 * @param elapsedNanos nanoseconds from sending the request to its end, including time blocked because the consumer
 *     was slow and the waits between retries; 0 if the request was never sent
 * @param error null on success; otherwise the {@link ShardException} that ended the request
 * @param retries how many times the request was sent again after a transient failure (see {@link RetryPolicy})
 */
public record ShardRequestStats(String shardId, String sql, long rowsReceived, long bytesReceived,
    long shardRowsRead, double shardDurationMs, long elapsedNanos, Throwable error, int retries) {

  /** Statistics of a request that was sent once (no retry). */
  public ShardRequestStats(String shardId, String sql, long rowsReceived, long bytesReceived, long shardRowsRead,
      double shardDurationMs, long elapsedNanos, Throwable error) {
    this(shardId, sql, rowsReceived, bytesReceived, shardRowsRead, shardDurationMs, elapsedNanos, error, 0);
  }
}
