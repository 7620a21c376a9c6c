package io.sqlotel.coordinator;

import static java.util.Objects.requireNonNull;

import io.sqlotel.shard.client.RetryPolicy;
import java.time.Duration;

/**
 * Engine settings.
 *
 * @param maxShardsInFlightPerQuery the most shard requests one query has open at once (the shard client's
 *     {@code maxConcurrentRequests} caps all queries together)
 * @param batchRows the most rows in one Arrow record batch sent to clients
 * @param pushdown whether aggregates, sorts and limits may be pushed to shards at all (false: every query pulls
 *     filtered raw rows, as a naive federation does; for comparisons and benchmarks)
 * @param queryTimeout the longest a query may wait for its shards, from the start of its execution; past it the query
 *     fails with DEADLINE_EXCEEDED naming a shard it still waited for. A query may ask for less
 *     ({@link QueryOptions#timeout()}), never for more
 * @param retry which failed shard requests are sent again (transient failures before any row arrived), how often
 *     per request and per query, with which backoff
 * @param partialResults the default of {@link QueryOptions#partialResults()}: whether a query succeeds on the shards
 *     that answered when others are unavailable, too slow or answer garbage, reporting the failed ones
 * @param coverageCheck the default of {@link QueryOptions#coverageCheck()}: whether a query whose time range includes
 *     a gap of the catalog (a time no shard covers, between shards) fails with INVALID_ARGUMENT
 */
public record EngineConfig(int maxShardsInFlightPerQuery, int batchRows, boolean pushdown, Duration queryTimeout,
    RetryPolicy retry, boolean partialResults, boolean coverageCheck) {

  /** The default {@link #queryTimeout}: 5 minutes. */
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofMinutes(5);

  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException for counts below 1 or a non-positive timeout
   */
  public EngineConfig {
    requireNonNull(queryTimeout, "queryTimeout is null");
    requireNonNull(retry, "retry is null");
    if (maxShardsInFlightPerQuery < 1 || batchRows < 1) {
      throw new IllegalArgumentException("maxShardsInFlightPerQuery and batchRows must be at least 1");
    }
    if (queryTimeout.isNegative() || queryTimeout.isZero()) {
      throw new IllegalArgumentException("queryTimeout must be positive, got " + queryTimeout);
    }
  }

  /**
   * Settings with the default timeout, retries, no partial results and the coverage check on.
   *
   * @param maxShardsInFlightPerQuery the most shard requests one query has open at once
   * @param batchRows the most rows in one batch
   * @param pushdown whether pushdown is allowed
   */
  public EngineConfig(int maxShardsInFlightPerQuery, int batchRows, boolean pushdown) {
    this(maxShardsInFlightPerQuery, batchRows, pushdown, DEFAULT_QUERY_TIMEOUT, RetryPolicy.defaults(), false, true);
  }

  /**
   * 16 shards in flight per query, 4096-row batches, pushdown on, 5-minute query timeout, default retries
   * ({@link RetryPolicy#defaults()}), partial results off, coverage check on.
   */
  public static EngineConfig defaults() {
    return new EngineConfig(16, 4096, true);
  }

  /** A copy with pushdown on or off. */
  public EngineConfig withPushdown(boolean on) {
    return new EngineConfig(maxShardsInFlightPerQuery, batchRows, on, queryTimeout, retry, partialResults,
        coverageCheck);
  }

  /** A copy with another query timeout (positive). */
  public EngineConfig withQueryTimeout(Duration timeout) {
    return new EngineConfig(maxShardsInFlightPerQuery, batchRows, pushdown, timeout, retry, partialResults,
        coverageCheck);
  }

  /** A copy with another retry policy ({@link RetryPolicy#NONE} to never retry). */
  public EngineConfig withRetry(RetryPolicy policy) {
    return new EngineConfig(maxShardsInFlightPerQuery, batchRows, pushdown, queryTimeout, policy, partialResults,
        coverageCheck);
  }

  /** A copy whose queries return partial results by default (or not). */
  public EngineConfig withPartialResults(boolean on) {
    return new EngineConfig(maxShardsInFlightPerQuery, batchRows, pushdown, queryTimeout, retry, on, coverageCheck);
  }

  /** A copy with the coverage check on or off by default. */
  public EngineConfig withCoverageCheck(boolean on) {
    return new EngineConfig(maxShardsInFlightPerQuery, batchRows, pushdown, queryTimeout, retry, partialResults, on);
  }

  /** A copy with another per-query cap on shard requests in flight. */
  public EngineConfig withMaxShardsInFlightPerQuery(int max) {
    return new EngineConfig(max, batchRows, pushdown, queryTimeout, retry, partialResults, coverageCheck);
  }
}
