package io.sqlotel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sqlotel.coordinator.QueryStats;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Prepared statements with bound TEXT, BIGINT, DOUBLE and TIMESTAMP parameters, executed several times with other
 * values, return the oracle's result; bound time bounds prune shards like literals do.
 */
class PreparedStatementIT extends SharedClusterIT {
  private static final String SQL = "SELECT ServiceName, COUNT(*), SUM(Duration), MAX(SpanId) FROM otel_traces"
      + " WHERE ServiceName IN (?, ?) AND \"Timestamp\" >= ? AND \"Timestamp\" < ? AND Duration > ?"
      + " GROUP BY ServiceName ORDER BY ServiceName";

  @Test
  void boundParametersGiveTheOracleResultAndPrune() throws Exception {
    try (PreparedStatement ps = sqlotel.prepareStatement(SQL);
        PreparedStatement os = oracle.prepareStatement(SQL)) {
      Object[][] bindings = {
          {"cart", "payment", "2026-01-01 05:00:00", "2026-01-01 07:00:00", 1_000_000L},
          {"frontend", "checkout", "2026-01-01 00:00:00", "2026-01-01 12:00:00", 50_000_000L},
          {"email", "no-such-service", "2026-01-01 22:00:00", "2026-01-02 00:00:00", 0L}};
      for (Object[] b : bindings) {
        cluster.clearStatsAndRequestLogs();
        for (PreparedStatement p : List.of(ps, os)) {
          p.setString(1, (String) b[0]);
          p.setString(2, (String) b[1]);
          p.setLong(5, (Long) b[4]);
        }
        long from = ShardedCluster.nanos((String) b[2]);
        long to = ShardedCluster.nanos((String) b[3]);
        ps.setTimestamp(3, timestamp(from));
        ps.setTimestamp(4, timestamp(to));
        os.setLong(3, from);
        os.setLong(4, to);
        List<List<String>> expected = rows(os);
        assertEquals(expected, rows(ps), "bindings " + List.of(b));
        QueryStats stats = cluster.awaitStats(SQL, WAIT);
        int hours = (int) ((to - from) / ShardedCluster.HOUR);
        assertEquals(hours, stats.shardsAsked(), "shards asked for a window of " + hours + " hours");
      }
    }
  }

  @Test
  void doubleParameterComparesWithIntegerColumn() throws Exception {
    String sql = "SELECT COUNT(*) FROM otel_traces WHERE Duration > ?";
    try (PreparedStatement ps = sqlotel.prepareStatement(sql); PreparedStatement os = oracle.prepareStatement(sql)) {
      for (double d : new double[] {1.5e6, 2_000_000.5, 1e12}) {
        ps.setDouble(1, d);
        os.setDouble(1, d);
        assertEquals(rows(os), rows(ps), "Duration > " + d);
      }
    }
  }

  private static Timestamp timestamp(long nanos) {
    return Timestamp.from(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
        Math.floorMod(nanos, 1_000_000_000L)));
  }

  private static List<List<String>> rows(PreparedStatement ps) throws SQLException {
    List<List<String>> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        out.add(row);
      }
    }
    return out;
  }
}
