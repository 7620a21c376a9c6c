package io.sqlotel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.coordinator.QueryOptions;
import io.sqlotel.coordinator.QueryStats;
import io.sqlotel.coordinator.ResultStream;
import io.sqlotel.shard.client.ShardRequestStats;
import io.sqlotel.shard.demo.GeneratedShard;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PERCENTILE_CONT / PERCENTILE_DISC through the JDBC driver against real shard servers, compared with an oracle
 * that SQLite cannot compute by itself: the test reads each group's values sorted from the unsharded database
 * ({@code SELECT g, x FROM t WHERE ... ORDER BY g, x}) and applies the standard definitions (PostgreSQL's):
 * CONT interpolates linearly between the values at ranks floor and ceil of q·(n−1); DISC is the first value whose
 * cumulative distribution reaches q; NULLs are ignored; a group without values gives NULL. Also checks that each
 * shard returned at most one row per distinct (group, value) of its slice: value counts, not raw rows.
 */
class ExactPercentileIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** One percentile in a query: CONT or DISC, the fraction, the order, the column index in the result. */
  private record Pct(boolean cont, double q, boolean desc, int column) {}

  @ParameterizedTest(name = "{0} shards")
  @ValueSource(ints = {1, 2, 24})
  void latencyPercentilesPerService(int shards) throws Exception {
    ShardedCluster cluster = ShardedCluster.shared(shards);
    String sql = "SELECT ServiceName, COUNT(*) AS n,"
        + " PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY Duration) AS p50,"
        + " PERCENTILE_DISC(0.99) WITHIN GROUP (ORDER BY Duration) AS p99,"
        + " PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY Duration DESC) AS p10,"
        + " PERCENTILE_DISC(0) WITHIN GROUP (ORDER BY Duration DESC) AS top,"
        + " AVG(Duration) AS a"
        + " FROM otel_traces WHERE StatusCode <> 'Error' GROUP BY ServiceName";
    Map<String, List<Object>> actual = run(cluster, sql, 7);
    Map<String, List<Double>> values = oracleValues(cluster,
        "SELECT ServiceName, Duration FROM otel_traces WHERE StatusCode <> 'Error' ORDER BY ServiceName, Duration");
    assertEquals(values.keySet(), actual.keySet());
    List<Pct> pcts = List.of(new Pct(true, 0.5, false, 2), new Pct(false, 0.99, false, 3),
        new Pct(true, 0.9, true, 4), new Pct(false, 0, true, 5));
    for (var e : actual.entrySet()) {
      List<Double> v = values.get(e.getKey());
      assertEquals((long) v.size(), e.getValue().get(1), "COUNT of " + e.getKey());
      assertPercentiles(e.getKey(), v, e.getValue(), pcts);
      double avg = v.stream().mapToDouble(Double::doubleValue).sum() / v.size();
      assertEquals(avg, (Double) e.getValue().get(6), Math.abs(avg) * 1e-12, "AVG of " + e.getKey());
    }
    assertValueCountsOnly(cluster, sql, "otel_traces", "\"Timestamp\"", "ServiceName, Duration",
        "StatusCode <> 'Error'");
    // without pushdown the shards send raw rows and the coordinator merges them with a count of 1 each: same rows
    cluster.clearStatsAndRequestLogs();
    try (BufferAllocator allocator = new RootAllocator();
        ResultStream stream = cluster.engine().execute(sql, List.of(),
            new QueryOptions(QueryOptions.now().queryStartNanos(), false), allocator)) {
      Oracle.Result raw = ArrowResults.read(stream);
      assertEquals(actual.size(), raw.rows().size());
      for (List<Object> row : raw.rows()) {
        assertEquals(actual.get((String) row.get(0)).subList(0, 6), row.subList(0, 6), "without pushdown");
      }
    }
    QueryStats unpushed = cluster.awaitStats(sql, WAIT);
    assertFalse(unpushed.requests().get(0).sql().contains("GROUP BY"), unpushed.requests().get(0).sql());
  }

  @ParameterizedTest(name = "{0} shards")
  @ValueSource(ints = {1, 2, 24})
  void timeBucketsWithDuplicateValues(int shards) throws Exception {
    ShardedCluster cluster = ShardedCluster.shared(shards);
    // milliseconds: many spans share a value, so shards send far fewer rows than spans
    String sql = "SELECT TIME_BUCKET(INTERVAL '2' HOUR, \"Timestamp\") AS b,"
        + " PERCENTILE_CONT(0.75) WITHIN GROUP (ORDER BY Duration / 1000000) AS c,"
        + " PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY Duration / 1000000) AS d,"
        + " PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY Duration / 1000000 DESC) AS dd"
        + " FROM otel_traces GROUP BY TIME_BUCKET(INTERVAL '2' HOUR, \"Timestamp\")";
    Map<String, List<Object>> actual = run(cluster, sql, 4);
    long bucket = 2 * ShardedCluster.HOUR;
    Map<String, List<Double>> values = oracleValues(cluster, "SELECT (\"Timestamp\" / " + bucket + ") * " + bucket
        + " AS b, Duration / 1000000 FROM otel_traces ORDER BY 1, 2");
    assertEquals(values.size(), actual.size());
    // the bucket arrives as timestamp text, the oracle's as nanoseconds: match the groups in time order
    List<String> actualKeys = new ArrayList<>(actual.keySet());
    List<String> oracleKeys = new ArrayList<>(values.keySet());
    Collections.sort(actualKeys);
    oracleKeys.sort((x, y) -> Long.compare(Long.parseLong(x), Long.parseLong(y)));
    List<Pct> pcts = List.of(new Pct(true, 0.75, false, 1), new Pct(false, 0.5, false, 2),
        new Pct(false, 0.5, true, 3));
    for (int i = 0; i < actualKeys.size(); i++) {
      assertPercentiles(actualKeys.get(i), values.get(oracleKeys.get(i)), actual.get(actualKeys.get(i)), pcts);
    }
    long rows = assertValueCountsOnly(cluster, sql, "otel_traces", "\"Timestamp\"",
        "(\"Timestamp\" / " + bucket + "), Duration / 1000000", "1 = 1");
    long spans;
    try (Connection o = cluster.connectOracle(); Statement st = o.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM otel_traces")) {
      rs.next();
      spans = rs.getLong(1);
    }
    assertTrue(rows < spans / 2, "value counts (" + rows + " rows) instead of " + spans + " raw spans");
  }

  @ParameterizedTest(name = "{0} shards")
  @ValueSource(ints = {1, 2, 24})
  void nullsOneRowGroupsAndExtremes(int shards) throws Exception {
    ShardedCluster cluster = ShardedCluster.shared(shards);
    // edge_values: NULLs (a group of only NULLs too), int64 extremes, 2^53 + 1, ±0.0, ±1e300, infinity; grouping by
    // t gives one-row groups, a NULL group and case-different duplicates
    String sql = "SELECT t, COUNT(*),"
        + " PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY i),"
        + " PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY i),"
        + " PERCENTILE_DISC(0.3) WITHIN GROUP (ORDER BY r DESC),"
        + " PERCENTILE_CONT(0.25) WITHIN GROUP (ORDER BY r)"
        + " FROM edge_values GROUP BY t";
    // two value columns (i and r): not one shard query per value; the coordinator merges the raw values
    Map<String, List<Object>> actual = run(cluster, sql, 6);
    Map<String, List<Double>> is = oracleValues(cluster, "SELECT t, i FROM edge_values ORDER BY t, i");
    Map<String, List<Double>> rs = oracleValues(cluster, "SELECT t, r FROM edge_values ORDER BY t, r");
    Map<String, List<Long>> exactI = oracleLongs(cluster, "SELECT t, i FROM edge_values ORDER BY t, i");
    assertEquals(is.keySet(), actual.keySet());
    for (var e : actual.entrySet()) {
      String g = e.getKey();
      assertPercentiles(g, is.get(g), e.getValue(), List.of(new Pct(true, 0.5, false, 2)));
      assertPercentiles(g, rs.get(g), e.getValue(), List.of(new Pct(false, 0.3, true, 4), new Pct(true, 0.25, false, 5)));
      List<Long> li = exactI.get(g);
      Object disc = e.getValue().get(3);
      assertEquals(li.isEmpty() ? null : li.get(discRow(li.size(), 0.5) - 1), disc, "exact DISC of i in " + g);
    }
    assertTrue(actual.containsKey(null) && actual.get(null).get(2) == null, "the NULL group holds only NULL i");
    // one value column: pushed as value counts
    String one = "SELECT t, PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY i), PERCENTILE_CONT(1) WITHIN GROUP (ORDER BY i)"
        + " FROM edge_values GROUP BY t";
    Map<String, List<Object>> pushed = run(cluster, one, 3);
    for (var e : pushed.entrySet()) {
      List<Long> li = exactI.get(e.getKey());
      assertEquals(li.isEmpty() ? null : li.get(discRow(li.size(), 0.5) - 1), e.getValue().get(1), e.getKey());
      assertPercentiles(e.getKey(), is.get(e.getKey()), e.getValue(), List.of(new Pct(true, 1, false, 2)));
    }
    assertValueCountsOnly(cluster, one, "edge_values", "ts", "t, i", "1 = 1");
  }

  @ParameterizedTest(name = "{0} shards")
  @ValueSource(ints = {1, 2, 24})
  void emptyInputMixedAggregatesAndBadFractions(int shards) throws Exception {
    ShardedCluster cluster = ShardedCluster.shared(shards);
    try (Connection c = cluster.connect(); Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY Duration),"
          + " PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY Duration), COUNT(*) FROM otel_traces WHERE Duration < 0")) {
        assertTrue(rs.next());
        rs.getDouble(1);
        assertTrue(rs.wasNull());
        rs.getLong(2);
        assertTrue(rs.wasNull());
        assertEquals(0, rs.getLong(3));
        assertFalse(rs.next());
      }
      try (ResultSet rs = st.executeQuery("SELECT ServiceName, PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY Duration)"
          + " FROM otel_traces WHERE Duration < 0 GROUP BY ServiceName")) {
        assertFalse(rs.next(), "no groups");
      }
      for (String bad : List.of("1.5", "-0.1", "2")) {
        SQLException e = assertThrows(SQLException.class, () -> st.executeQuery(
            "SELECT PERCENTILE_CONT(" + bad + ") WITHIN GROUP (ORDER BY Duration) FROM otel_traces"));
        assertEquals(FlightStatusCode.INVALID_ARGUMENT, flightStatus(e), bad + ": " + e);
        assertTrue(e.getMessage().contains("between 0 and 1"), e.getMessage());
      }
      try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM otel_traces")) {
        assertTrue(rs.next(), "the server keeps serving");
      }
    }
    Map<String, List<Double>> values = oracleValues(cluster,
        "SELECT ServiceName, Duration FROM otel_traces ORDER BY ServiceName, Duration");
    // beside APPROX_PERCENTILE of the same column: one shard query, grouped by (service, value, log-bucket)
    String approx = "SELECT ServiceName, PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY Duration),"
        + " APPROX_PERCENTILE(Duration, 0.5), MAX(Duration), PERCENTILE_DISC(0.9) WITHIN GROUP (ORDER BY Duration)"
        + " FROM otel_traces GROUP BY ServiceName";
    // beside a variance: not split (documented): raw values, merged by the row engine, still exact
    String variance = "SELECT ServiceName, PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY Duration),"
        + " APPROX_PERCENTILE(Duration, 0.5), STDDEV_POP(Duration), PERCENTILE_DISC(0.9) WITHIN GROUP (ORDER BY Duration)"
        + " FROM otel_traces GROUP BY ServiceName";
    for (String mixed : List.of(approx, variance)) {
      Map<String, List<Object>> actual = run(cluster, mixed, 5);
      assertEquals(values.keySet(), actual.keySet());
      for (var e : actual.entrySet()) {
        List<Double> v = values.get(e.getKey());
        assertPercentiles(e.getKey(), v, e.getValue(), List.of(new Pct(true, 0.5, false, 1),
            new Pct(false, 0.9, false, 4)));
        double exact = v.get((int) Math.floor(0.5 * (v.size() - 1)));
        double got = (Double) e.getValue().get(2);
        assertTrue(Math.abs(got - exact) <= 0.01 * exact, "APPROX_PERCENTILE " + got + " vs " + exact);
        if (mixed == approx) {
          assertEquals(v.get(v.size() - 1), ((Number) e.getValue().get(3)).doubleValue(), 0.0, "MAX");
        }
      }
    }
    assertValueCountsOnly(cluster, approx, "otel_traces", "\"Timestamp\"", "ServiceName, Duration", "1 = 1",
        "fallback"); // (the APPROX_PERCENTILE merge runs in the row engine, over the value counts)
    assertEquals("fallback", cluster.awaitStats(variance, WAIT).executionPath());
    assertFalse(cluster.awaitStats(variance, WAIT).requests().get(0).sql().contains("GROUP BY"), "raw values");
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** Runs {@code sql}; the rows keyed by the first column's text (null for NULL), each row's values as Java values. */
  private static Map<String, List<Object>> run(ShardedCluster cluster, String sql, int columns)
      throws SQLException {
    Map<String, List<Object>> out = new LinkedHashMap<>();
    try (Connection c = cluster.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      var md = rs.getMetaData();
      assertEquals(columns, md.getColumnCount());
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          String type = md.getColumnTypeName(i).toUpperCase(java.util.Locale.ROOT);
          Object v;
          if (type.contains("DOUBLE") || type.contains("FLOAT")) {
            double d = rs.getDouble(i);
            v = rs.wasNull() ? null : d;
          } else if (type.contains("BIGINT") || type.contains("INT")) {
            long l = rs.getLong(i);
            v = rs.wasNull() ? null : l;
          } else {
            v = rs.getString(i);
          }
          row.add(v);
        }
        assertFalse(out.containsKey((String) (row.get(0) == null ? null : row.get(0).toString())), "duplicate group");
        out.put(row.get(0) == null ? null : row.get(0).toString(), row);
      }
    }
    return out;
  }

  /** Each group's non-NULL values of the second column, in ascending order, from the oracle (groups as text). */
  private static Map<String, List<Double>> oracleValues(ShardedCluster cluster, String sql) throws SQLException {
    Map<String, List<Double>> out = new LinkedHashMap<>();
    try (Connection o = cluster.connectOracle(); Statement st = o.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        String g = rs.getString(1);
        List<Double> l = out.computeIfAbsent(g, k -> new ArrayList<>());
        double v = rs.getDouble(2);
        if (!rs.wasNull()) {
          l.add(v);
        }
      }
    }
    return out;
  }

  /** Like {@link #oracleValues} but the values as exact longs. */
  private static Map<String, List<Long>> oracleLongs(ShardedCluster cluster, String sql) throws SQLException {
    Map<String, List<Long>> out = new HashMap<>();
    try (Connection o = cluster.connectOracle(); Statement st = o.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        List<Long> l = out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>());
        long v = rs.getLong(2);
        if (!rs.wasNull()) {
          l.add(v);
        }
      }
    }
    return out;
  }

  /** The 1-based row of PERCENTILE_DISC: the first row whose cumulative distribution row/n reaches q. */
  private static int discRow(int n, double q) {
    for (int row = 1; row <= n; row++) {
      if ((double) row / n >= q) {
        return row;
      }
    }
    return n;
  }

  /** Checks the percentile columns of one result row against the sorted values of its group. */
  private static void assertPercentiles(String group, List<Double> ascending, List<Object> row, List<Pct> pcts) {
    for (Pct p : pcts) {
      List<Double> v = new ArrayList<>(ascending);
      if (p.desc()) {
        Collections.reverse(v);
      }
      Object got = row.get(p.column());
      String what = (p.cont() ? "PERCENTILE_CONT(" : "PERCENTILE_DISC(") + p.q() + ")" + (p.desc() ? " DESC" : "")
          + " of group " + group + " (" + v.size() + " values)";
      if (v.isEmpty()) {
        assertEquals(null, got, what);
        continue;
      }
      double expected;
      if (p.cont()) {
        double pos = p.q() * (v.size() - 1);
        double a = v.get((int) Math.floor(pos));
        double b = v.get((int) Math.ceil(pos));
        expected = pos == Math.floor(pos) ? a : a + (b - a) * (pos - Math.floor(pos));
      } else {
        expected = v.get(discRow(v.size(), p.q()) - 1);
      }
      assertEquals(expected, ((Number) got).doubleValue(), 0.0, what);
    }
  }

  /**
   * Checks that every shard request of {@code sql} returned at most as many rows as its slice has distinct
   * ({@code pairs}) under {@code where}, and that each shard query groups (no raw rows). Returns the rows received.
   */
  private static long assertValueCountsOnly(ShardedCluster cluster, String sql, String table, String timeColumn,
      String pairs, String where) throws Exception {
    return assertValueCountsOnly(cluster, sql, table, timeColumn, pairs, where, "columnar");
  }

  /** As above; {@code path} is the coordinator's expected execution path. */
  private static long assertValueCountsOnly(ShardedCluster cluster, String sql, String table, String timeColumn,
      String pairs, String where, String path) throws Exception {
    QueryStats stats = cluster.awaitStats(sql, WAIT);
    assertEquals(path, stats.executionPath(), "where the coordinator merges the counts");
    Map<String, GeneratedShard> byId = new HashMap<>();
    for (GeneratedShard s : cluster.shards()) {
      byId.put(s.id(), s);
    }
    long total = 0;
    assertFalse(stats.requests().isEmpty());
    try (Connection o = cluster.connectOracle(); Statement st = o.createStatement()) {
      for (ShardRequestStats r : stats.requests()) {
        assertTrue(r.sql().contains("GROUP BY") && r.sql().contains("COUNT(*)"), "value counts: " + r.sql());
        GeneratedShard s = byId.get(r.shardId());
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM (SELECT DISTINCT " + pairs + " FROM " + table
            + " WHERE " + timeColumn + " >= " + s.startNanos() + " AND " + timeColumn + " < " + s.endNanos()
            + " AND " + where + ")")) {
          rs.next();
          long distinct = rs.getLong(1);
          assertTrue(r.rowsReceived() <= distinct, r.shardId() + " sent " + r.rowsReceived()
              + " rows for " + distinct + " distinct (group, value) pairs");
        }
        total += r.rowsReceived();
      }
    }
    assertEquals(total, stats.rowsReceived());
    return total;
  }

  /** The Flight status code in the cause chain of {@code e}, or null. */
  private static FlightStatusCode flightStatus(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof FlightRuntimeException f) {
        return f.status().code();
      }
    }
    return null;
  }
}
