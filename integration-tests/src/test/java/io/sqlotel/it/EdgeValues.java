package io.sqlotel.it;

import io.sqlotel.planner.catalog.ColumnDef;
import io.sqlotel.planner.catalog.ColumnType;
import io.sqlotel.planner.catalog.TableDef;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code edge_values} table: one row per awkward value (int64 extremes, 2^53 + 1, NULL in every nullable column,
 * emoji, CJK, combining marks, case-different and empty strings, -0.0, 1e300, infinity), added to every shard file
 * so that each row lands in the shard whose slice holds its {@code ts}. Column {@code m} is an attribute map
 * ({@code MAP<VARCHAR, VARCHAR>}, JSON text in SQLite) with awkward keys (dots, quotes, backslashes, CJK) and values
 * (numbers, booleans, arrays, objects, JSON null, empty strings), an empty map and a NULL map.
 */
final class EdgeValues {
  /** Table name. */
  static final String TABLE = "edge_values";

  /** SQLite DDL, identical in every shard and in the oracle. */
  static final String DDL = "CREATE TABLE IF NOT EXISTS edge_values"
      + " (ts INTEGER NOT NULL, i INTEGER, r REAL, t TEXT, b BLOB, m TEXT)";

  /** The attribute maps of the rows, in turn (row k has {@code MAPS[k % MAPS.length]}); null is a NULL map. */
  static final String[] MAPS = {
      "{\"http.method\":\"GET\",\"http.status_code\":\"200\",\"k\":\"v1\"}",
      "{}",
      null,
      "{\"quote\\\"key\":\"q\",\"back\\\\slash\":\"b\",\"it's\":\"apostrophe\",\"\u4E2D\u6587.\u952E\":\"\u503C \uD83D\uDE80\"}",
      "{\"n\":10,\"f\":1.5,\"bool\":true,\"arr\":[1,\"x\"],\"obj\":{\"a\":null},\"nil\":null,\"k\":\"v2\"}",
      "{\"http.method\":\"POST\",\"http.status_code\":\"503\",\"k\":\"\"}",
      "{\"http.status_code\":\"abc\",\"k\":\"v1\"}"};

  /** 2^53 + 1: the smallest positive integer a double cannot hold. */
  static final long TWO_POW_53_PLUS_1 = (1L << 53) + 1;

  /**
   * Hours after {@link ShardedCluster#T0} that hold edge rows; none is an empty shard of the 24-shard cluster, so
   * those stay really empty.
   */
  private static final int[] HOURS = {0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 17, 18, 20, 21, 22, 23};

  /** One row; any field but {@code ts} may be null. */
  record Row(long ts, Long i, Double r, String t, byte[] b, String m) {}

  private EdgeValues() {}

  /** The catalog definition: ts TIMESTAMP (the time column), i BIGINT, r DOUBLE, t VARCHAR, b VARBINARY, m MAP. */
  static TableDef tableDef() {
    return new TableDef(TABLE, "ts", List.of(
        new ColumnDef("ts", ColumnType.TIMESTAMP, false),
        new ColumnDef("i", ColumnType.BIGINT, true),
        new ColumnDef("r", ColumnType.DOUBLE, true),
        new ColumnDef("t", ColumnType.VARCHAR, true),
        new ColumnDef("b", ColumnType.VARBINARY, true),
        new ColumnDef("m", ColumnType.MAP, true)));
  }

  /** Every edge row, in {@code ts} order; the timestamps are unique and carry sub-second nanoseconds. */
  static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    add(rows, Long.MIN_VALUE, -0.0, "abc", new byte[] {0, (byte) 0xff});
    add(rows, Long.MAX_VALUE, 1e300, "ABC", new byte[0]);
    add(rows, TWO_POW_53_PLUS_1, 0.1, "", utf8("\u0000nul"));
    add(rows, -42L, -1.5, "\uD83D\uDE00 emoji \uD83D\uDE80", utf8("\uD83D\uDE00"));
    add(rows, null, null, null, null);
    add(rows, 0L, 0.0, "\u4E2D\u6587\u5B57\u7B26", null);
    add(rows, -1L, -1e-300, "e\u0301", new byte[] {1, 2, 3});
    add(rows, 1L, 2.5, "\u00E9", new byte[] {1, 2, 3});
    add(rows, null, 3.0, "abc", null);
    add(rows, 7L, null, "Abc", new byte[] {(byte) 0x80});
    add(rows, -TWO_POW_53_PLUS_1, 1e-9, "Z\u00FCrich \u2192 K\u00F6ln", null);
    add(rows, 123_456_789_012_345_678L, -1e300, " leading space", new byte[] {0});
    add(rows, 5L, 0.30000000000000004, "a%b_c", null);
    add(rows, null, null, "null", null);
    add(rows, 2L, Double.POSITIVE_INFINITY, "\uFF21 fullwidth", null); // U+FF21 sorts differently in UTF-16
    add(rows, 3L, 1e-320, "ab", new byte[] {(byte) 0xff});
    add(rows, Long.MIN_VALUE + 1, -0.1, "abc ", new byte[] {0, (byte) 0xff, 0});
    add(rows, Long.MAX_VALUE - 1, 1.0 / 3, "\u0391\u03B2\u03B3", null);
    add(rows, 42L, 42.0, "42", utf8("42"));
    add(rows, -7L, -7.25, "ABC", new byte[] {7});
    add(rows, 9_007_199_254_740_992L, 9.007199254740992E15, "tab\there", null);
    return List.copyOf(rows);
  }

  private static void add(List<Row> rows, Long i, Double r, String t, byte[] b) {
    int k = rows.size();
    long ts = ShardedCluster.T0 + HOURS[k] * ShardedCluster.HOUR + k * 61_000_000_000L + 123_456_789L + k;
    rows.add(new Row(ts, i, r, t, b, MAPS[k % MAPS.length]));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Creates the table in {@code c} and inserts the rows with {@code start <= ts < end}. */
  static void write(Connection c, long start, long end) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate(DDL);
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO edge_values (ts, i, r, t, b, m) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (Row row : rows()) {
        if (row.ts() < start || row.ts() >= end) {
          continue;
        }
        ps.setLong(1, row.ts());
        if (row.i() == null) {
          ps.setNull(2, Types.BIGINT);
        } else {
          ps.setLong(2, row.i());
        }
        if (row.r() == null) {
          ps.setNull(3, Types.DOUBLE);
        } else {
          ps.setDouble(3, row.r());
        }
        ps.setString(4, row.t());
        if (row.b() == null) {
          ps.setNull(5, Types.BLOB);
        } else {
          ps.setBytes(5, row.b());
        }
        ps.setString(6, row.m());
        ps.executeUpdate();
      }
    }
  }
}
