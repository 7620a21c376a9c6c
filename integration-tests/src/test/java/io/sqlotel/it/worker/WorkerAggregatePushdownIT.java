package io.sqlotel.it.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.coordinator.QueryStats;
import io.sqlotel.it.Oracle;
import io.sqlotel.it.ParityQuery;
import io.sqlotel.shard.client.ShardRequestStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Aggregate pushdown against the shard worker's Durable Objects (run locally in workerd): each query, sent through the
 * Flight SQL JDBC driver, equals the oracle (the Java loader's single SQLite file of the same data; int64 results
 * such as SUM over counts beyond 2^53 exactly), and the shard requests prove the partial aggregates ran in the
 * objects: every request's SQL groups (or aggregates) there, selects its int64 outputs as {@code CAST(... AS TEXT)}
 * (these shards are {@code int64AsText}: JavaScript numbers would round them), and the coordinator receives at most
 * one row per group and shard, fewer than the raw rows.
 */
class WorkerAggregatePushdownIT {
  private static WorkerCluster cluster;
  private static Connection sqlotel;
  private static Connection oracleConnection;
  private static Oracle oracle;

  /**
   * One aggregate query.
   *
   * @param query the query for sqlotel and the oracle
   * @param rawCountSql oracle SQL counting the rows the aggregate reads (after its WHERE clause)
   * @param shardGroupsSql oracle SQL counting the groups one shard may send at most (null: the result's row count)
   * @param grouped true if the shard SQL must have a GROUP BY (false for global aggregates)
   * @param distinct true for COUNT(DISTINCT): the shards send their distinct keys (a GROUP BY without aggregate
   *     functions and without int64 outputs)
   */
  record Case(ParityQuery query, String rawCountSql, String shardGroupsSql, boolean grouped, boolean distinct) {
    Case(ParityQuery query, String rawCountSql, String shardGroupsSql, boolean grouped) {
      this(query, rawCountSql, shardGroupsSql, grouped, false);
    }

