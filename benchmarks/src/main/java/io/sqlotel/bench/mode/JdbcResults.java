package io.sqlotel.bench.mode;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;

/** Reads JDBC results the same way in every mode. */
final class JdbcResults {
  private JdbcResults() {}

  /**
   * Reads every row and every column with the getter of its JDBC type, as a client that displays the result would.
   * Not {@code getObject}: the Flight SQL JDBC driver's accessors were compiled against an older Avatica than the one
   * Calcite puts on the class path, and {@code getObject} on an integer column fails with AbstractMethodError.
   *
   * @return the number of rows
   */
  static long drain(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int columns = md.getColumnCount();
    int[] types = new int[columns + 1];
    for (int i = 1; i <= columns; i++) {
      types[i] = md.getColumnType(i);
    }
    long rows = 0;
    long sink = 0;
    while (rs.next()) {
      for (int i = 1; i <= columns; i++) {
        switch (types[i]) {
          case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> sink += rs.getLong(i);
          case Types.DOUBLE, Types.FLOAT, Types.REAL, Types.DECIMAL, Types.NUMERIC -> sink += (long) rs.getDouble(i);
          case Types.VARCHAR, Types.CHAR, Types.LONGVARCHAR -> {
            String v = rs.getString(i);
            sink += v == null ? 0 : v.length();
          }
          case Types.TIMESTAMP -> {
            Timestamp t = rs.getTimestamp(i);
            sink += t == null ? 0 : t.getNanos();
          }
          default -> sink += rs.getObject(i) == null ? 0 : 1;
        }
      }
      rows++;
    }
    if (sink == Long.MIN_VALUE) {
      System.out.print(""); // keeps the reads from being optimized away
    }
    return rows;
  }

  /** A one-line message for a failure: its own message and its root cause's. */
  static String message(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String s = describe(t) + (root == t ? "" : " / cause: " + describe(root));
    s = s.replace('\n', ' ').replace('\r', ' ');
    return s.length() > 600 ? s.substring(0, 600) + "..." : s;
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    if (m != null && m.length() > 200) {
      m = m.substring(0, 200) + "...";
    }
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
