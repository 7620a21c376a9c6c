package io.sqlotel.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.coordinator.QueryStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * APPROX_PERCENTILE through the JDBC driver: within the documented 1% relative error of the exact value of the same
 * rank (floor(q * (n - 1)) of the sorted values, read from the oracle), with only bucket counts leaving the shards.
 */
class ApproxPercentileIT {

  @ParameterizedTest(name = "{0} shards")
  @ValueSource(ints = {1, 2, 24})
  void percentilesPerServiceWithinOnePercent(int shards) throws Exception {
    ShardedCluster cluster = ShardedCluster.shared(shards);
    cluster.clearStatsAndRequestLogs();
    String sql = "SELECT ServiceName, COUNT(*), APPROX_PERCENTILE(Duration, 0.5), APPROX_PERCENTILE(Duration, 0.99)"
        + " FROM otel_traces GROUP BY ServiceName";
    Map<String, double[]> actual = new LinkedHashMap<>();
    try (Connection c = cluster.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        actual.put(rs.getString(1), new double[] {rs.getLong(2), rs.getDouble(3), rs.getDouble(4)});
      }
    }
    assertFalse(actual.isEmpty());
    QueryStats stats = cluster.awaitStats(sql, Duration.ofSeconds(10));
    long rawRows;
    try (Connection o = cluster.connectOracle()) {
      try (Statement st = o.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM otel_traces")) {
        rs.next();
        rawRows = rs.getLong(1);
      }
      for (Map.Entry<String, double[]> e : actual.entrySet()) {
        long n = (long) e.getValue()[0];
        for (int i = 0; i < 2; i++) {
          double q = i == 0 ? 0.5 : 0.99;
          double exact = exactAtRank(o, e.getKey(), (long) Math.floor(q * (n - 1)));
          double got = e.getValue()[1 + i];
          assertTrue(Math.abs(got - exact) <= 0.01 * Math.abs(exact) + 1e-9,
              e.getKey() + " p" + q + ": " + got + " vs exact " + exact);
        }
      }
    }
    assertTrue(stats.rowsReceived() < rawRows, "bucket counts, not raw rows: " + stats.rowsReceived());
    assertTrue(stats.requests().size() >= 1);
    for (var server : cluster.shardServers()) {
      for (String shardSql : server.requestLog()) {
        assertTrue(shardSql.contains("GROUP BY") && shardSql.contains("LN(ABS("), shardSql);
      }
    }
  }

  @ParameterizedTest(name = "{0} shards")
  @ValueSource(ints = {24})
  void emptyInputGivesNull(int shards) throws Exception {
    ShardedCluster cluster = ShardedCluster.shared(shards);
    try (Connection c = cluster.connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT APPROX_PERCENTILE(Duration, 0.9) FROM otel_traces WHERE Duration < 0")) {
      assertTrue(rs.next());
      rs.getDouble(1);
      assertTrue(rs.wasNull());
      assertFalse(rs.next());
    }
  }

  private static double exactAtRank(Connection oracle, String service, long rank) throws Exception {
    try (PreparedStatement ps = oracle.prepareStatement(
        "SELECT Duration FROM otel_traces WHERE ServiceName = ? ORDER BY Duration LIMIT 1 OFFSET ?")) {
      ps.setString(1, service);
      ps.setLong(2, rank);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        return rs.getDouble(1);
      }
    }
  }

}
