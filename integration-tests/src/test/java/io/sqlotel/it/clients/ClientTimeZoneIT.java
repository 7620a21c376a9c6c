package io.sqlotel.it.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.it.ShardedCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the Flight SQL JDBC driver 18.3.0 does with sqlotel's naive UTC {@code TIMESTAMP(9)} values in a client
 * whose default time zone is not UTC (America/New_York, UTC-5 in January), as documented in README "Clients":
 * {@code getString} and {@code getObject(i, LocalDateTime.class)} give the UTC wall clock, {@code getTimestamp} and
 * {@code getObject} shift it by the zone offset,.
 * Binding ({@code setTimestamp}) outside UTC is not asserted: it depends on the zone in force when the driver was
 * first used in the JVM.
 */
class ClientTimeZoneIT {
  private static final TimeZone NEW_YORK = TimeZone.getTimeZone("America/New_York");
  private static final long OFFSET_SECONDS = -5 * 3600;
  private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS");

  private TimeZone saved;
  private ShardedCluster cluster;

  @BeforeEach
  void switchZone() {
    cluster = ShardedCluster.shared(24);
    saved = TimeZone.getDefault();
    TimeZone.setDefault(NEW_YORK);
  }

  @AfterEach
  void restoreZone() {
    TimeZone.setDefault(saved);
  }

  @Test
  void readingTimestampsOutsideUtc() throws Exception {
    long nanos = oracleLong("SELECT ts FROM edge_values WHERE i = 42");
    LocalDateTime utc = LocalDateTime.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
        (int) Math.floorMod(nanos, 1_000_000_000L), ZoneOffset.UTC);
    try (Connection conn = cluster.connect(); Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("SELECT ts FROM edge_values WHERE i = 42")) {
      assertTrue(rs.next());
      // Exact, whatever the client zone.
      assertEquals(utc, rs.getObject(1, LocalDateTime.class));
      assertEquals(utc.format(TEXT), rs.getString(1));
      // Shifted: the Timestamp's local wall clock is the UTC wall clock minus the zone offset (+5 h here), so it is
      // neither the instant nor the wall clock of the value.
      Timestamp shifted = rs.getTimestamp(1);
      assertEquals(utc.minusSeconds(OFFSET_SECONDS), shifted.toLocalDateTime());
      assertEquals(shifted, rs.getObject(1));
      // No zone on the column, so the driver refuses Instant / OffsetDateTime.
      assertThrows(SQLException.class, () -> rs.getObject(1, Instant.class));
    }
  }

  private long oracleLong(String sql) throws SQLException {
    try (Connection o = cluster.connectOracle(); Statement s = o.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next(), sql);
      return rs.getLong(1);
    }
  }
}
