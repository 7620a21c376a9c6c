package io.sqlotel.flight.producer;

import io.sqlotel.flight.error.Errors;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses write, DDL and transaction statements by their leading keyword, before the engine (or any shard) sees
 * them, so the client gets one clear "read-only" answer whatever the planner would have said.
 *
 * <p>The engine stays the authority for everything else: a statement this guard lets through is still planned and
 * validated there.
 */
public final class ReadOnlyGuard {
  private static final Set<String> WRITES = Set.of(
      "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "REPLACE", "CREATE", "DROP", "ALTER", "TRUNCATE", "GRANT",
      "REVOKE", "ATTACH", "DETACH", "VACUUM", "REINDEX", "RENAME", "COMMENT", "COPY", "LOAD");
  private static final Set<String> TRANSACTIONS = Set.of(
      "BEGIN", "START", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "END");

  private ReadOnlyGuard() {}

  /**
   * Throws if {@code sql} is a write, DDL or transaction statement.
   *
   * @throws org.apache.arrow.flight.FlightRuntimeException INVALID_ARGUMENT "sqlotel is read-only ..."
   */
  public static void check(String sql) {
    String keyword = leadingKeyword(sql);
    if (WRITES.contains(keyword)) {
      throw Errors.readOnly(keyword + " statements");
    }
    if (TRANSACTIONS.contains(keyword)) {
      throw Errors.readOnly("transactions (" + keyword + ")");
    }
  }

  /** The first keyword of {@code sql} in upper case, skipping blanks, comments and opening parentheses. */
  static String leadingKeyword(String sql) {
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c) || c == '(' || c == ';') {
        i++;
      } else if (sql.startsWith("--", i)) {
        int eol = sql.indexOf('\n', i);
        i = eol < 0 ? n : eol + 1;
      } else if (sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else {
        break;
      }
    }
    int start = i;
    while (i < n && Character.isLetter(sql.charAt(i))) {
      i++;
    }
    return sql.substring(start, i).toUpperCase(Locale.ROOT);
  }
}
