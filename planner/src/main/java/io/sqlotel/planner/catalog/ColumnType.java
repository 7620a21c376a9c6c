package io.sqlotel.planner.catalog;

import java.util.Locale;

/**
 * The SQL types a shard column can have, with their mapping from SQLite declared types.
 *
 * <p>SQLite's type affinity rules (https://www.sqlite.org/datatype3.html, section 3.1) decide the mapping of a
 * declared type: a name containing "INT" is an integer, "CHAR"/"CLOB"/"TEXT" text, "BLOB" or empty a blob,
 * "REAL"/"FLOA"/"DOUB" a double. {@code TIMESTAMP} is never declared in SQLite: the catalog's time column (INTEGER
 * nanoseconds since the epoch) is exposed with it.
 *
 * <p>{@link #MAP} is an attribute map: SQLite TEXT holding a JSON object of strings (the ClickHouse exporter's
 * {@code Map(LowCardinality(String), String)}), exposed to SQL as {@code MAP<VARCHAR, VARCHAR>} and to Arrow as a Map
 * of Utf8 to Utf8. SQLite declares it TEXT, so discovery cannot see it: {@link #fromSqliteDeclared(String, String)}
 * recognises the exporter's attribute column names ({@link #ATTRIBUTE_MAP_COLUMNS}).
 */
public enum ColumnType {
  BIGINT, DOUBLE, VARCHAR, VARBINARY, BOOLEAN, TIMESTAMP,
  /** {@code MAP<VARCHAR, VARCHAR>} stored as a JSON object of strings in a TEXT column. */
  MAP;

  /**
   * The attribute-map columns of the OpenTelemetry Collector ClickHouse exporter's tables: a discovered TEXT column
   * with one of these names (case-sensitive, as the exporter spells them) is typed {@link #MAP}.
   */
  public static final java.util.Set<String> ATTRIBUTE_MAP_COLUMNS = java.util.Set.of(
      "ResourceAttributes", "ScopeAttributes", "SpanAttributes", "LogAttributes", "Attributes");

  /**
   * Maps a discovered SQLite column to a column type: {@link #fromSqliteDeclared(String)}, except that a TEXT column
   * named like one of the exporter's attribute maps ({@link #ATTRIBUTE_MAP_COLUMNS}) is a {@link #MAP}.
   *
   * @param column the column name as SQLite reports it
   * @param declared its declared type
   */
  public static ColumnType fromSqliteDeclared(String column, String declared) {
    ColumnType t = fromSqliteDeclared(declared);
    return t == VARCHAR && ATTRIBUTE_MAP_COLUMNS.contains(column) ? MAP : t;
  }

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
   * Parses a catalog type name (case-insensitive): one of the enum names, a map spelling ({@code MAP},
   * {@code MAP<VARCHAR, VARCHAR>}, ClickHouse's {@code Map(String, String)} or
   * {@code Map(LowCardinality(String), String)}), or a SQLite declared type.
   *
   * @throws IllegalArgumentException for a map of other key/value types (only string maps are supported)
   */
  public static ColumnType parse(String name) {
    String t = name.trim().toUpperCase(Locale.ROOT);
    if (t.startsWith("MAP")) {
      String args = t.substring(3).replaceAll("\\s+", "");
      if (args.isEmpty() || args.matches("[<(](VARCHAR|STRING|TEXT|LOWCARDINALITY\\(STRING\\)),(VARCHAR|STRING|TEXT)[>)]")) {
        return MAP;
      }
      throw new IllegalArgumentException("unsupported map type " + name.trim()
          + ": only MAP<VARCHAR, VARCHAR> (a JSON object of strings in a TEXT column) is supported");
    }
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
