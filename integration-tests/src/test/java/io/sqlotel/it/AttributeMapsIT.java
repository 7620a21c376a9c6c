package io.sqlotel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.coordinator.QueryStats;
import io.sqlotel.shard.client.ShardRequestStats;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attribute maps ({@code MAP<VARCHAR, VARCHAR>}) over the 24-shard cluster: filters, projections and GROUP BY on
 * items reach every shard as SQLite JSON extraction (checked in the SQL each shard received and the rows it sent);
 * what the Flight SQL JDBC driver 18.3 gives for a whole map; whole-map comparisons fail with INVALID_ARGUMENT and
 * the server keeps serving. Result parity with the oracle for these shapes is in {@link ParityQueries}.
 */
class AttributeMapsIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static ShardedCluster cluster;
  private static Connection sqlotel;
  private static Connection oracleConnection;
  private static Oracle oracle;

  @BeforeAll
  static void connect() throws Exception {
    cluster = ShardedCluster.shared(24);
    sqlotel = cluster.connect();
    oracleConnection = cluster.connectOracle();
    oracle = new Oracle(sqlotel, oracleConnection);
  }

  @AfterAll
  static void close() throws Exception {
    sqlotel.close();
    oracleConnection.close();
    assertEquals(0, cluster.awaitAllocatorIdle(WAIT), "Arrow bytes still allocated by the Flight server");
  }

  private static QueryStats run(ParityQuery q) throws Exception {
    cluster.clearStatsAndRequestLogs();
    oracle.assertSameResult(q);
    return cluster.awaitStats(q.sqlotelSql(), WAIT);
  }

  private static long oracleCount(String sql) throws SQLException {
    try (Statement st = oracleConnection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void itemFiltersArePushedAndOnlyMatchingRowsLeaveTheShards() throws Exception {
    ParityQuery q = ParityQuery.of("item filter", false,
        "SELECT SpanId, SpanAttributes['http.route'] FROM otel_traces WHERE SpanAttributes['http.status_code'] = '500'"
            + " AND ResourceAttributes['host.name'] LIKE 'frontend-%'",
        "SELECT SpanId, json_extract(SpanAttributes, '$.\"http.route\"') FROM otel_traces"
            + " WHERE json_extract(SpanAttributes, '$.\"http.status_code\"') = '500'"
            + " AND json_extract(ResourceAttributes, '$.\"host.name\"') GLOB 'frontend-*'");
    QueryStats s = run(q);
    long matching = oracleCount("SELECT COUNT(*) FROM otel_traces WHERE json_extract(SpanAttributes,"
        + " '$.\"http.status_code\"') = '500' AND json_extract(ResourceAttributes, '$.\"host.name\"') GLOB 'frontend-*'");
    assertTrue(matching > 0, "the filter must match some spans");
    assertEquals(matching, s.rowsReceived(), "only the matching rows leave the shards");
    assertEquals(24, s.shardsAsked());
    for (ShardRequestStats r : s.requests()) {
      assertTrue(r.sql().contains("WHERE json_extract(\"SpanAttributes\", '$.\"http.status_code\"') = '500'")
          && r.sql().contains("json_extract(\"ResourceAttributes\", '$.\"host.name\"') GLOB 'frontend-*'"), r.sql());
      assertTrue(r.sql().startsWith("SELECT \"SpanId\", json_extract(\"SpanAttributes\", '$.\"http.route\"') FROM"),
          "only the item is selected, not the whole map: " + r.sql());
    }
  }

  @Test
  void groupByItemIsAPartialAggregateOnEachShard() throws Exception {
    ParityQuery q = ParityQuery.of("group by item", false,
        "SELECT ResourceAttributes['host.name'] AS host, COUNT(*), MAX(SeverityNumber) FROM otel_logs"
            + " WHERE LogAttributes['thread.name'] = 'worker-3' GROUP BY ResourceAttributes['host.name']",
        "SELECT json_extract(ResourceAttributes, '$.\"host.name\"') AS host, COUNT(*), MAX(SeverityNumber)"
            + " FROM otel_logs WHERE json_extract(LogAttributes, '$.\"thread.name\"') = 'worker-3'"
            + " GROUP BY json_extract(ResourceAttributes, '$.\"host.name\"')");
    QueryStats s = run(q);
    long groups = oracleCount("SELECT COUNT(DISTINCT json_extract(ResourceAttributes, '$.\"host.name\"'))"
        + " FROM otel_logs WHERE json_extract(LogAttributes, '$.\"thread.name\"') = 'worker-3'");
    long raw = oracleCount("SELECT COUNT(*) FROM otel_logs"
        + " WHERE json_extract(LogAttributes, '$.\"thread.name\"') = 'worker-3'");
    assertTrue(s.rowsReceived() <= groups * s.shardsAsked() && s.rowsReceived() < raw,
        s.rowsReceived() + " rows received for " + groups + " groups, " + raw + " raw rows");
    for (ShardRequestStats r : s.requests()) {
      assertTrue(r.sql().contains("GROUP BY json_extract(\"ResourceAttributes\", '$.\"host.name\"')"), r.sql());
    }
  }

  @Test
  void numericComparisonsOnItemsKeepTheirCastOnTheShards() throws Exception {
    ParityQuery q = ParityQuery.of("CAST item", true,
        "SELECT COUNT(*) FROM otel_traces WHERE CAST(SpanAttributes['http.status_code'] AS INTEGER) >= 500",
        "SELECT COUNT(*) FROM otel_traces"
            + " WHERE CAST(json_extract(SpanAttributes, '$.\"http.status_code\"') AS INTEGER) >= 500");
    QueryStats s = run(q);
    for (ShardRequestStats r : s.requests()) {
      assertTrue(r.sql().contains("WHERE CAST(json_extract(\"SpanAttributes\", '$.\"http.status_code\"') AS INTEGER)"
          + " >= 500"), r.sql());
    }
    // without the CAST SQLite compares text with a number (text is always larger): the CAST matters
    assertTrue(oracleCount("SELECT COUNT(*) FROM otel_traces WHERE json_extract(SpanAttributes,"
        + " '$.\"http.status_code\"') >= 500") > oracleCount(q.oracleSql()));
  }

  @Test
  void coordinatorPathsCarryMaps() throws Exception {
    QueryStats computedKey = run(ParityQuery.of("computed key", false,
        "SELECT SpanId, SpanAttributes[CASE WHEN SpanKind = 'Client' THEN 'peer.service' ELSE 'http.route' END]"
            + " FROM otel_traces WHERE ServiceName = 'cart'",
        "SELECT SpanId, json_extract(SpanAttributes, CASE WHEN SpanKind = 'Client' THEN '$.\"peer.service\"'"
            + " ELSE '$.\"http.route\"' END) FROM otel_traces WHERE ServiceName = 'cart'"));
    assertEquals("fallback", computedKey.executionPath(), "ITEM with a computed key runs in Calcite's row engine");
    QueryStats join = run(ParityQuery.of("join", false,
        "SELECT l.LogAttributes, t.SpanAttributes, t.ResourceAttributes FROM otel_logs l"
            + " JOIN otel_traces t ON l.SpanId = t.SpanId WHERE t.SpanAttributes['http.method'] = 'POST'",
        "SELECT l.LogAttributes, t.SpanAttributes, t.ResourceAttributes FROM otel_logs l"
            + " JOIN otel_traces t ON l.SpanId = t.SpanId"
            + " WHERE json_extract(t.SpanAttributes, '$.\"http.method\"') = 'POST'"));
    assertEquals("columnar", join.executionPath(), "maps pass through the columnar hash join");
  }

  @Test
  void theJdbcDriverReadsAMapAsJavaObject() throws Exception {
    try (Statement st = sqlotel.createStatement();
        ResultSet rs = st.executeQuery("SELECT SpanAttributes, SpanAttributes['http.method'] FROM otel_traces"
            + " WHERE SpanKind = 'Server' AND ServiceName = 'frontend' LIMIT 1")) {
      ResultSetMetaData md = rs.getMetaData();
      assertEquals(Types.JAVA_OBJECT, md.getColumnType(1));
      assertEquals("JAVA_OBJECT", md.getColumnTypeName(1));
      assertEquals(Types.VARCHAR, md.getColumnType(2));
      assertTrue(rs.next());
      Map<?, ?> map = assertInstanceOf(Map.class, rs.getObject(1));
      assertEquals(4, map.size(), map.toString());
      assertInstanceOf(org.apache.arrow.vector.util.Text.class, map.values().iterator().next(),
          "the driver's map values are Arrow Text");
      Map<String, String> m = Oracle.sqlotelMap(map);
      assertEquals(rs.getString(2), m.get("http.method"));
      assertEquals("8080", m.get("net.host.port"));
      // getString is the map as JSON text (the driver's JsonStringHashMap.toString)
      assertEquals(m, Oracle.jsonMap(rs.getString(1)));
    }
    try (ResultSet rs = sqlotel.getMetaData().getColumns(null, null, "otel_logs", "LogAttributes")) {
      assertTrue(rs.next());
      assertEquals("MAP", rs.getString("TYPE_NAME"));
      assertEquals(Types.JAVA_OBJECT, rs.getInt("DATA_TYPE"));
    }
  }

  @Test
  void comparingWholeMapsIsInvalidArgumentAndTheServerKeepsServing() throws Exception {
    try (Statement st = sqlotel.createStatement()) {
      for (String sql : List.of("SELECT SpanAttributes, COUNT(*) FROM otel_traces GROUP BY SpanAttributes",
          "SELECT DISTINCT ResourceAttributes FROM otel_logs",
          "SELECT LogAttributes FROM otel_logs ORDER BY LogAttributes")) {
        SQLException e = assertThrows(SQLException.class, () -> st.executeQuery(sql), sql);
        assertEquals(FlightStatusCode.INVALID_ARGUMENT, flightStatus(e), sql);
        assertTrue(e.getMessage().contains("maps cannot be compared") && e.getMessage().contains("['key']"),
            e.getMessage());
      }
    }
    oracle.assertSameResult(ParityQuery.of("still serving", false,
        "SELECT SeverityText, COUNT(*) FROM otel_logs GROUP BY SeverityText"));
  }

  private static FlightStatusCode flightStatus(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof FlightRuntimeException f) {
        return f.status().code();
      }
    }
    return null;
  }
}
