package io.sqlotel.coordinator.columnar;

/**
 * One ORDER BY key of a sort or merge.
 *
 * @param field the column index in the operator's schema
 * @param descending whether larger values come first
 * @param nullsFirst whether NULLs come before all values (independent of {@code descending})
 */
public record SortKey(int field, boolean descending, boolean nullsFirst) {
  /**
   * Validates the key.
   *
   * @throws IllegalArgumentException if {@code field} is negative
   */
  public SortKey {
    if (field < 0) {
      throw new IllegalArgumentException("sort field must be >= 0: " + field);
    }
  }

  /** An ascending key with NULLs first (SQLite's default order). */
  public static SortKey asc(int field) {
    return new SortKey(field, false, true);
  }

  /** A descending key with NULLs last (SQLite's default order). */
  public static SortKey desc(int field) {
    return new SortKey(field, true, false);
  }
}
