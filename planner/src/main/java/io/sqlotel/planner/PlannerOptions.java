package io.sqlotel.planner;

/**
 * Planner switches.
 *
 * @param pushdown whether aggregates, sorts and limits are pushed to shards; false pulls (filtered, column-pruned)
 *     raw rows and does everything else in the coordinator — what a naive federation does, kept for comparisons
 */
public record PlannerOptions(boolean pushdown) {
  /** Everything pushed. */
  public static PlannerOptions defaults() {
    return new PlannerOptions(true);
  }
}
