package io.sqlotel.bench.suite;

import static java.util.Objects.requireNonNull;

/**
 * One dashboard query of the suite, written once per dialect.
 *
 * @param name short identifier used in tables and CSV
 * @param kind what kind of query it is (the targets on aggregates apply to {@link Kind#AGGREGATE})
 * @param description one line for the report
 * @param sqlotelSql the query for sqlotel (Calcite SQL over {@code TIMESTAMP} time columns): modes 1 and 2
 * @param sqliteSql the same query for SQLite over the raw INTEGER-nanosecond columns: mode 3
 * @param calciteSql the same query for Calcite's JDBC adapter over the shard files (time columns are BIGINT
 *     nanoseconds there): mode 4
 */
public record BenchQuery(String name, Kind kind, String description, String sqlotelSql, String sqliteSql,
    String calciteSql) {
  /** Query shapes. */
  public enum Kind {
    /** GROUP BY or DISTINCT: two-phase aggregation. */
    AGGREGATE,
    /** ORDER BY ... LIMIT over raw rows. */
    TOP_N,
    /** A text search with LIKE, newest first, limited. */
    SEARCH,
    /** A point lookup by an indexed key. */
    LOOKUP,
    /** A raw time-range scan. */
    RAW
  }

  /** Validates the fields. */
  public BenchQuery {
    requireNonNull(name, "name is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(description, "description is null");
    requireNonNull(sqlotelSql, "sqlotelSql is null");
    requireNonNull(sqliteSql, "sqliteSql is null");
    requireNonNull(calciteSql, "calciteSql is null");
  }

  /** Whether the aggregate targets apply. */
  public boolean isAggregate() {
    return kind == Kind.AGGREGATE;
  }
}
