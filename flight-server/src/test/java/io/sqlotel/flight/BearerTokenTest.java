package io.sqlotel.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.arrow.flight.FlightStatusCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server started with a bearer token accepts the JDBC driver's {@code token} and refuses anything else. */
class BearerTokenTest {
  static final String TOKEN = "s3cret-token";

  @TempDir
  static Path dir;

  static TestCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(dir, TOKEN);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      long allocated = cluster.server.allocatedBytes();
      cluster.close();
      assertEquals(0, allocated);
    }
  }

  @Test
  void theRightTokenIsAccepted() throws Exception {
    try (Connection c = DriverManager.getConnection(cluster.jdbcUrl() + "&token=" + TOKEN);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM otel_logs")) {
      assertTrue(rs.next());
      assertEquals(TestCluster.LOGS.size(), rs.getLong(1));
    }
  }

  @Test
  void noTokenOrAWrongOneIsUnauthenticated() {
    for (String url : new String[] {cluster.jdbcUrl(), cluster.jdbcUrl() + "&token=wrong"}) {
      SQLException e = assertThrows(SQLException.class, () -> {
        try (Connection c = DriverManager.getConnection(url);
            Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM otel_logs")) {
          rs.next();
        }
      });
      assertEquals(FlightStatusCode.UNAUTHENTICATED, JdbcDriverTest.flightCause(e).status().code(), url);
    }
  }
}