    @Override
    public String toString() {
      return query.name();
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(ParityQuery.of("global COUNT/SUM/MIN/MAX/AVG", false,
            "SELECT COUNT(*), SUM(Duration), MIN(Duration), MAX(Duration), AVG(Duration) FROM otel_traces"),
            "SELECT COUNT(*) FROM otel_traces", null, false),
        new Case(ParityQuery.of("spans by service, status", false,
            "SELECT ServiceName, StatusCode, COUNT(*), SUM(Duration), MIN(\"Timestamp\"), MAX(\"Timestamp\")"
                + " FROM otel_traces GROUP BY ServiceName, StatusCode"),
            "SELECT COUNT(*) FROM otel_traces", null, true),
        new Case(ParityQuery.of("COUNT DISTINCT trace ids by service", false,
            "SELECT ServiceName, COUNT(DISTINCT TraceId) FROM otel_traces GROUP BY ServiceName"),
            "SELECT COUNT(*) FROM otel_traces",
            "SELECT COUNT(*) FROM (SELECT DISTINCT ServiceName, TraceId FROM otel_traces)", true, true),
        new Case(ParityQuery.of("logs by severity, filtered", false,
            "SELECT SeverityText, COUNT(*), MAX(SeverityNumber), MIN(\"Timestamp\") FROM otel_logs"
                + " WHERE SeverityNumber >= 9 GROUP BY SeverityText"),
            "SELECT COUNT(*) FROM otel_logs WHERE SeverityNumber >= 9", null, true),
        new Case(ParityQuery.of("histogram counts beyond 2^53 (int64 SUM)", false,
            "SELECT MetricName, ServiceName, COUNT(*), SUM(\"Count\"), MIN(\"Count\"), MAX(\"Count\"),"
                + " SUM(\"Sum\") FROM otel_metrics_histogram GROUP BY MetricName, ServiceName"),
            "SELECT COUNT(*) FROM otel_metrics_histogram", null, true),
        new Case(ParityQuery.of("summary counts beyond 2^53, global", false,
            "SELECT SUM(\"Count\"), COUNT(*), MAX(SeriesHash), MIN(SeriesHash) FROM otel_metrics_summary"),
            "SELECT COUNT(*) FROM otel_metrics_summary", null, false),
        new Case(ParityQuery.of("gauge AVG by metric", false,
            "SELECT MetricName, COUNT(\"Value\"), SUM(\"Value\"), AVG(\"Value\"), MIN(\"Value\"), MAX(\"Value\")"
                + " FROM otel_metrics_gauge GROUP BY MetricName"),
            "SELECT COUNT(*) FROM otel_metrics_gauge", null, true),
        new Case(ParityQuery.of("logs per hour (FLOOR TO HOUR)", false,
            "SELECT FLOOR(\"Timestamp\" TO HOUR), COUNT(*) FROM otel_logs GROUP BY FLOOR(\"Timestamp\" TO HOUR)",
            "SELECT (\"Timestamp\" / 3600000000000) * 3600000000000, COUNT(*) FROM otel_logs"
                + " GROUP BY (\"Timestamp\" / 3600000000000) * 3600000000000"),
            "SELECT COUNT(*) FROM otel_logs", null, true),
        new Case(ParityQuery.of("sum points per 15 min (TIME_BUCKET)", false,
            "SELECT ServiceName, TIME_BUCKET(INTERVAL '15' MINUTE, \"TimeUnix\"), COUNT(*), MAX(\"Value\")"
                + " FROM otel_metrics_sum WHERE MetricName = 'requests'"
                + " GROUP BY ServiceName, TIME_BUCKET(INTERVAL '15' MINUTE, \"TimeUnix\")",
            "SELECT ServiceName, (\"TimeUnix\" / 900000000000) * 900000000000, COUNT(*), MAX(\"Value\")"
                + " FROM otel_metrics_sum WHERE MetricName = 'requests'"
                + " GROUP BY ServiceName, (\"TimeUnix\" / 900000000000) * 900000000000"),
            "SELECT COUNT(*) FROM otel_metrics_sum WHERE MetricName = 'requests'", null, true),
        new Case(ParityQuery.of("top 3 operations by total duration", true,
            "SELECT ServiceName, SpanName, COUNT(*) AS n, SUM(Duration) AS d FROM otel_traces"
                + " GROUP BY ServiceName, SpanName ORDER BY d DESC, ServiceName, SpanName LIMIT 3"),
            "SELECT COUNT(*) FROM otel_traces",
            "SELECT COUNT(*) FROM (SELECT DISTINCT ServiceName, SpanName FROM otel_traces)", true));
  }

  @BeforeAll
  static void connect() throws Exception {
    cluster = WorkerCluster.shared();
    sqlotel = cluster.connect();
    oracleConnection = cluster.connectOracle();
    oracle = new Oracle(sqlotel, oracleConnection);
  }

