package io.sqlotel.planner.catalog;

import static java.util.Objects.requireNonNull;

/**
 * One column of a sharded table.
 *
 * @param name the column name exactly as in SQLite (case preserved)
 * @param type its SQL type
 * @param nullable whether it may hold NULL
 */
public record ColumnDef(String name, ColumnType type, boolean nullable) {
  /** Validates the fields. */
  public ColumnDef {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
  }
}
