package io.sqlotel.coordinator;

/**
 * Per-query settings.
 *
 * @param queryStartNanos the query's start time in nanoseconds since the epoch; {@code CURRENT_TIMESTAMP} folds to it
 * @param pushdown whether filters, projections, aggregates and sorts are pushed to the shards (false only for
 *     comparisons and benchmarks: raw rows are pulled and everything runs in the coordinator)
 */
public record QueryOptions(long queryStartNanos, boolean pushdown) {
  /** Options for a query that starts now, with pushdown on. */
  public static QueryOptions now() {
    java.time.Instant t = java.time.Instant.now();
    return new QueryOptions(t.getEpochSecond() * 1_000_000_000L + t.getNano(), true);
  }
}
