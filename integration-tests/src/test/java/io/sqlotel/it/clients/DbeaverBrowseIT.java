package io.sqlotel.it.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.it.ShardedCluster;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replays what DBeaver does through the Flight SQL JDBC driver when a user connects and browses: the navigator
 * tree (catalogs, schemas, tables, columns, keys, indexes), a data preview with a row limit, prepared statements with
 * parameters of every supported type, and cancelling a long query.
 */
class DbeaverBrowseIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static ShardedCluster cluster;
  private static Connection conn;
  private static Connection oracle;

  @BeforeAll
  static void connect() throws Exception {
    cluster = ShardedCluster.shared(24);
    conn = cluster.connect();
    oracle = cluster.connectOracle();
  }

  @AfterAll
  static void close() throws Exception {
    conn.close();
    oracle.close();
    assertEquals(0, cluster.awaitAllocatorIdle(WAIT), "Arrow bytes still allocated by the Flight server");
  }

  @Test
  void navigatorTreeFromCatalogsToKeys() throws Exception {
    DatabaseMetaData md = conn.getMetaData();
    assertEquals("sqlotel", md.getDatabaseProductName());
    List<String> catalogs = column(md.getCatalogs(), "TABLE_CAT");
    assertEquals(List.of("sqlotel"), catalogs);
    List<String> schemas = column(md.getSchemas("sqlotel", null), "TABLE_SCHEM");
    assertEquals(List.of("otel"), schemas);
    List<String> tables = column(md.getTables("sqlotel", "otel", "%", null), "TABLE_NAME");
    assertTrue(tables.containsAll(List.of("otel_logs", "otel_traces", "otel_metrics_gauge", "edge_values")),
        "tables: " + tables);

    Map<String, Integer> types = new LinkedHashMap<>();
    try (ResultSet rs = md.getColumns("sqlotel", "otel", "otel_logs", null)) {
      while (rs.next()) {
        assertEquals("otel_logs", rs.getString("TABLE_NAME"));
        assertEquals(types.size() + 1, rs.getInt("ORDINAL_POSITION"));
        assertNotNull(rs.getString("TYPE_NAME"));
        types.put(rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE"));
      }
    }
    assertEquals(Types.TIMESTAMP, types.get("Timestamp"), "columns: " + types);
    assertEquals(Types.VARCHAR, types.get("ServiceName"), "columns: " + types);

    // DBeaver reads keys and indexes for every table it opens; each must answer, empty.
    assertEquals(0, count(md.getPrimaryKeys("sqlotel", "otel", "otel_logs")));
    assertEquals(0, count(md.getImportedKeys("sqlotel", "otel", "otel_logs")));
    assertEquals(0, count(md.getExportedKeys("sqlotel", "otel", "otel_logs")));
    assertEquals(0, count(md.getIndexInfo("sqlotel", "otel", "otel_logs", false, true)));
    assertEquals(0, count(md.getCrossReference("sqlotel", "otel", "otel_logs", "sqlotel", "otel", "otel_traces")));
  }

  @Test
  void dataPreviewWithRowLimitAndResultSetMetaData() throws Exception {
    Map<String, Integer> declared = new LinkedHashMap<>();
    try (ResultSet rs = conn.getMetaData().getColumns("sqlotel", "otel", "otel_logs", "%")) {
      while (rs.next()) {
        declared.put(rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE"));
      }
    }
    try (Statement s = conn.createStatement()) {
      s.setMaxRows(200);
      try (ResultSet rs = s.executeQuery("SELECT * FROM otel_logs LIMIT 200")) {
        ResultSetMetaData rsmd = rs.getMetaData();
        Map<String, Integer> returned = new LinkedHashMap<>();
        for (int i = 1; i <= rsmd.getColumnCount(); i++) {
          returned.put(rsmd.getColumnName(i), rsmd.getColumnType(i));
          assertNotNull(rsmd.getColumnTypeName(i), rsmd.getColumnName(i));
        }
        assertEquals(declared, returned, "the preview's columns are those getColumns listed");
        int ts = rs.findColumn("Timestamp");
        assertEquals(Types.TIMESTAMP, rsmd.getColumnType(ts));
        assertEquals("TIMESTAMP", rsmd.getColumnTypeName(ts));
        assertEquals(29, rsmd.getPrecision(ts), "yyyy-MM-dd HH:mm:ss.SSSSSSSSS");
        assertEquals(9, rsmd.getScale(ts));
        int body = rs.findColumn("Body");
        assertEquals("VARCHAR", rsmd.getColumnTypeName(body));
        assertTrue(rsmd.isCaseSensitive(body));
        int severity = rs.findColumn("SeverityNumber");
        assertEquals(Types.BIGINT, rsmd.getColumnType(severity));
        assertEquals(19, rsmd.getPrecision(severity));
        int rows = 0;
        while (rs.next()) {
          assertNotNull(rs.getTimestamp(ts));
          assertNotNull(rs.getString("ServiceName"));
          rows++;
        }
        assertEquals(200, rows);
      }
    }
  }

  @Test
  void preparedStatementsBindEveryType() throws Exception {
    long ts = oracleLong("SELECT ts FROM edge_values WHERE i = 42");
    // The driver binds TIMESTAMP parameters as Timestamp(MILLISECOND): sub-millisecond digits are dropped.
    long ms = Math.floorDiv(ts, 1_000_000L) * 1_000_000L;
    // BIGINT, DOUBLE, VARCHAR, BOOLEAN, TIMESTAMP, VARBINARY in one statement, then each alone.
    String sql = "SELECT COUNT(*) FROM edge_values WHERE i = ? AND r = ? AND t = ? AND (i > 0) = ?"
        + " AND ts >= ? AND ts < ? AND b = ?";
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
      ps.setLong(1, 42L);
      ps.setDouble(2, 42.0);
      ps.setString(3, "42");
      ps.setBoolean(4, true);
      ps.setTimestamp(5, timestamp(ms));
      ps.setTimestamp(6, timestamp(ms + 1_000_000L));
      ps.setBytes(7, "42".getBytes(StandardCharsets.UTF_8));
      assertEquals(1L, single(ps));
      ps.setBoolean(4, false);
      assertEquals(0L, single(ps));
    }
    assertEquals(oracleLong("SELECT COUNT(*) FROM edge_values WHERE i > -7"),
        single("SELECT COUNT(*) FROM edge_values WHERE i > ?", p -> p.setLong(1, -7L)));
    assertEquals(oracleLong("SELECT COUNT(*) FROM edge_values WHERE r < 0.5"),
        single("SELECT COUNT(*) FROM edge_values WHERE r < ?", p -> p.setDouble(1, 0.5)));
    assertEquals(oracleLong("SELECT COUNT(*) FROM edge_values WHERE t >= 'ab'"),
        single("SELECT COUNT(*) FROM edge_values WHERE t >= ?", p -> p.setString(1, "ab")));
    assertEquals(oracleLong("SELECT COUNT(*) FROM edge_values WHERE i IS NOT NULL AND (i < 0) = 1"),
        single("SELECT COUNT(*) FROM edge_values WHERE (i < 0) = ?", p -> p.setBoolean(1, true)));
    assertEquals(oracleLong("SELECT COUNT(*) FROM edge_values WHERE ts >= " + ts),
        single("SELECT COUNT(*) FROM edge_values WHERE ts >= ?", p -> p.setTimestamp(1, timestamp(ts))));
    assertEquals(oracleLong("SELECT COUNT(*) FROM edge_values WHERE b = x'010203'"),
        single("SELECT COUNT(*) FROM edge_values WHERE b = ?", p -> p.setBytes(1, new byte[] {1, 2, 3})));
    assertEquals(oracleLong("SELECT COUNT(*) FROM edge_values WHERE i IS NULL"),
        single("SELECT COUNT(*) FROM edge_values WHERE i IS NOT DISTINCT FROM ?", p -> p.setNull(1, Types.BIGINT)));
  }

  @Test
  void cancelStopsALongQueryAndTheServerAnswersTheNext() throws Exception {
    String sql = "SELECT l.Body, t.SpanName FROM otel_logs l CROSS JOIN otel_traces t WHERE l.Body <> t.SpanName";
    ExecutorService canceller = Executors.newSingleThreadExecutor();
    try (Statement s = conn.createStatement()) {
      long start = System.nanoTime();
      Future<?> cancel = canceller.submit(() -> {
        TimeUnit.MILLISECONDS.sleep(1_500);
        s.cancel();
        return null;
      });
      // The driver throws SQLException when the cancel lands in executeQuery, but lets the gRPC
      // FlightRuntimeException(CANCELLED) escape from ResultSet.next() when it lands while rows stream.
      Exception e = assertThrows(Exception.class, () -> {
        try (ResultSet rs = s.executeQuery(sql)) {
          while (rs.next()) {
            rs.getString(1);
          }
        }
      }, "a cancelled 9-million-row cross join must fail, not finish");
      boolean cancelled = e instanceof SQLException
          || e instanceof FlightRuntimeException f && f.status().code() == FlightStatusCode.CANCELLED;
      assertTrue(cancelled, "cancellation error: " + e);
      cancel.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertTrue(ms < WAIT.toMillis(), "cancelled after " + ms + " ms: " + e);
    } finally {
      canceller.shutdownNow();
    }
    assertEquals(oracleLong("SELECT COUNT(*) FROM otel_logs"), single("SELECT COUNT(*) FROM otel_logs", p -> { }));
    assertEquals(0, cluster.awaitAllocatorIdle(WAIT), "the cancelled query released its Arrow memory");
  }

  /** Binds parameters. */
  interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private static long single(String sql, Binder binder) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
      binder.bind(ps);
      return single(ps);
    }
  }

  private static long single(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      assertTrue(rs.next());
      long v = rs.getLong(1);
      assertFalse(rs.next());
      return v;
    }
  }

  private static long oracleLong(String sql) throws SQLException {
    try (Statement s = oracle.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next(), sql);
      return rs.getLong(1);
    }
  }

  static Timestamp timestamp(long nanos) {
    return Timestamp.from(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
        Math.floorMod(nanos, 1_000_000_000L)));
  }

  private static List<String> column(ResultSet rs, String name) throws SQLException {
    List<String> out = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        out.add(rs.getString(name));
      }
    }
    return out;
  }

  private static int count(ResultSet rs) throws SQLException {
    int n = 0;
    try (rs) {
      while (rs.next()) {
        n++;
      }
    }
    return n;
  }
}
