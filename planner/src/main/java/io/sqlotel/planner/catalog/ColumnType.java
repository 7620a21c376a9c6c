package io.sqlotel.planner.catalog;

import java.util.Locale;

/**
 * The SQL types a shard column can have, with their mapping from SQLite declared types.
 *
 * <p>SQLite's type affinity rules (https://www.sqlite.org/datatype3.html, section 3.1) decide the mapping of a
 * declared type: a name containing "INT" is an integer, "CHAR"/"CLOB"/"TEXT" text, "BLOB" or empty a blob,
 * "REAL"/"FLOA"/"DOUB" a double. {@code TIMESTAMP} is never declared in SQLite: the catalog's time column (INTEGER
 * nanoseconds since the epoch) is exposed with it.
 */
public enum ColumnType {
  BIGINT, DOUBLE, VARCHAR, VARBINARY, BOOLEAN, TIMESTAMP;

  /**
   * Maps a SQLite declared column type to a column type, following SQLite's affinity rules.
   *
   * @param declared the declared type, e.g. {@code "INTEGER"}, {@code "TEXT"}, {@code "REAL"}, may be empty
   * @return the column type; NUMERIC affinity maps to DOUBLE, BOOL/BOOLEAN to BOOLEAN
   */
  public static ColumnType fromSqliteDeclared(String declared) {
    String t = declared == null ? "" : declared.toUpperCase(Locale.ROOT);
    if (t.startsWith("BOOL")) {
      return BOOLEAN;
    }
    if (t.contains("INT")) {
      return BIGINT;
    }
    if (t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT")) {
      return VARCHAR;
    }
    if (t.isEmpty() || t.contains("BLOB")) {
      return VARBINARY;
    }
    return DOUBLE;
  }

  /**
   * Parses a catalog type name (case-insensitive): one of the enum names, or a SQLite declared type.
   *
   * @throws IllegalArgumentException never: unknown names fall back to SQLite affinity rules
   */
  public static ColumnType parse(String name) {
    String t = name.trim().toUpperCase(Locale.ROOT);
    for (ColumnType c : values()) {
      if (c.name().equals(t)) {
        return c;
      }
    }
    return switch (t) {
      case "INTEGER", "INT", "LONG" -> BIGINT;
      case "REAL", "FLOAT", "DOUBLE PRECISION" -> DOUBLE;
      case "TEXT", "STRING" -> VARCHAR;
      case "BLOB", "BINARY" -> VARBINARY;
      default -> fromSqliteDeclared(t);
    };
  }
}
