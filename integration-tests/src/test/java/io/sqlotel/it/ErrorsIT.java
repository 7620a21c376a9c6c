package io.sqlotel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.shard.server.ShardServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Failures seen through the JDBC driver: bad SQL carries the validator's position, writes are refused before any
 * shard is asked, a shard that is down fails the query with its name, and after each failure the server keeps
 * answering and its allocator returns to zero.
 */
class ErrorsIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** Set by tests that start their own cluster; closed after the test. */
  private ShardedCluster dedicated;

  @TempDir
  Path dir;

  @AfterEach
  void allocatorsAreIdle() throws Exception {
    try {
      assertEquals(0, ShardedCluster.shared(2).awaitAllocatorIdle(WAIT),
          "Arrow bytes still allocated by the shared cluster's Flight server");
      if (dedicated != null) {
        assertEquals(0, dedicated.awaitAllocatorIdle(WAIT),
            "Arrow bytes still allocated by the dedicated cluster's Flight server");
      }
    } finally {
      if (dedicated != null) {
        dedicated.close(); // also throws if the root allocator leaked
        dedicated = null;
      }
    }
  }

  @Test
  void syntaxErrorCarriesThePositionAndTheServerKeepsServing() throws Exception {
    ShardedCluster cluster = ShardedCluster.shared(2);
    try (Connection c = cluster.connect(); Statement st = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class,
          () -> st.executeQuery("SELECT ServiceName FROM otel_logs WHERE WHERE SeverityNumber > 9"));
      String m = e.getMessage();
      assertTrue(m.contains("line 1, column 41"), "position of the second WHERE: " + m);
      assertTrue(m.toLowerCase(Locale.ROOT).contains("parse") || m.contains("Encountered"), m);
      assertAnswers(cluster, c);
    }
  }

  @Test
  void unknownColumnCarriesTheValidatorMessageAndTheServerKeepsServing() throws Exception {
    ShardedCluster cluster = ShardedCluster.shared(2);
    try (Connection c = cluster.connect(); Statement st = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class,
          () -> st.executeQuery("SELECT ServiceName, no_such_column FROM otel_logs"));
      String m = e.getMessage();
      assertTrue(m.contains("line 1, column 21") && m.contains("no_such_column") && m.contains("not found"),
          "validator message with the column's position: " + m);
      SQLException table = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM otel_logz"));
      assertTrue(table.getMessage().contains("line 1, column 15") && table.getMessage().contains("otel_logz"),
          table.getMessage());
      assertAnswers(cluster, c);
    }
  }

  @Test
  void writesAreRefusedWithoutAskingAShard() throws Exception {
    ShardedCluster cluster = ShardedCluster.shared(2);
    cluster.clearStatsAndRequestLogs();
    try (Connection c = cluster.connect(); Statement st = c.createStatement()) {
      for (String sql : List.of("INSERT INTO otel_logs (ServiceName, Body) VALUES ('x', 'y')",
          "INSERT INTO edge_values (ts, i) SELECT ts, i FROM edge_values",
          "DELETE FROM otel_logs WHERE ServiceName = 'cart'")) {
        SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), sql);
        assertTrue(e.getMessage().contains("read-only"), sql + " -> " + e.getMessage());
      }
      for (ShardServer s : cluster.shardServers()) {
        assertEquals(List.of(), s.requestLog(), "no shard may receive a write");
      }
      assertAnswers(cluster, c);
    }
  }

  /**
   * SQLite raises "integer overflow" when SUM leaves int64; sqlotel must fail too, not wrap around. Over 24 shards no
   * single shard overflows: the coordinator's final SUM of the partial sums must detect it (it once returned
   * 141471187521827720).
   */
  @ParameterizedTest(name = "[{0} shards]")
  @ValueSource(ints = {1, 2, 24})
  void integerOverflowInSumIsAnError(int shards) throws Exception {
    ShardedCluster cluster = ShardedCluster.shared(shards);
    String sql = "SELECT SUM(i) FROM edge_values WHERE i > 0";
    try (Connection oracle = cluster.connectOracle(); Statement st = oracle.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> st.executeQuery(sql).next(), "oracle");
      assertTrue(e.getMessage().contains("integer overflow"), e.getMessage());
    }
    try (Connection c = cluster.connect(); Statement st = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> {
        try (var rs = st.executeQuery(sql)) {
          rs.next();
          throw new AssertionError("SUM(i) returned " + rs.getString(1) + " instead of failing");
        }
      });
      assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains("overflow"), e.getMessage());
      assertAnswers(cluster, c);
    }
  }

  @Test
  void shardDownFailsTheQueryNamingTheShardAndTheServerKeepsServing() throws Exception {
    dedicated = ShardedCluster.start(dir, 2);
    ShardServer down = dedicated.shardServers().get(1);
    String downId = dedicated.shards().get(1).id();
    down.close();
    try (Connection c = dedicated.connect(); Connection oracle = dedicated.connectOracle();
        Statement st = c.createStatement()) {
      for (String sql : List.of("SELECT COUNT(*) FROM otel_logs",
          "SELECT ServiceName, SpanId FROM otel_traces WHERE Duration > 1000000",
          "SELECT l.Body FROM otel_logs l JOIN otel_traces t ON l.SpanId = t.SpanId")) {
        // The failure comes as an SQLException from executeQuery, or, when rows of the healthy shard were already
        // streamed, from ResultSet.next(): there the driver lets the unchecked FlightRuntimeException through.
        Exception e = assertThrows(Exception.class, () -> {
          try (var rs = st.executeQuery(sql)) {
            while (rs.next()) {
              // drain
            }
          }
        }, sql);
        assertTrue(e instanceof SQLException || e instanceof FlightRuntimeException, sql + ": " + e);
        assertTrue(e.getMessage().contains(downId), "the message names " + downId + ": " + e.getMessage());
        assertEquals(FlightStatusCode.UNAVAILABLE, flightStatus(e), sql + ": " + e);
      }
      // Queries pruned to the shard that is up still answer, and correctly.
      new Oracle(c, oracle).assertSameResult(ParityQuery.of("first half only", false,
          "SELECT ServiceName, COUNT(*) FROM otel_logs WHERE \"Timestamp\" < {ts '2026-01-01 12:00:00'}"
              + " GROUP BY ServiceName"));
    }
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

  /** The server still answers a plain query correctly. */
  private static void assertAnswers(ShardedCluster cluster, Connection c) throws SQLException {
    try (Connection oracle = cluster.connectOracle()) {
      new Oracle(c, oracle).assertSameResult(ParityQuery.of("still serving", false,
          "SELECT SeverityText, COUNT(*) FROM otel_logs GROUP BY SeverityText"));
    }
  }
}
