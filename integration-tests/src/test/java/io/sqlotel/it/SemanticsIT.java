package io.sqlotel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SQLite semantics sqlotel must keep end to end, checked value by value over the 24-shard cluster: nanosecond
 * TIMESTAMPs through aggregates, sorts and interval arithmetic; text ordered by code point (SQLite's BINARY collation
 * on UTF-8), not by UTF-16 code unit; string literals in UTF-8, unpadded, and counted in characters. Each was a bug
 * found by the parity tests; the comments say what sqlotel returned then.
 */
class SemanticsIT extends SharedClusterIT {
  /** Was 2026-01-01 00:00:00.123: the final MIN ran in the Enumerable fallback, whose TIMESTAMPs are milliseconds. */
  @Test
  void minOfTimestampKeepsNanoseconds() throws Exception {
    assertEquals(List.of("2026-01-01 00:00:00.123456789"), timestamps("SELECT MIN(ts) FROM edge_values"));
  }

  /** Was 2026-01-01 00:00:00.123 for ORDER BY ... LIMIT, while a plain scan kept the nanoseconds. */
  @Test
  void orderByLimitKeepsNanoseconds() throws Exception {
    assertEquals(List.of("2026-01-01 00:00:00.123456789"),
        timestamps("SELECT ts FROM edge_values WHERE i IS NULL OR i < 0 ORDER BY ts LIMIT 1"));
  }

  /** Was: rows whose timestamps fall in the same millisecond came out in SpanId order instead of time order. */
  @Test
  void orderByTimestampOrdersWithinAMillisecond() throws Exception {
    String sql = "SELECT SpanId FROM otel_logs ORDER BY \"Timestamp\", SpanId, Body";
    List<String> expected = strings(oracle, sql);
    List<String> actual = strings(sqlotel, sql);
    assertEquals(expected.size(), actual.size(), "rows");
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), actual.get(i), "SpanId of row " + i);
    }
  }

  /** Was 'Ａ fullwidth' (U+FF21), the UTF-16 maximum; SQLite's is the emoji (U+1F600, the larger code point). */
  @Test
  void maxOfTextUsesCodePointOrder() throws Exception {
    assertEquals(List.of("\uD83D\uDE00 emoji \uD83D\uDE80"), strings(sqlotel, "SELECT MAX(t) FROM edge_values"));
    assertEquals(strings(oracle, "SELECT MIN(t), MAX(t) FROM edge_values"),
        strings(sqlotel, "SELECT MIN(t), MAX(t) FROM edge_values"));
  }

  /** Was: the emoji row sorted before the U+FF21 row. */
  @Test
  void orderByTextUsesCodePointOrder() throws Exception {
    assertEquals(List.of("\uFF21 fullwidth", "\uD83D\uDE00 emoji \uD83D\uDE80"),
        strings(sqlotel, "SELECT t FROM edge_values WHERE i IN (2, -42) ORDER BY t"));
  }

  /** Was 2026-01-01 07:05:05.123 (TIMESTAMP + INTERVAL was computed in the fallback, in milliseconds). */
  @Test
  void timestampPlusIntervalKeepsNanoseconds() throws Exception {
    assertEquals(List.of("2026-01-01 07:05:05.123456794"),
        timestamps("SELECT ts + INTERVAL '1' HOUR FROM edge_values WHERE i = 0"));
  }

  /** Was: SQLException "while converting `edge_values`.`t` = '中文字符'" (not encodable in ISO-8859-1). */
  @Test
  void stringLiteralOutsideLatin1() throws Exception {
    assertEquals(List.of("1"),
        strings(sqlotel, "SELECT COUNT(*) FROM edge_values WHERE t = '\u4E2D\u6587\u5B57\u7B26'"));
    assertEquals(List.of("1"), strings(sqlotel, "SELECT COUNT(*) FROM edge_values WHERE t LIKE '%\uD83D\uDE80'"));
  }

  /** Was 11 (UTF-16 code units); '😀 emoji 🚀' has 9 characters, as SQLite's LENGTH says. */
  @Test
  void charLengthCountsCharacters() throws Exception {
    assertEquals(List.of("9"), strings(sqlotel, "SELECT CHAR_LENGTH(t) FROM edge_values WHERE i = -42"));
  }

  /** Was 'pos     ' (CHAR(8), padded to the length of 'negative'); SQLite returns 'pos'. */
  @Test
  void caseOfStringLiteralsIsNotBlankPadded() throws Exception {
    assertEquals(List.of("pos"), strings(sqlotel, "SELECT CASE WHEN i > 0 THEN 'pos' ELSE 'negative' END"
        + " FROM edge_values WHERE i = 1"));
    assertEquals(List.of("a", "bcd"), strings(sqlotel, "SELECT x FROM (SELECT 'a' AS x FROM edge_values WHERE i = 1"
        + " UNION ALL SELECT 'bcd' FROM edge_values WHERE i = 1) ORDER BY x"));
  }

  private static List<String> strings(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= n; i++) {
          out.add(rs.getString(i));
        }
      }
    }
    return out;
  }

  private static List<String> timestamps(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = sqlotel.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getTimestamp(1).toString());
      }
    }
    return out;
  }
}
