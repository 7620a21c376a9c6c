package io.sqlotel.planner.rel;

/**
 * How far a shard query has absorbed the plan above its table scan, in the only order one SQL SELECT can express
 * them (after Druid's {@code PartialDruidQuery.Stage}): SCAN → FILTER → PROJECT → AGGREGATE → HAVING → SORT.
 * An operator can be absorbed only at a stage after the current one.
 */
public enum ShardStage {
  /** A bare table scan. */
  SCAN,
  /** WHERE absorbed. */
  FILTER,
  /** SELECT list absorbed. */
  PROJECT,
  /** GROUP BY / aggregates absorbed (a partial aggregate unless the aggregation is partition-wise). */
  AGGREGATE,
  /** A filter on the aggregated rows (complete aggregates only). */
  HAVING,
  /** A projection of the aggregated rows (complete aggregates only). */
  POST_PROJECT,
  /** ORDER BY and/or LIMIT absorbed. */
  SORT;

  /** Whether a query at this stage can absorb an operator of stage {@code next}. */
  public boolean canAccept(ShardStage next) {
    return next.ordinal() > ordinal();
  }
}
