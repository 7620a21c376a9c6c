package io.sqlotel.bench.shards;

import io.sqlotel.shard.demo.DemoSpec;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * A benchmark dataset: {@code shards} equal time slices covering {@code durationNanos} from {@code startNanos}, with
 * about {@code spans}, {@code logs} and {@code metricPoints} rows in all (split evenly, rounded up per shard).
 *
 * @param shards number of shards, at least 1
 * @param spans total spans ({@code otel_traces} rows)
 * @param logs total log records ({@code otel_logs} rows)
 * @param metricPoints total metric points (gauge, sum and histogram tables together)
 * @param seed the demo generator's seed
 * @param startNanos start of the data, nanoseconds since the Unix epoch (UTC)
 * @param durationNanos the time the shards cover together, nanoseconds
 */
public record DatasetSpec(int shards, long spans, long logs, long metricPoints, long seed, long startNanos,
    long durationNanos) {
  /** 2026-01-01T00:00:00Z, the start of every benchmark dataset, in nanoseconds since the epoch. */
  public static final long T0 = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
  /** One day in nanoseconds: the default span of a dataset. */
  public static final long DAY_NANOS = 24 * DemoSpec.HOUR_NANOS;
  /** The default seed. */
  public static final long SEED = 20_260_101L;
  /** Bump when the generated files change meaning, so that old caches are not reused. */
  private static final int FORMAT = 1;

  /** Validates the spec. */
  public DatasetSpec {
    if (shards < 1 || spans < 0 || logs < 0 || metricPoints < 0 || durationNanos < shards) {
      throw new IllegalArgumentException("bad dataset spec: " + shards + " shards, " + spans + " spans, " + logs
          + " logs, " + metricPoints + " metric points over " + durationNanos + " ns");
    }
    if (perShard(spans, shards) > Integer.MAX_VALUE || perShard(logs, shards) > Integer.MAX_VALUE
        || perShard(metricPoints, shards) > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many rows per shard");
    }
  }

  /**
   * A dataset of one day from {@link #T0} with the default seed.
   *
   * @param shards shard count
   * @param spans total spans
   * @param logs total log records
   * @param metricPoints total metric points
   * @return the spec
   */
  public static DatasetSpec day(int shards, long spans, long logs, long metricPoints) {
    return new DatasetSpec(shards, spans, logs, metricPoints, SEED, T0, DAY_NANOS);
  }

  private static long perShard(long total, int shards) {
    return (total + shards - 1) / shards;
  }

  /** The length of one shard's slice, nanoseconds. */
  public long sliceNanos() {
    return durationNanos / shards;
  }

  /** The exclusive end of the data, nanoseconds since the epoch. */
  public long endNanos() {
    return startNanos + sliceNanos() * shards;
  }

  /** The generator's spec for this dataset. */
  public DemoSpec demoSpec() {
    return new DemoSpec(startNanos, shards, sliceNanos(), (int) perShard(spans, shards), (int) perShard(logs, shards),
        (int) perShard(metricPoints, shards), seed, Set.of());
  }

  /** Rows actually generated per table kind: per-shard count times shards. */
  public long generatedLogs() {
    return perShard(logs, shards) * shards;
  }

  /** Spans actually generated. */
  public long generatedSpans() {
    return perShard(spans, shards) * shards;
  }

  /** The cache directory name: every parameter that changes the files. */
  public String key() {
    return String.format(Locale.ROOT, "v%d-shards%d-spans%d-logs%d-metrics%d-seed%d-t%d-d%d", FORMAT, shards,
        perShard(spans, shards), perShard(logs, shards), perShard(metricPoints, shards), seed, startNanos,
        durationNanos);
  }
}
