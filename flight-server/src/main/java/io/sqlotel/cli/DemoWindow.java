package io.sqlotel.cli;

import io.sqlotel.shard.demo.DemoSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Places the demo data in time: hourly slices whose last one ends at the current hour boundary, so that dashboard
 * windows such as "the last hour" or "the last 24 hours" find data.
 */
public final class DemoWindow {
  private DemoWindow() {}

  /**
   * The demo spec with {@code shards} hourly slices ending at the start of the hour containing {@code now}.
   *
   * @param shards number of hourly shards, at least 1
   * @param now the current time
   * @return {@link DemoSpec#defaults(long)} with that start and shard count
   */
  public static DemoSpec spec(int shards, Instant now) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be at least 1: " + shards);
    }
    Instant end = now.truncatedTo(ChronoUnit.HOURS);
    long endNanos = Math.multiplyExact(end.getEpochSecond(), 1_000_000_000L);
    long startNanos = endNanos - DemoSpec.HOUR_NANOS * shards;
    DemoSpec d = DemoSpec.defaults(startNanos);
    return new DemoSpec(startNanos, shards, DemoSpec.HOUR_NANOS, d.spansPerShard(), d.logsPerShard(),
        d.metricPointsPerShard(), d.seed(), d.emptyShards());
  }
}
