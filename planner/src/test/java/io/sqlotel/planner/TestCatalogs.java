package io.sqlotel.planner;

import io.sqlotel.planner.catalog.Catalog;
import io.sqlotel.planner.catalog.OtelTables;
import io.sqlotel.shard.meta.ShardDescriptor;
import io.sqlotel.shard.meta.TimeRange;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Catalogs for planner tests: hourly shards starting 2026-01-01T00:00Z (never contacted). */
public final class TestCatalogs {
  private TestCatalogs() {}

  /** 2026-01-01T00:00:00Z in nanoseconds. */
  public static final long T0 = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
  /** One hour in nanoseconds. */
  public static final long HOUR = 3_600_000_000_000L;

  /** {@code n} hourly shards with the OTel tables. */
  public static Catalog hourly(int n) {
    List<ShardDescriptor> shards = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      shards.add(new ShardDescriptor(String.format("shard-%03d", i), URI.create("http://127.0.0.1:1/s" + i),
          new TimeRange(T0 + i * HOUR, T0 + (i + 1) * HOUR), null, false));
    }
    return Catalog.of(shards, OtelTables.definitions());
  }
}
