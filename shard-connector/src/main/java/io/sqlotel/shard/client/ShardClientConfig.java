package io.sqlotel.shard.client;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Settings of a {@link ShardClient}.
 *
 * @param maxConcurrentRequests the most shard requests in flight at once across all calls on the client, at least 1
 * @param connectTimeout the longest time to open a TCP connection to a shard; positive
 * @param requestTimeout the longest single wait for a shard: for the response headers, and then between two reads
 *     of the body (time spent waiting for a slow consumer does not count); positive
 * @param batchRows the most rows per Arrow batch, at least 1
 */
public record ShardClientConfig(int maxConcurrentRequests, Duration connectTimeout, Duration requestTimeout,
    int batchRows) {

  /**
   * Validates the settings.
   *
   * @throws NullPointerException if a duration is null
   * @throws IllegalArgumentException if a count is below 1 or a duration is not positive
   */
  public ShardClientConfig {
    requireNonNull(connectTimeout, "connectTimeout is null");
    requireNonNull(requestTimeout, "requestTimeout is null");
    if (maxConcurrentRequests < 1) {
      throw new IllegalArgumentException("maxConcurrentRequests must be at least 1, got " + maxConcurrentRequests);
    }
    if (batchRows < 1) {
      throw new IllegalArgumentException("batchRows must be at least 1, got " + batchRows);
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive, got " + connectTimeout);
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive, got " + requestTimeout);
    }
  }

  /** Returns the defaults: 64 concurrent requests, 5 s to connect, 60 s request timeout, 4096 rows per batch. */
  public static ShardClientConfig defaults() {
    return new ShardClientConfig(64, Duration.ofSeconds(5), Duration.ofSeconds(60), 4096);
  }
}