  @AfterAll
  static void close() throws Exception {
    if (sqlotel != null) {
      sqlotel.close();
    }
    if (oracleConnection != null) {
      oracleConnection.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void partialAggregatesRunInTheDurableObjects(Case c) throws Exception {
    ParityQuery q = c.query();
    cluster.clearStats();
    Oracle.Result result = oracle.assertSameResult(q);
    QueryStats stats = cluster.awaitStats(q.sqlotelSql());
    long raw = count(c.rawCountSql());
    long groups = c.shardGroupsSql() == null ? result.rows().size() : count(c.shardGroupsSql());
    assertTrue(stats.shardsAsked() >= 2, "more than one worker shard: " + stats.shardsAsked());
    assertEquals(stats.shardsAsked(), stats.requests().size());
    for (ShardRequestStats r : stats.requests()) {
      String sql = r.sql().toUpperCase(java.util.Locale.ROOT);
      assertTrue(!c.grouped() || sql.contains("GROUP BY"), "no GROUP BY in the shard SQL: " + r.sql());
      assertTrue(c.distinct() || sql.contains("COUNT(") || sql.contains("SUM(") || sql.contains("MAX("),
          "no aggregate in the shard SQL: " + r.sql());
      assertTrue(c.distinct() || sql.contains("AS TEXT)"),
          "int64 outputs not cast to TEXT for an int64AsText shard: " + r.sql());
      assertTrue(r.rowsReceived() <= groups, r.shardId() + " sent " + r.rowsReceived() + " rows for at most "
          + groups + " groups: " + r.sql());
    }
    assertTrue(stats.rowsReceived() <= groups * stats.shardsAsked(),
        stats.rowsReceived() + " rows received > " + groups + " groups x " + stats.shardsAsked() + " shards");
    assertTrue(stats.rowsReceived() < raw, stats.rowsReceived() + " rows received, raw rows " + raw);
  }

  @Test
  void int64SumsBeyondTwoToThe53AreExact() throws Exception {
    // the same check as the parity above, spelled out: a double cannot hold these sums
    String sql = "SELECT ServiceName, SUM(\"Count\") FROM otel_metrics_histogram WHERE MetricName = 'latency'"
        + " GROUP BY ServiceName ORDER BY ServiceName";
    Map<String, Long> actual = new LinkedHashMap<>();
    try (Statement st = sqlotel.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        actual.put(rs.getString(1), rs.getLong(2));
      }
    }
    Map<String, Long> expected = new LinkedHashMap<>();
    try (Statement st = oracleConnection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        expected.put(rs.getString(1), rs.getLong(2));
      }
    }
    assertEquals(WorkerData.SERVICES.length, expected.size());
    assertEquals(expected, actual);
    for (long v : actual.values()) {
      assertTrue((long) (double) v != v, v + " is a double: the test would not see rounding");
    }
  }

  @Test
  void approxPercentileSendsBucketCountsAndIsWithinOnePercent() throws Exception {
    String sql = "SELECT ServiceName, COUNT(*), APPROX_PERCENTILE(Duration, 0.5), APPROX_PERCENTILE(Duration, 0.9)"
        + " FROM otel_traces GROUP BY ServiceName";
    cluster.clearStats();
    Map<String, double[]> actual = new LinkedHashMap<>();
    try (Statement st = sqlotel.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        actual.put(rs.getString(1), new double[] {rs.getLong(2), rs.getDouble(3), rs.getDouble(4)});
      }
    }
    QueryStats stats = cluster.awaitStats(sql);
    assertFalse(actual.isEmpty());
    for (Map.Entry<String, double[]> e : actual.entrySet()) {
      long n = (long) e.getValue()[0];
      assertEquals(count("SELECT COUNT(*) FROM otel_traces WHERE ServiceName = '" + e.getKey() + "'"), n);
      for (int i = 0; i < 2; i++) {
        double q = i == 0 ? 0.5 : 0.9;
        double exact = exactAtRank(e.getKey(), (long) Math.floor(q * (n - 1)));
        double got = e.getValue()[1 + i];
        assertTrue(Math.abs(got - exact) <= 0.01 * Math.abs(exact) + 1e-9,
            e.getKey() + " p" + q + ": " + got + " vs exact " + exact);
      }
    }
    assertTrue(stats.rowsReceived() < count("SELECT COUNT(*) FROM otel_traces"),
        "bucket counts, not raw rows: " + stats.rowsReceived());
    List<String> shardSql = new ArrayList<>(WorkerCluster.shardSql(stats));
    assertFalse(shardSql.isEmpty());
    for (String s : shardSql) {
      assertTrue(s.contains("GROUP BY") && s.contains("LN(ABS("), s);
      assertTrue(s.contains("AS TEXT)"), s);
    }
  }

  private static double exactAtRank(String service, long rank) throws Exception {
    try (PreparedStatement ps = oracleConnection.prepareStatement(
        "SELECT Duration FROM otel_traces WHERE ServiceName = ? ORDER BY Duration LIMIT 1 OFFSET ?")) {
      ps.setString(1, service);
      ps.setLong(2, rank);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        return rs.getDouble(1);
      }
    }
  }

  private static long count(String oracleSql) throws Exception {
    try (Statement st = oracleConnection.createStatement(); ResultSet rs = st.executeQuery(oracleSql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }
}
