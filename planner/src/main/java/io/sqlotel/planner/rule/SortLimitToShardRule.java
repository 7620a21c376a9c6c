package io.sqlotel.planner.rule;

import io.sqlotel.planner.rel.ShardScan;
import io.sqlotel.planner.rel.ShardStage;
import java.math.BigDecimal;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;

/**
 * Pushes {@code ORDER BY ... LIMIT n OFFSET m} to the shards as {@code ORDER BY ... LIMIT n+m}; the original sort
 * stays above the shard scan, where the coordinator merges the sorted shard streams and applies OFFSET/LIMIT. A
 * shard's limit never guarantees the global result, so the final Sort is always kept. A plain {@code LIMIT n}
 * (no ORDER BY) is pushed the same way.
 *
 * <pre>
 * Sort(keys, offset m, fetch n)            Sort(keys, offset m, fetch n)                 -- coordinator: k-way merge
 *   ShardScan[q]                   ==&gt;       ShardScan[Sort(q, keys, fetch n+m)]        -- each shard
 * </pre>
 */
public final class SortLimitToShardRule extends RelRule<ShardRuleConfig> {
  /** The rule instance. */
  public static final SortLimitToShardRule INSTANCE = (SortLimitToShardRule) ShardRuleConfig.of(
      "SortLimitToShardRule",
      b -> b.operand(Sort.class).predicate(s -> s.fetch != null).oneInput(b2 -> b2.operand(ShardScan.class)
          .predicate(s -> !s.partialAggregate() && s.stage().canAccept(ShardStage.SORT)).noInputs()),
      SortLimitToShardRule::new).toRule();

  /** Called from the config. */
  private SortLimitToShardRule(ShardRuleConfig config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    Sort sort = call.rel(0);
    ShardScan scan = call.rel(1);
    Long fetch = value(sort.fetch);
    Long offset = sort.offset == null ? Long.valueOf(0) : value(sort.offset);
    if (fetch == null || offset == null) {
      return; // dynamic LIMIT: nothing to push
    }
    long shardFetch = Math.addExact(fetch, offset);
    RexNode limit = sort.getCluster().getRexBuilder().makeBigintLiteral(BigDecimal.valueOf(shardFetch));
    LogicalSort pushed = LogicalSort.create(scan.pushed(), sort.getCollation(), null, limit);
    ShardScan newScan = scan.withPushed(pushed, ShardStage.SORT).withCollation(sort.getCollation());
    call.transformTo(sort.copy(sort.getTraitSet(), newScan, sort.getCollation(), sort.offset, sort.fetch));
  }

  private static Long value(RexNode n) {
    return n instanceof RexLiteral lit ? lit.getValueAs(Long.class) : null;
  }
}
