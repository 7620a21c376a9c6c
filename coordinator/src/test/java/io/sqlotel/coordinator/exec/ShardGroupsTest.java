package io.sqlotel.coordinator.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.coordinator.QueryException;
import io.sqlotel.planner.PlannedQuery;
import io.sqlotel.planner.PlannerOptions;
import io.sqlotel.planner.QueryPlanner;
import io.sqlotel.planner.catalog.Catalog;
import io.sqlotel.planner.catalog.OtelTables;
import io.sqlotel.planner.rel.ShardScan;
import io.sqlotel.shard.meta.ShardDescriptor;
import io.sqlotel.shard.meta.TimeRange;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which plans may run as parts on groups of shards, and how a part is restricted. */
class ShardGroupsTest {
  private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
  private static final long HOUR = 3_600_000_000_000L;
  private static final Catalog CATALOG = sixHours();
  private static final QueryPlanner PLANNER = new QueryPlanner(CATALOG, new PlannerOptions(true));

  private static Catalog sixHours() {
    List<ShardDescriptor> shards = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      shards.add(new ShardDescriptor("s" + i, URI.create("http://127.0.0.1:1/s" + i),
          new TimeRange(T0 + i * HOUR, T0 + (i + 1) * HOUR), null, false));
    }
    return Catalog.of(shards, OtelTables.definitions());
  }

  private static PlannedQuery plan(String sql) {
    return PLANNER.plan(sql, List.of(), T0 + 10 * HOUR);
  }

  @Test
  void scansFiltersAndProjectionsOfOneTableSplit() {
    assertEquals(List.of("s0", "s1", "s2", "s3", "s4", "s5"),
        ShardGroups.unorderedShards(plan("SELECT * FROM otel_logs")));
    assertEquals(List.of("s0", "s1", "s2", "s3", "s4", "s5"),
        ShardGroups.unorderedShards(plan("SELECT ServiceName, Body FROM otel_logs WHERE SeverityNumber > 8")));
    // pruning: only the selected shards
    assertEquals(List.of("s2", "s3"), ShardGroups.unorderedShards(plan("SELECT Body FROM otel_logs WHERE"
        + " \"Timestamp\" >= TIMESTAMP '2026-01-01 02:00:00' AND \"Timestamp\" < TIMESTAMP '2026-01-01 04:00:00'")));
  }

  @Test
  void aggregatesSortsLimitsJoinsAndExplainDoNotSplit() {
    for (String sql : List.of(
        "SELECT COUNT(*) FROM otel_logs",
        "SELECT ServiceName, COUNT(*) FROM otel_logs GROUP BY ServiceName",
        "SELECT DISTINCT ServiceName FROM otel_logs",
        "SELECT Body FROM otel_logs ORDER BY \"Timestamp\"",
        "SELECT Body FROM otel_logs LIMIT 10",
        "SELECT Body FROM otel_logs ORDER BY \"Timestamp\" DESC LIMIT 10",
        "SELECT l.Body FROM otel_logs l JOIN otel_traces t ON l.TraceId = t.TraceId",
        "SELECT Body FROM otel_logs UNION ALL SELECT SpanName FROM otel_traces",
        "EXPLAIN PLAN FOR SELECT * FROM otel_logs")) {
      assertNull(ShardGroups.unorderedShards(plan(sql)), sql);
    }
  }

  @Test
  void restrictKeepsTheGroupAndSkipsShardsPrunedLater() {
    PlannedQuery p = plan("SELECT Body FROM otel_logs WHERE \"Timestamp\" < TIMESTAMP '2026-01-01 03:00:00'");
    Set<String> ids = Set.of("s0", "s1", "s2", "s3", "s4", "s5");
    PlannedQuery r = ShardGroups.restrict(p, List.of("s1", "s2", "s4"), ids);
    ShardScan scan = assertInstanceOf(ShardScan.class, r.root());
    assertEquals(List.of("s1", "s2"), scan.shards().stream().map(ShardDescriptor::id).toList());
    assertEquals(List.of(scan), r.shardScans());
    assertEquals(((ShardScan) p.root()).sql(), scan.sql(), "same shard SQL");
  }

  @Test
  void restrictRefusesUnsplittablePlansAndShardsNoLongerServed() {
    Set<String> ids = Set.of("s0", "s1");
    QueryException agg = assertThrows(QueryException.class,
        () -> ShardGroups.restrict(plan("SELECT COUNT(*) FROM otel_logs"), List.of("s0"), ids));
    assertEquals(QueryException.Code.INVALID_ARGUMENT, agg.code());
    QueryException gone = assertThrows(QueryException.class,
        () -> ShardGroups.restrict(plan("SELECT Body FROM otel_logs"), List.of("s0", "s9"), ids));
    assertEquals(QueryException.Code.UNAVAILABLE, gone.code());
    assertTrue(gone.getMessage().contains("s9"), gone.getMessage());
    assertNotNull(ShardGroups.restrict(plan("SELECT Body FROM otel_logs"), List.of("s0"), ids));
  }
}
