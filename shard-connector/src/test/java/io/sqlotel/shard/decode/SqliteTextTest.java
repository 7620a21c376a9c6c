package io.sqlotel.shard.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Checks the REAL-to-TEXT rendering against SQLite itself (sqlite-jdbc, in memory). */
class SqliteTextTest {

  @Test
  void formatsRealsExactlyLikeSqlite() throws Exception {
    List<Double> values = new ArrayList<>(List.of(0.1, 1e20, 1.0 / 3, 100.0, 1.5e-7, 123456789012345678.0, 1e15,
        1e14, 1e16, 0.0001, 0.00001234, 2.5e-5, 0.1 + 0.2, 4.35, Double.MIN_VALUE, Double.MAX_VALUE, 2.0, -3.25,
        1e-5, 123456.789, 999999999999999.9, 9.999999999999999e14, 0.5, -0.0001, 1e-300, 12345678901234567890.0,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0));
    Random random = new Random(42);
    for (int i = 0; i < 3000; i++) {
      double mantissa = random.nextDouble() * (random.nextBoolean() ? 1 : -1);
      values.add(mantissa * Math.pow(10, random.nextInt(60) - 30));
      values.add((double) random.nextInt(1_000_000) / 1000);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
        PreparedStatement ps = c.prepareStatement("SELECT CAST(? AS TEXT)")) {
      for (double d : values) {
        ps.setDouble(1, d);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertEquals(rs.getString(1), SqliteText.formatReal(d), "rendering of " + d);
        }
      }
    }
  }
}
