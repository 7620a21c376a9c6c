package io.sqlotel.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.coordinator.TableInfo;
import io.sqlotel.shard.server.ShardServer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server through the real Arrow Flight SQL JDBC driver, over the real engine and real shard servers. */
class JdbcDriverTest {
  @TempDir
  static Path dir;

  static TestCluster cluster;
  static Connection conn;

  @BeforeAll
  static void start() throws Exception {
    Class.forName("org.apache.arrow.driver.jdbc.ArrowFlightJdbcDriver");
    cluster = TestCluster.start(dir, null);
    conn = DriverManager.getConnection(cluster.jdbcUrl());
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (conn != null) {
        conn.close();
      }
    } finally {
      if (cluster != null) {
        long allocated = cluster.server.allocatedBytes();
        cluster.close(); // throws if the root allocator leaked
        assertEquals(0, allocated, "bytes still allocated by the server after the tests");
      }
    }
  }

  @Test
  void everyNoArgumentDatabaseMetaDataGetterAnswers() throws Exception {
    DatabaseMetaData md = conn.getMetaData();
    Map<String, String> failures = new TreeMap<>();
    for (Method m : DatabaseMetaData.class.getMethods()) {
      Class<?> r = m.getReturnType();
      boolean simple = r == boolean.class || r == int.class || r == long.class || r == String.class;
      if (m.getParameterCount() == 0 && simple) {
        try {
          m.invoke(md);
        } catch (InvocationTargetException e) {
          failures.put(m.getName(), String.valueOf(e.getCause()));
        }
      }
    }
    assertTrue(failures.isEmpty(), "DatabaseMetaData getters that threw: " + failures);

    assertEquals("sqlotel", md.getDatabaseProductName());
    assertEquals(ServerVersion.sqlotel(), md.getDatabaseProductVersion());
    assertEquals("\"", md.getIdentifierQuoteString());
    assertTrue(md.isReadOnly());
    assertEquals("\\", md.getSearchStringEscape());
    assertFalse(md.getSQLKeywords().isEmpty());
    assertTrue(md.getNumericFunctions().contains("ABS"));
    assertTrue(md.getStringFunctions().contains("UPPER"));
    assertTrue(md.getTimeDateFunctions().contains("CURRENT_TIMESTAMP"));
    assertFalse(md.getSystemFunctions().isEmpty());
    assertFalse(md.supportsTransactions());
    assertFalse(md.supportsSavepoints());
    assertFalse(md.supportsBatchUpdates());
    assertTrue(md.supportsColumnAliasing());
    assertTrue(md.nullPlusNonNullIsNull());
    assertTrue(md.supportsGroupBy());
    assertTrue(md.supportsLikeEscapeClause());
    assertTrue(md.supportsOuterJoins());
    assertTrue(md.supportsUnionAll());
    assertTrue(md.supportsSubqueriesInExists());
    assertTrue(md.supportsConvert());
    assertEquals(0, md.getMaxColumnNameLength());
    assertEquals(Connection.TRANSACTION_NONE, md.getDefaultTransactionIsolation());
    assertTrue(md.supportsResultSetType(java.sql.ResultSet.TYPE_FORWARD_ONLY));
    assertTrue(md.supportsTransactionIsolationLevel(Connection.TRANSACTION_NONE));
    assertFalse(md.supportsTransactionIsolationLevel(Connection.TRANSACTION_SERIALIZABLE));
  }

  @Test
  void catalogsSchemasAndTableTypes() throws Exception {
    DatabaseMetaData md = conn.getMetaData();
    assertEquals(List.of(List.of("sqlotel")), rows(md.getCatalogs(), "TABLE_CAT"));
    assertEquals(List.of(List.of("otel", "sqlotel")), rows(md.getSchemas(), "TABLE_SCHEM", "TABLE_CATALOG"));
    assertEquals(1, rows(md.getSchemas("sqlotel", "ot%"), "TABLE_SCHEM").size());
    assertEquals(1, rows(md.getSchemas(null, "o_el"), "TABLE_SCHEM").size());
    assertEquals(0, rows(md.getSchemas(null, "x%"), "TABLE_SCHEM").size());
    assertEquals(0, rows(md.getSchemas("other", null), "TABLE_SCHEM").size());
    assertEquals(List.of(List.of("TABLE")), rows(md.getTableTypes(), "TABLE_TYPE"));
  }

  @Test
  void tablesWithFilters() throws Exception {
    DatabaseMetaData md = conn.getMetaData();
    List<String> expected = new ArrayList<>();
    for (TableInfo t : cluster.engine.tables()) {
      expected.add(t.name());
    }
    List<List<String>> all = rows(md.getTables(null, null, "%", null), "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME",
        "TABLE_TYPE");
    assertEquals(expected.size(), all.size());
    for (int i = 0; i < all.size(); i++) {
      assertEquals(List.of("sqlotel", "otel", expected.get(i), "TABLE"), all.get(i));
    }
    assertTrue(expected.contains("otel_logs") && expected.contains("otel_traces"), expected.toString());

    assertEquals(List.of(List.of("otel_logs")),
        rows(md.getTables("sqlotel", "otel", "otel\\_logs", new String[] {"TABLE"}), "TABLE_NAME"));
    assertEquals(List.of(List.of("otel_logs")), rows(md.getTables(null, null, "OTEL_LOGS", null), "TABLE_NAME"));
    assertEquals(expected.size() - 2, rows(md.getTables(null, null, "otel\\_metrics%", null), "TABLE_NAME").size());
    assertEquals(0, rows(md.getTables(null, null, "%", new String[] {"VIEW"}), "TABLE_NAME").size());
    assertEquals(0, rows(md.getTables("", null, "%", null), "TABLE_NAME").size());
    assertEquals(0, rows(md.getTables(null, "public", "%", null), "TABLE_NAME").size());
  }

  @Test
  void columnsCarryTypesNullabilityAndOrder() throws Exception {
    TableInfo logs = cluster.engine.tables().stream().filter(t -> t.name().equals("otel_logs")).findFirst()
        .orElseThrow();
    try (ResultSet rs = conn.getMetaData().getColumns(null, null, "otel_logs", "%")) {
      int i = 0;
      while (rs.next()) {
        Field f = logs.schema().getFields().get(i);
        assertEquals("sqlotel", rs.getString("TABLE_CAT"));
        assertEquals("otel", rs.getString("TABLE_SCHEM"));
        assertEquals("otel_logs", rs.getString("TABLE_NAME"));
        assertEquals(f.getName(), rs.getString("COLUMN_NAME"));
        assertEquals(i + 1, rs.getInt("ORDINAL_POSITION"));
        assertEquals(f.isNullable() ? "YES" : "NO", rs.getString("IS_NULLABLE"));
        i++;
      }
      assertEquals(logs.schema().getFields().size(), i);
    }
    Map<String, String> types = new TreeMap<>();
    try (ResultSet rs = conn.getMetaData().getColumns(null, null, "otel_logs", null)) {
      while (rs.next()) {
        types.put(rs.getString("COLUMN_NAME"), rs.getString("TYPE_NAME") + "/" + rs.getInt("DATA_TYPE"));
      }
    }
    assertEquals("TIMESTAMP/" + Types.TIMESTAMP, types.get("Timestamp"));
    assertEquals("VARCHAR/" + Types.VARCHAR, types.get("ServiceName"));
    assertEquals("BIGINT/" + Types.BIGINT, types.get("SeverityNumber"));
    assertEquals(List.of(List.of("Body")), rows(conn.getMetaData().getColumns(null, null, "otel_logs", "B%"),
        "COLUMN_NAME"));
  }

  @Test
  void keysAreEmpty() throws Exception {
    DatabaseMetaData md = conn.getMetaData();
    assertEquals(0, rows(md.getPrimaryKeys(null, null, "otel_logs"), "COLUMN_NAME").size());
    assertEquals(0, rows(md.getImportedKeys(null, null, "otel_logs"), "PKTABLE_NAME").size());
    assertEquals(0, rows(md.getExportedKeys(null, null, "otel_logs"), "PKTABLE_NAME").size());
    assertEquals(0, rows(md.getCrossReference(null, null, "otel_logs", null, null, "otel_traces"),
        "PKTABLE_NAME").size());
  }

  @Test
  void selectReadsBothShards() throws Exception {
    List<List<String>> got = new ArrayList<>();
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT \"Timestamp\", ServiceName, SeverityNumber, Body FROM otel_logs ORDER BY \"Timestamp\"")) {
      while (rs.next()) {
        Timestamp ts = rs.getTimestamp(1);
        got.add(List.of(String.valueOf(ts.toInstant().getEpochSecond() * TestCluster.SECOND + ts.getNanos()),
            rs.getString(2), String.valueOf(rs.getLong(3)), rs.getString(4)));
      }
    }
    List<List<String>> expected = new ArrayList<>();
    for (TestCluster.Log l : TestCluster.LOGS) {
      expected.add(List.of(String.valueOf(l.ts()), l.service(), String.valueOf(l.severity()), l.body()));
    }
    assertEquals(expected, got);
  }

  @Test
  void tableNamesMayBeQualifiedWithTheSchema() throws Exception {
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM otel.otel_logs")) {
      assertTrue(rs.next());
      assertEquals(TestCluster.LOGS.size(), rs.getLong(1));
    }
  }

  @Test
  void preparedStatementsBindParameters() throws Exception {
    try (PreparedStatement ps = conn.prepareStatement(
        "SELECT Body FROM otel_logs WHERE SeverityNumber >= ? AND SeverityNumber < ? ORDER BY \"Timestamp\"")) {
      assertEquals(2, ps.getParameterMetaData().getParameterCount());
      ps.setLong(1, 10);
      ps.setLong(2, 17);
      assertEquals(List.of(List.of("slow")), rows(ps.executeQuery(), "Body"));
      // The same statement again with other values: the re-bound handle replaces the first one.
      ps.setLong(1, 17);
      ps.setLong(2, 100);
      assertEquals(List.of(List.of("boom"), List.of("declined")), rows(ps.executeQuery(), "Body"));
    }
  }

  @Test

  void preparedStatementsBindTextParameters() throws Exception {
    try (PreparedStatement ps = conn.prepareStatement(
        "SELECT Body FROM otel_logs WHERE ServiceName = ? ORDER BY \"Timestamp\"")) {
      ps.setString(1, "cart");
      assertEquals(List.of(List.of("ok"), List.of("slow")), rows(ps.executeQuery(), "Body"));
    }
  }

  @Test

  void preparedStatementsBindTimestampParameters() throws Exception {
    try (PreparedStatement ps = conn.prepareStatement(
        "SELECT Body FROM otel_logs WHERE \"Timestamp\" >= ? ORDER BY \"Timestamp\"")) {
      ps.setTimestamp(1, Timestamp.from(Instant.parse("2024-06-01T01:00:00Z")));
      assertEquals(List.of(List.of("slow"), List.of("declined")), rows(ps.executeQuery(), "Body"));
    }
  }

  @Test
  void largeResultsStreamCompletely() throws Exception {
    try (Statement st = conn.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT COUNT(*) AS n FROM otel_traces")) {
        assertTrue(rs.next());
        assertEquals(TestCluster.SPANS, rs.getLong(1));
      }
      long rows = 0;
      long durationSum = 0;
      try (ResultSet rs = st.executeQuery("SELECT Duration, SpanAttributes FROM otel_traces")) {
        while (rs.next()) {
          rows++;
          durationSum += rs.getLong(1);
          assertEquals(TestCluster.WIDE_ATTRIBUTES, rs.getString(2));
        }
      }
      assertEquals(TestCluster.SPANS, rows);
      long n = TestCluster.SPANS;
      assertEquals(n * 1_000_000L + n * (n - 1) / 2, durationSum);
    }
  }

  @Test
  void currentTimestampIsTheQueryStart() throws Exception {
    Instant before = Instant.now();
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT CURRENT_TIMESTAMP AS now")) {
      assertTrue(rs.next());
      Instant now = rs.getTimestamp(1).toInstant();
      assertTrue(Duration.between(before, now).abs().toSeconds() < 60, "CURRENT_TIMESTAMP was " + now);
    }
  }

  @Test
  void badQueryIsInvalidArgumentAndTheServerKeepsServing() throws Exception {
    try (Statement st = conn.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM no_such_table"));
      FlightRuntimeException cause = flightCause(e);
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, cause.status().code());
      assertTrue(cause.getMessage().toLowerCase().contains("no_such_table"), cause.getMessage());

      SQLException syntax = assertThrows(SQLException.class, () -> st.executeQuery("SELEKT 1"));
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, flightCause(syntax).status().code());

      try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM otel_logs")) {
        assertTrue(rs.next());
        assertEquals(TestCluster.LOGS.size(), rs.getLong(1));
      }
    }
  }

  @Test
  void writesAreRefusedBeforeReachingAShard() throws Exception {
    cluster.shards.forEach(ShardServer::clearRequestLog);
    List<String> writes = List.of(
        "INSERT INTO otel_logs (ServiceName) VALUES ('x')",
        "UPDATE otel_logs SET Body = 'x'",
        "DELETE FROM otel_logs",
        "CREATE TABLE t (a INTEGER)",
        "DROP TABLE otel_logs",
        "  /* comment */ delete from otel_logs");
    try (Statement st = conn.createStatement()) {
      for (String sql : writes) {
        SQLException e = assertThrows(SQLException.class, () -> st.executeUpdate(sql), sql);
        FlightRuntimeException cause = flightCause(e);
        assertEquals(FlightStatusCode.INVALID_ARGUMENT, cause.status().code(), sql);
        assertTrue(cause.getMessage().startsWith("sqlotel is read-only"), cause.getMessage());
        assertThrows(SQLException.class, () -> st.execute(sql), sql);
      }
    }
    for (ShardServer s : cluster.shards) {
      assertEquals(List.of(), s.requestLog());
    }
  }

  /** The values of {@code columns} of every row, as strings; closes the result set. */
  static List<List<String>> rows(ResultSet rs, String... columns) throws SQLException {
    List<List<String>> out = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (String c : columns) {
          row.add(rs.getString(c));
        }
        out.add(row);
      }
    }
    return out;
  }

  static FlightRuntimeException flightCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof FlightRuntimeException f) {
        return f;
      }
    }
    assertNotNull(null, "no FlightRuntimeException in the cause chain of " + e);
    return null;
  }
}
