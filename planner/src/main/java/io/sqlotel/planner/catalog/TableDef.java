package io.sqlotel.planner.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A table that every shard holds one time slice of.
 *
 * @param name the table name as in SQLite
 * @param timeColumn the column (INTEGER nanoseconds since the epoch) whose value decides the shard; exposed as
 *     TIMESTAMP; may be null for a table without one (then no pruning)
 * @param columns the columns in SQLite order; the time column has type {@link ColumnType#TIMESTAMP}
 * @param indexes the indexes every shard has on the table (empty when unknown: then SQLite gets no index hints)
 */
public record TableDef(String name, String timeColumn, List<ColumnDef> columns, List<IndexDef> indexes) {
  /** Validates the fields and copies the lists. */
  public TableDef {
    requireNonNull(name, "name is null");
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    indexes = List.copyOf(requireNonNull(indexes, "indexes is null"));
    if (timeColumn != null && columns.stream().noneMatch(c -> c.name().equals(timeColumn))) {
      throw new IllegalArgumentException("table " + name + ": time column " + timeColumn + " is not a column");
    }
  }

  /** A table whose indexes are unknown. */
  public TableDef(String name, String timeColumn, List<ColumnDef> columns) {
    this(name, timeColumn, columns, List.of());
  }

  /** A copy with {@code newIndexes}. */
  public TableDef withIndexes(List<IndexDef> newIndexes) {
    return new TableDef(name, timeColumn, columns, newIndexes);
  }

  /** The index of the time column, or -1 if the table has none. */
  public int timeColumnIndex() {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(timeColumn)) {
        return i;
      }
    }
    return -1;
  }
}
