package io.sqlotel.shard.demo;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * What {@link DemoDataGenerator} generates: {@code shardCount} consecutive time slices of
 * {@code sliceNanos} starting at {@code startNanos}, one shard file per slice.
 *
 * <p>Every non-empty shard holds exactly {@code spansPerShard} rows of {@code otel_traces},
 * {@code logsPerShard} rows of {@code otel_logs} and {@code metricPointsPerShard} rows spread over
 * {@code otel_metrics_gauge}, {@code otel_metrics_sum} and {@code otel_metrics_histogram}, plus one
 * {@code otel_traces_trace_id_ts} row per trace. Shards listed in {@code emptyShards} get the schema and
 * no rows (an outage hour).
 *
 * @param startNanos start of shard 0, nanoseconds since the Unix epoch (UTC)
 * @param shardCount number of shards, at least 1
 * @param sliceNanos length of each shard's time slice in nanoseconds, at least 1
 * @param spansPerShard spans per non-empty shard, at least 0
 * @param logsPerShard log records per non-empty shard, at least 0
 * @param metricPointsPerShard metric points per non-empty shard, at least 0
 * @param seed seed of all randomness: equal specs give byte-for-byte equal rows
 * @param emptyShards indexes in {@code [0, shardCount)} of shards left empty; copied, unmodifiable
 */
public record DemoSpec(long startNanos, int shardCount, long sliceNanos, int spansPerShard, int logsPerShard,
    int metricPointsPerShard, long seed, Set<Integer> emptyShards) {

  /** One hour in nanoseconds. */
  public static final long HOUR_NANOS = 3_600_000_000_000L;

  /** Seed of {@link #defaults(long)}. */
  public static final long DEFAULT_SEED = 20_240_601L;

  /**
   * Validates and copies the components (see the record description for their meaning).
   *
   * @param startNanos start of shard 0, nanoseconds since the epoch
   * @param shardCount number of shards
   * @param sliceNanos slice length, nanoseconds
   * @param spansPerShard spans per non-empty shard
   * @param logsPerShard log records per non-empty shard
   * @param metricPointsPerShard metric points per non-empty shard
   * @param seed random seed
   * @param emptyShards indexes of empty shards
   * @throws IllegalArgumentException if a count is out of range, an empty-shard index is outside
   *     {@code [0, shardCount)}, or the last slice would end after the largest int64 nanosecond value
   * @throws NullPointerException if {@code emptyShards} is null or holds null
   */
  public DemoSpec {
    requireNonNull(emptyShards, "emptyShards is null");
    emptyShards = Set.copyOf(emptyShards);
    if (shardCount < 1) {
      throw new IllegalArgumentException("shardCount must be at least 1: " + shardCount);
    }
    if (sliceNanos < 1) {
      throw new IllegalArgumentException("sliceNanos must be at least 1: " + sliceNanos);
    }
    if (spansPerShard < 0 || logsPerShard < 0 || metricPointsPerShard < 0) {
      throw new IllegalArgumentException("row counts must not be negative");
    }
    try {
      Math.addExact(startNanos, Math.multiplyExact(sliceNanos, (long) shardCount));
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("the shards end after the largest int64 nanosecond timestamp", e);
    }
    for (int i : emptyShards) {
      if (i < 0 || i >= shardCount) {
        throw new IllegalArgumentException("empty shard index out of range: " + i);
      }
    }
  }

  /**
   * The standard demo: 24 hourly shards from {@code startNanos}, each with 6000 spans, 6000 logs and 1500
   * metric points (about 340,000 rows in all, about 150 MB, a few seconds to generate), seed {@value #DEFAULT_SEED}, no
   * empty shard.
   *
   * @param startNanos start of the first hour, nanoseconds since the Unix epoch
   * @return the spec
   */
  public static DemoSpec defaults(long startNanos) {
    return new DemoSpec(startNanos, 24, HOUR_NANOS, 6_000, 6_000, 1_500, DEFAULT_SEED, Set.of());
  }

  /**
   * Returns a copy with other empty shards.
   *
   * @param indexes shard indexes to leave empty
   * @return the new spec
   * @throws IllegalArgumentException if an index is out of range
   */
  public DemoSpec withEmptyShards(Set<Integer> indexes) {
    return new DemoSpec(startNanos, shardCount, sliceNanos, spansPerShard, logsPerShard, metricPointsPerShard,
        seed, indexes);
  }

  /**
   * Returns a copy with another seed.
   *
   * @param newSeed the seed
   * @return the new spec
   */
  public DemoSpec withSeed(long newSeed) {
    return new DemoSpec(startNanos, shardCount, sliceNanos, spansPerShard, logsPerShard, metricPointsPerShard,
        newSeed, emptyShards);
  }

  /**
   * Returns the start of shard {@code index}'s slice.
   *
   * @param index shard index in {@code [0, shardCount]} ({@code shardCount} gives the end of the last slice)
   * @return inclusive start, nanoseconds since the Unix epoch
   */
  public long shardStartNanos(int index) {
    return startNanos + sliceNanos * index;
  }

  /**
   * Returns the end of all data: the exclusive end of the last slice.
   *
   * @return nanoseconds since the Unix epoch
   */
  public long endNanos() {
    return shardStartNanos(shardCount);
  }
}
