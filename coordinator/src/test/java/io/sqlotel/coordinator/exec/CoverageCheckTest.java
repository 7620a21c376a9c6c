package io.sqlotel.coordinator.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.coordinator.QueryException;
import io.sqlotel.planner.PlannerOptions;
import io.sqlotel.planner.QueryPlanner;
import io.sqlotel.planner.catalog.Catalog;
import io.sqlotel.planner.catalog.OtelTables;
import io.sqlotel.shard.meta.ShardDescriptor;
import io.sqlotel.shard.meta.TimeRange;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gaps of the catalog inside a query's time range fail the query; ranges outside the catalog's span do not. */
class CoverageCheckTest {
  private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
  private static final long HOUR = 3_600_000_000_000L;

  /** Hourly shards 00:00 to 06:00 without the one of 02:00 (and an empty slice, which covers nothing). */
  private static Catalog withGap() {
    List<ShardDescriptor> shards = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      if (i != 2) {
        shards.add(new ShardDescriptor("s" + i, URI.create("http://127.0.0.1:1/s" + i),
            new TimeRange(T0 + i * HOUR, T0 + (i + 1) * HOUR), null, false));
      }
    }
    shards.add(new ShardDescriptor("empty", URI.create("http://127.0.0.1:1/e"), new TimeRange(T0 + 2 * HOUR,
        T0 + 2 * HOUR), null, false));
    return Catalog.of(shards, OtelTables.definitions());
  }

  private static void check(Catalog catalog, String sql) {
    new CoverageCheck(catalog.shards()).check(new QueryPlanner(catalog, new PlannerOptions(true))
        .plan(sql, List.of(), T0 + 10 * HOUR));
  }

  @Test
  void queriesOverTheGapFailNamingIt() {
    Catalog c = withGap();
    assertEquals("[[" + (T0 + 2 * HOUR) + ".." + (T0 + 3 * HOUR) + ")]",
        new CoverageCheck(c.shards()).gaps().toString());
    for (String sql : List.of("SELECT COUNT(*) FROM otel_logs",
        "SELECT ServiceName, COUNT(*) FROM otel_traces WHERE \"Timestamp\" >= TIMESTAMP '2026-01-01 01:00:00'"
            + " GROUP BY ServiceName",
        "SELECT * FROM otel_logs WHERE \"Timestamp\" BETWEEN TIMESTAMP '2026-01-01 02:10:00'"
            + " AND TIMESTAMP '2026-01-01 02:20:00'",
        "SELECT COUNT(*) FROM otel_logs WHERE \"Timestamp\" < TIMESTAMP '2026-01-01 01:00:00'"
            + " OR \"Timestamp\" >= TIMESTAMP '2026-01-01 02:59:59'",
        "SELECT MetricName, MAX(\"Value\") FROM otel_metrics_gauge GROUP BY MetricName HAVING COUNT(*) > 1")) {
      QueryException e = assertThrows(QueryException.class, () -> check(c, sql), sql);
      assertEquals(QueryException.Code.INVALID_ARGUMENT, e.code());
      assertTrue(e.getMessage().contains("no shard covers [2026-01-01T02:"), e.getMessage());
      assertTrue(e.getMessage().contains(sql.contains("BETWEEN") ? "2026-01-01T02:20:00Z]" : "2026-01-01T03:00:00Z)"),
          "the part of the gap inside the queried range: " + e.getMessage());
    }
  }

  @Test
  void rangesBesideTheGapOrOutsideTheSpanPass() {
    Catalog c = withGap();
    check(c, "SELECT COUNT(*) FROM otel_logs WHERE \"Timestamp\" < TIMESTAMP '2026-01-01 02:00:00'");
    check(c, "SELECT COUNT(*) FROM otel_logs WHERE \"Timestamp\" >= TIMESTAMP '2026-01-01 03:00:00'");
    // Before the first shard and after the last one no shard is known to be missing.
    check(c, "SELECT COUNT(*) FROM otel_logs WHERE \"Timestamp\" > CURRENT_TIMESTAMP - INTERVAL '1' HOUR");
    check(c, "SELECT COUNT(*) FROM otel_logs WHERE \"Timestamp\" < TIMESTAMP '2026-01-01 01:00:00'");
    // A gapless catalog never fails.
    List<ShardDescriptor> whole = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      whole.add(new ShardDescriptor("w" + i, URI.create("http://127.0.0.1:1/w" + i),
          new TimeRange(T0 + i * HOUR, T0 + (i + 1) * HOUR), null, false));
    }
    check(Catalog.of(whole, OtelTables.definitions()), "SELECT COUNT(*) FROM otel_logs");
  }
}
