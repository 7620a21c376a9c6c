package io.sqlotel.planner.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * An index every shard has on a table, as far as the planner needs to know it to give SQLite an index hint
 * ({@link io.sqlotel.planner.sql.IndexHints}).
 *
 * @param columns the indexed columns, leading column first (expressions are not described)
 * @param partial whether the index has a WHERE clause (then it never counts as covering)
 */
public record IndexDef(List<String> columns, boolean partial) {
  /** Validates and copies the column list. */
  public IndexDef {
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("an index has at least one column");
    }
  }

  /** A full (non-partial) index on {@code columns}. */
  public static IndexDef on(String... columns) {
    return new IndexDef(List.of(columns), false);
  }
}
