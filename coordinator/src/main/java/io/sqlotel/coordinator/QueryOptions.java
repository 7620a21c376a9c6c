package io.sqlotel.coordinator;

import java.time.Duration;

/**
 * Per-query settings. The nullable fields default to the engine's {@link EngineConfig}.
 *
 * @param queryStartNanos the query's start time in nanoseconds since the epoch; {@code CURRENT_TIMESTAMP} folds to it
 * @param pushdown whether filters, projections, aggregates and sorts are pushed to the shards (false only for
 *     comparisons and benchmarks: raw rows are pulled and everything runs in the coordinator)
 * @param timeout how long this query may wait for its shards, from the start of its execution; null for the engine's
 *     {@link EngineConfig#queryTimeout()}; a longer value than the engine's is cut to the engine's
 * @param partialResults null for the engine's default; true: succeed on the shards that answered when others are
 *     unavailable, too slow or send bad answers (the result reports them, see {@link ResultStream#shardFailures()});
 *     the query still fails if every shard of a table fails, if a shard refuses the query, if a shard fails after
 *     some of its rows were used, or at the query deadline
 * @param coverageCheck null for the engine's default; false lets a query whose time range includes a gap of the
 *     catalog run anyway (its result then silently lacks that time)
 * @param shardIds null or empty: every shard the plan selects; otherwise run only on the selected shards with these
 *     ids (one part of a query split by {@link PreparedQuery#unorderedShards()}; the engine refuses a query that cannot
 *     be split, and a shard id that is no longer in the catalog)
 */
public record QueryOptions(long queryStartNanos, boolean pushdown, Duration timeout, Boolean partialResults,
    Boolean coverageCheck, java.util.List<String> shardIds) {

  /**
   * Validates the timeout.
   *
   * @throws IllegalArgumentException if {@code timeout} is not positive
   */
  public QueryOptions {
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    shardIds = shardIds == null || shardIds.isEmpty() ? null : java.util.List.copyOf(shardIds);
  }

  /** Options for every selected shard. */
  public QueryOptions(long queryStartNanos, boolean pushdown, Duration timeout, Boolean partialResults,
      Boolean coverageCheck) {
    this(queryStartNanos, pushdown, timeout, partialResults, coverageCheck, null);
  }

  /** Options with the engine's timeout, partial-results and coverage settings. */
  public QueryOptions(long queryStartNanos, boolean pushdown) {
    this(queryStartNanos, pushdown, null, null, null, null);
  }

  /** Options for a query that starts now, with pushdown on. */
  public static QueryOptions now() {
    java.time.Instant t = java.time.Instant.now();
    return new QueryOptions(t.getEpochSecond() * 1_000_000_000L + t.getNano(), true);
  }

  /** A copy with this query's own timeout (null: the engine's). */
  public QueryOptions withTimeout(Duration newTimeout) {
    return new QueryOptions(queryStartNanos, pushdown, newTimeout, partialResults, coverageCheck, shardIds);
  }

  /** A copy asking for partial results (or not; null: the engine's default). */
  public QueryOptions withPartialResults(Boolean on) {
    return new QueryOptions(queryStartNanos, pushdown, timeout, on, coverageCheck, shardIds);
  }

  /** A copy with the coverage check on or off (null: the engine's default). */
  public QueryOptions withCoverageCheck(Boolean on) {
    return new QueryOptions(queryStartNanos, pushdown, timeout, partialResults, on, shardIds);
  }

  /** A copy running only on the selected shards with these ids (null or empty: all of them). */
  public QueryOptions withShardIds(java.util.List<String> ids) {
    return new QueryOptions(queryStartNanos, pushdown, timeout, partialResults, coverageCheck, ids);
  }
}
