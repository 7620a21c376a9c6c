package io.sqlotel.adbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shaded Flight SQL JDBC driver jar ({@code org.apache.arrow:flight-sql-jdbc-driver:18.3.0}, the one users give
 * DBeaver and BI tools) against a server process with 3 demo shards, a bearer token and a user file. The jar bundles
 * its own Arrow, gRPC and Netty, so it is loaded through its own {@link URLClassLoader} (parent: the platform class
 * loader) and used through {@code java.sql} interfaces only: connect, query (also a query split into endpoints),
 * a prepared statement with parameters, {@code DatabaseMetaData.getTables/getColumns}, and authentication (token,
 * user and password, refusals).
 */
@Timeout(120)
class ShadedJdbcDriverIT {
  private static final String TOKEN = "shaded-driver-test-token";
  private static final String USER = "alice";
  private static final String PASSWORD = "wonder land";

  private static SqlotelServerProcess server;
  private static URLClassLoader loader;
  private static Driver driver;

  @BeforeAll
  static void start() throws Exception {
    Path jar = Paths.get(System.getProperty("sqlotel.jdbc.driver.jar",
        "target/jdbc-driver/flight-sql-jdbc-driver-18.3.0.jar")).toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "the shaded driver jar is copied by the pom: " + jar);
    Path dir = Paths.get(System.getProperty("sqlotel.it.dir", "target")).toAbsolutePath();
    Files.createDirectories(dir);
    String salt = "0123abcd";
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest((salt + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    Path users = Files.writeString(dir.resolve("shaded-jdbc-users.txt"), USER + ":" + salt + ":" + hash + "\n");
    server = SqlotelServerProcess.start(3, "sqlotel-server-shaded-jdbc", "--max-endpoints", "3",
        "--token", TOKEN, "--users", users.toString());
    loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    driver = (Driver) Class.forName("org.apache.arrow.driver.jdbc.ArrowFlightJdbcDriver", true, loader)
        .getDeclaredConstructor().newInstance();
    assertNotEquals(ShadedJdbcDriverIT.class.getClassLoader(), driver.getClass().getClassLoader());
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (loader != null) {
        loader.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  private static String url(String extra) {
    return "jdbc:arrow-flight-sql://" + server.host() + ":" + server.port() + "?useEncryption=false" + extra;
  }

  private static Connection connect(String extra) throws SQLException {
    Thread t = Thread.currentThread();
    ClassLoader previous = t.getContextClassLoader();
    t.setContextClassLoader(loader); // the driver's gRPC looks up its providers here too
    try {
      Connection c = driver.connect(url(extra), new Properties());
      assertTrue(c != null, "the driver accepts " + url(extra));
      return c;
    } finally {
      t.setContextClassLoader(previous);
    }
  }

  private static long single(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      assertTrue(rs.next(), sql);
      return rs.getLong(1);
    }
  }

  @Test
  void queriesIncludingOneSplitIntoEndpoints() throws Exception {
    try (Connection c = connect("&token=" + TOKEN)) {
      long total = single(c, "SELECT COUNT(*) FROM otel_logs");
      assertTrue(total > 0, "demo logs: " + total);
      List<String> bodies = new ArrayList<>();
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT ServiceName, Body, \"Timestamp\" FROM otel_logs")) {
        assertEquals(3, rs.getMetaData().getColumnCount());
        assertEquals(Types.TIMESTAMP, rs.getMetaData().getColumnType(3));
        while (rs.next()) {
          bodies.add(rs.getString(1) + "|" + rs.getString(2));
        }
      }
      assertEquals(total, bodies.size(), "the 3 endpoints together hold every row once");
      Map<String, Long> perService = new HashMap<>();
      bodies.forEach(b -> perService.merge(b.substring(0, b.indexOf('|')), 1L, Long::sum));
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT ServiceName, COUNT(*) FROM otel_logs GROUP BY ServiceName")) {
        Map<String, Long> expected = new HashMap<>();
        while (rs.next()) {
          expected.put(rs.getString(1), rs.getLong(2));
        }
        assertEquals(expected, perService);
      }
    }
  }

  @Test
  void preparedStatementWithParameters() throws Exception {
    try (Connection c = connect("&token=" + TOKEN)) {
      String service;
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
          "SELECT ServiceName FROM otel_logs GROUP BY ServiceName ORDER BY COUNT(*) DESC LIMIT 1")) {
        assertTrue(rs.next());
        service = rs.getString(1);
      }
      long expected = single(c, "SELECT COUNT(*) FROM otel_logs WHERE ServiceName = '" + service
          + "' AND SeverityNumber >= 9");
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT COUNT(*) FROM otel_logs WHERE ServiceName = ? AND SeverityNumber >= ?")) {
        assertEquals(2, ps.getParameterMetaData().getParameterCount());
        ps.setString(1, service);
        ps.setLong(2, 9);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals(expected, rs.getLong(1));
        }
        ps.setString(1, "no-such-service");
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals(0, rs.getLong(1), "rebound parameters");
        }
      }
    }
  }

  @Test
  void metadataListsTablesAndColumns() throws Exception {
    try (Connection c = connect("&token=" + TOKEN)) {
      DatabaseMetaData md = c.getMetaData();
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = md.getTables(null, null, "%", null)) {
        while (rs.next()) {
          assertEquals("sqlotel", rs.getString("TABLE_CAT"));
          assertEquals("otel", rs.getString("TABLE_SCHEM"));
          tables.add(rs.getString("TABLE_NAME"));
        }
      }
      assertTrue(tables.containsAll(List.of("otel_logs", "otel_traces", "otel_metrics_gauge")), tables.toString());
      Map<String, Integer> columns = new HashMap<>();
      try (ResultSet rs = md.getColumns(null, null, "otel_logs", "%")) {
        while (rs.next()) {
          assertEquals("otel_logs", rs.getString("TABLE_NAME"));
          columns.put(rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE"));
        }
      }
      assertEquals(Types.TIMESTAMP, columns.get("Timestamp"), columns.toString());
      assertEquals(Types.VARCHAR, columns.get("ServiceName"), columns.toString());
      assertEquals(Types.VARCHAR, columns.get("Body"), columns.toString());
      try (ResultSet rs = md.getColumns(null, null, "otel_l_gs", "Service%")) {
        assertTrue(rs.next(), "patterns with _ and %");
        assertEquals("ServiceName", rs.getString("COLUMN_NAME"));
      }
    }
  }

  @Test
  void authenticationWithATokenOrAUserAndRefusals() throws Exception {
    try (Connection c = connect("&user=" + USER + "&password=" + PASSWORD.replace(" ", "%20"))) {
      assertTrue(single(c, "SELECT COUNT(*) FROM otel_traces") > 0);
    }
    for (String bad : List.of("", "&token=wrong", "&user=" + USER + "&password=wrong", "&user=bob&password=x")) {
      SQLException e = assertThrows(SQLException.class, () -> {
        try (Connection c = connect(bad)) {
          single(c, "SELECT 1");
        }
      }, "credentials '" + bad + "' must be refused");
      String text = String.valueOf(e.getMessage()) + e.getCause();
      assertTrue(text.contains("UNAUTHENTICATED") || text.toLowerCase().contains("auth"), bad + ": " + text);
    }
  }
}
