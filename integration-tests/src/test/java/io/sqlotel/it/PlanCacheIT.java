package io.sqlotel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.coordinator.QueryOptions;
import io.sqlotel.coordinator.QueryStats;
import io.sqlotel.coordinator.ResultStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine reuses the plan of a query whose plan depends only on its SQL text and the catalog (no parameters, no
 * CURRENT_TIMESTAMP-like function), so a JDBC query plans once and a repeated dashboard query not at all — while the
 * shards are still asked every time, and a query relative to its start time is planned (and pruned) afresh.
 */
class PlanCacheIT extends SharedClusterIT {
  @BeforeEach
  void clear() {
    cluster.clearStatsAndRequestLogs();
  }

  private static List<List<Object>> rows(Connection c, String sql) throws Exception {
    List<List<Object>> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        out.add(row);
      }
    }
    return out;
  }

  private static int requestsReceived() {
    return cluster.shardServers().stream().mapToInt(s -> s.requestLog().size()).sum();
  }

  @Test
  void aRepeatedQueryRunsItsCachedPlanAndStillAsksTheShards() throws Exception {
    String sql = "SELECT ServiceName, COUNT(*) AS n, SUM(Duration) AS d FROM otel_traces "
        + "WHERE \"Timestamp\" >= TIMESTAMP '2026-01-01 03:00:00' GROUP BY ServiceName ORDER BY ServiceName";
    List<List<Object>> expected = rows(oracle, "SELECT ServiceName, COUNT(*), SUM(Duration) FROM otel_traces "
        + "WHERE Timestamp >= " + ShardedCluster.nanos("2026-01-01 03:00:00") + " GROUP BY ServiceName "
        + "ORDER BY ServiceName");
    assertTrue(expected.size() > 1, "the oracle has groups");
    for (int run = 1; run <= 3; run++) {
      cluster.clearStatsAndRequestLogs();
      assertEquals(expected, rows(sqlotel, sql), "run " + run);
      QueryStats stats = cluster.awaitStats(sql, WAIT);
      // the JDBC driver prepares before it runs: the prepare planned, so no run plans again
      assertEquals(0, stats.planningNanos(), "run " + run + " planned again");
      assertEquals(stats.shardsAsked(), requestsReceived(), "run " + run + ": every selected shard was asked");
      assertTrue(stats.shardsAsked() > 0 && stats.shardsPruned() > 0, stats.toString());
    }
  }

  @Test
  void queriesWithParametersArePlannedWithTheirValues() throws Exception {
    String sql = "SELECT COUNT(*) FROM otel_logs WHERE SeverityNumber >= ?";
    try (PreparedStatement ps = sqlotel.prepareStatement(sql)) {
      for (int min : new int[] {1, 9, 17, 21}) {
        cluster.clearStatsAndRequestLogs();
        ps.setInt(1, min);
        long count;
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          count = rs.getLong(1);
        }
        assertEquals(rows(oracle, "SELECT COUNT(*) FROM otel_logs WHERE SeverityNumber >= " + min).get(0).get(0),
            Long.toString(count), "SeverityNumber >= " + min);
        assertTrue(cluster.awaitStats(sql, WAIT).planningNanos() > 0, "planned with its bound value");
      }
    }
  }

  @Test
  void queriesRelativeToTheirStartTimeArePlannedAndPrunedAtEachStart() throws Exception {
    String sql = "SELECT COUNT(*) FROM otel_logs WHERE \"Timestamp\" >= CURRENT_TIMESTAMP - INTERVAL '2' HOUR "
        + "AND \"Timestamp\" < CURRENT_TIMESTAMP";
    try (BufferAllocator allocator = new RootAllocator()) {
      for (String now : new String[] {"2026-01-01 04:30:00", "2026-01-01 13:00:00", "2026-01-01 13:00:00",
          "2026-01-01 22:15:00"}) {
        long start = ShardedCluster.nanos(now);
        cluster.clearStatsAndRequestLogs();
        long count = 0;
        try (ResultStream r = cluster.engine().execute(sql, List.of(), new QueryOptions(start, true), allocator)) {
          for (VectorSchemaRoot b = r.next(); b != null; b = r.next()) {
            try (VectorSchemaRoot batch = b) {
              count += ((BigIntVector) batch.getVector(0)).get(0);
            }
          }
        }
        String expected = rows(oracle, "SELECT COUNT(*) FROM otel_logs WHERE Timestamp >= "
            + (start - 7_200_000_000_000L) + " AND Timestamp < " + start).get(0).get(0).toString();
        assertEquals(expected, Long.toString(count), "now = " + now);
        QueryStats stats = cluster.awaitStats(sql, WAIT);
        assertTrue(stats.planningNanos() > 0, "now = " + now + ": planned at its own start");
        assertTrue(stats.shardsAsked() <= 3, "now = " + now + ": a 2-hour window asks at most 3 hourly shards, "
            + "asked " + stats.shardsAsked());
      }
    }
  }

  @Test
  void plansOfTheRowAtATimeFallbackAreNotReused() throws Exception {
    // a window function: the coordinator runs it with Calcite's Enumerable fallback, which optimizes on the plan
    String sql = "SELECT ServiceName, n, RANK() OVER (ORDER BY n DESC) AS r FROM (SELECT ServiceName, COUNT(*) AS n "
        + "FROM otel_logs GROUP BY ServiceName) AS t ORDER BY r, ServiceName";
    List<List<Object>> expected = rows(oracle, "SELECT ServiceName, n, RANK() OVER (ORDER BY n DESC) AS r FROM "
        + "(SELECT ServiceName, COUNT(*) AS n FROM otel_logs GROUP BY ServiceName) AS t ORDER BY r, ServiceName");
    for (int run = 1; run <= 2; run++) {
      cluster.clearStatsAndRequestLogs();
      assertEquals(expected, rows(sqlotel, sql), "run " + run);
      QueryStats stats = cluster.awaitStats(sql, WAIT);
      assertEquals("fallback", stats.executionPath(), "run " + run);
      assertTrue(stats.planningNanos() > 0, "run " + run + " reused a fallback plan");
    }
  }

  @Test
  void oneCachedPlanServesConcurrentQueries() throws Exception {
    String sql = "SELECT SeverityText, COUNT(*) AS n, MAX(SeverityNumber) AS m FROM otel_logs "
        + "WHERE \"Timestamp\" < TIMESTAMP '2026-01-01 20:00:00' GROUP BY SeverityText ORDER BY SeverityText";
    List<List<Object>> expected = rows(oracle, "SELECT SeverityText, COUNT(*), MAX(SeverityNumber) FROM otel_logs "
        + "WHERE \"Timestamp\" < " + ShardedCluster.nanos("2026-01-01 20:00:00") + " GROUP BY SeverityText "
        + "ORDER BY SeverityText");
    List<java.util.concurrent.Future<List<List<Object>>>> results = new ArrayList<>();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      for (int i = 0; i < 24; i++) {
        results.add(pool.submit(() -> {
          try (Connection c = cluster.connect()) {
            return rows(c, sql);
          }
        }));
      }
      for (var r : results) {
        assertEquals(expected, r.get(60, java.util.concurrent.TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(0, cluster.awaitStats(sql, WAIT).planningNanos(), "the runs share the cached plan");
  }
}
