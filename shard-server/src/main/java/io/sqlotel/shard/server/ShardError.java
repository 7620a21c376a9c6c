package io.sqlotel.shard.server;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * An error to report to the client: a protocol code plus a human-readable message.
 *
 * @param code protocol error code, which also decides the HTTP status
 * @param message message for the client; for SQLite errors the text SQLite itself produced
 */
record ShardError(ErrorCode code, String message) {
  // Primary SQLite result codes (https://sqlite.org/rescode.html); extended codes keep them in the low byte.
  private static final int SQLITE_NOMEM = 7;
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;
  private static final int SQLITE_READONLY = 8;
  private static final int SQLITE_INTERRUPT = 9;
  private static final int SQLITE_IOERR = 10;
  private static final int SQLITE_CORRUPT = 11;
  private static final int SQLITE_FULL = 13;
  private static final int SQLITE_CANTOPEN = 14;
  private static final int SQLITE_NOTADB = 26;

  ShardError {
    requireNonNull(code, "code is null");
    requireNonNull(message, "message is null");
  }

  /**
   * Classifies an exception raised by SQLite.
   *
   * @param e the exception thrown by the JDBC driver
   * @return READ_ONLY for write attempts, UNAVAILABLE for busy/locked/interrupted, INTERNAL for I/O,
   *     corruption and out-of-memory, SQL_ERROR otherwise; the message is SQLite's own text when the
   *     driver's decoration can be removed
   */
  static ShardError fromSql(SQLException e) {
    int primary = e.getErrorCode() & 0xff;
    ErrorCode code;
    switch (primary) {
      case SQLITE_READONLY:
        code = ErrorCode.READ_ONLY;
        break;
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
      case SQLITE_INTERRUPT:
        code = ErrorCode.UNAVAILABLE;
        break;
      case SQLITE_NOMEM:
      case SQLITE_IOERR:
      case SQLITE_CORRUPT:
      case SQLITE_FULL:
      case SQLITE_CANTOPEN:
      case SQLITE_NOTADB:
        code = ErrorCode.INTERNAL;
        break;
      default:
        code = ErrorCode.SQL_ERROR;
    }
    return new ShardError(code, sqliteMessage(e));
  }

  /**
   * Removes sqlite-jdbc's decoration {@code "[SQLITE_ERROR] SQL error or missing database (...)"} to
   * recover the message of {@code sqlite3_errmsg}, e.g. {@code "no such table: foo"}.
   */
  static String sqliteMessage(SQLException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    if (e instanceof SQLiteException) {
      SQLiteErrorCode rc = ((SQLiteException) e).getResultCode();
      String prefix = "[" + rc.name() + "] " + rc.message + " (";
      if (message.startsWith(prefix) && message.endsWith(")")) {
        return message.substring(prefix.length(), message.length() - 1);
      }
    }
    return message;
  }
}
