package io.sqlotel.planner.rule;

import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.rel.rules.CoreRules;

/** The instances of sqlotel's pushdown rules, grouped as the planner's Hep program applies them. */
public final class ShardRules {
  private ShardRules() {}

  /** Rewrites sub-queries as correlates (before decorrelation). */
  public static final List<RelOptRule> SUB_QUERY = List.of(CoreRules.FILTER_SUB_QUERY_TO_CORRELATE,
      CoreRules.PROJECT_SUB_QUERY_TO_CORRELATE, CoreRules.JOIN_SUB_QUERY_TO_CORRELATE);

  /** Moves filters toward the scans and absorbs filters and projections into shard queries. */
  public static final List<RelOptRule> FILTER_PROJECT = List.of(
      CoreRules.FILTER_INTO_JOIN,
      CoreRules.JOIN_CONDITION_PUSH,
      CoreRules.FILTER_PROJECT_TRANSPOSE,
      CoreRules.FILTER_AGGREGATE_TRANSPOSE,
      CoreRules.FILTER_MERGE,
      CoreRules.PROJECT_MERGE,
      CoreRules.PROJECT_REMOVE,
      FilterToShardRule.INSTANCE,
      ProjectToShardRule.INSTANCE);

  /** Reduces AVG to SUM/COUNT and expands DISTINCT aggregates, so the split rule can take them. */
  public static final List<RelOptRule> AGGREGATE_PREPARE = List.of(
      // AVG only: variances are split into mergeable (n, sum, m2) partials by AggregateSplitRule
      org.apache.calcite.rel.rules.AggregateReduceFunctionsRule.Config.DEFAULT
          .withFunctionsToReduce(java.util.EnumSet.of(org.apache.calcite.sql.SqlKind.AVG)).toRule(),
      CoreRules.AGGREGATE_EXPAND_DISTINCT_AGGREGATES_TO_JOIN,
      CoreRules.PROJECT_MERGE);

  /**
   * Two-phase aggregation and top-N; after a complete (partition-wise) aggregate, HAVING, the post-aggregate
   * projection and ORDER BY/LIMIT are absorbed too.
   */
  public static final List<RelOptRule> AGGREGATE_SORT = List.of(AggregateSplitRule.INSTANCE,
      AggregateSplitRule.WITH_LITERALS, ExactPercentileSplitRule.INSTANCE, ExactPercentileSplitRule.WITH_PROJECT,
      FilterToShardRule.INSTANCE, ProjectToShardRule.INSTANCE, SortLimitToShardRule.INSTANCE);

  /** Last, with or without pushdown: exact percentiles not split into shard value counts merge raw values. */
  public static final List<RelOptRule> COORDINATOR_ONLY = List.of(ExactPercentileSplitRule.RAW);
}
