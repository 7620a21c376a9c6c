package io.sqlotel.planner.rule;

import io.sqlotel.planner.agg.AggregateSplitter;
import io.sqlotel.planner.rel.PushedPlans;
import io.sqlotel.planner.rel.ShardScan;
import io.sqlotel.planner.rel.ShardStage;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Two-phase aggregation: pushes a partial aggregate ({@code SELECT keys, partial aggs ... GROUP BY keys}) to every
 * shard and leaves the final merge ({@link AggregateSplitter}) in the coordinator, so no raw row leaves a shard.
 *
 * <pre>
 * Aggregate(keys, COUNT(), SUM(x))             Aggregate(keys', $SUM0($k), SUM($k+1))          -- coordinator merge
 *   ShardScan[q]                       ==&gt;       ShardScan[Aggregate(q; keys, COUNT(), SUM(x))]  -- each shard, partial
 * </pre>
 *
 * <p>Partition-wise aggregation: when a group key is a time bucket aligned with every shard's slice, each group lies
 * within one shard; the whole aggregate is pushed and the coordinator only concatenates (no merge).
 */
public final class AggregateSplitRule extends RelRule<ShardRuleConfig> {
  /** The rule instance. */
  public static final AggregateSplitRule INSTANCE = (AggregateSplitRule) ShardRuleConfig.of("AggregateSplitRule",
      b -> b.operand(Aggregate.class)
          .predicate(a -> a.getGroupType() == Aggregate.Group.SIMPLE && AggregateSplitter.canSplit(a.getAggCallList()))
          .oneInput(b2 -> b2.operand(ShardScan.class)
              .predicate(s -> !s.partialAggregate() && s.stage().canAccept(ShardStage.AGGREGATE)).noInputs()),
      AggregateSplitRule::new).toRule();

  /** Called from the config. */
  private AggregateSplitRule(ShardRuleConfig config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    Aggregate agg = call.rel(0);
    ShardScan scan = call.rel(1);
    int groupCount = agg.getGroupCount();
    if (PushedPlans.isPartitionWise(scan.pushed(), scan.table(), agg.getGroupSet(), scan.shards())) {
      // every group lies within one shard: the shard results are final, the coordinator only concatenates
      call.transformTo(scan.withPushed(agg.copy(agg.getTraitSet(), List.of(scan.pushed())), ShardStage.AGGREGATE));
      return;
    }
    List<AggregateSplitter.Split> splits = AggregateSplitter.split(agg.getAggCallList(), groupCount);
    List<AggregateCall> partials = new ArrayList<>();
    splits.forEach(s -> partials.add(s.partial()));
    LogicalAggregate partial = LogicalAggregate.create(scan.pushed(), agg.getHints(), agg.getGroupSet(), null,
        partials);
    ShardScan newScan = scan.withPushed(partial, ShardStage.AGGREGATE).withPartialAggregate(true);
    List<AggregateCall> finals = new ArrayList<>();
    for (int i = 0; i < splits.size(); i++) {
      AggregateSplitter.Split s = splits.get(i);
      AggregateCall original = agg.getAggCallList().get(i);
      finals.add(AggregateCall.create(original.getParserPosition(), s.finalFunction(), false, false, false,
          List.of(), List.of(groupCount + i), -1, null, RelCollations.EMPTY, s.finalType(), original.getName()));
    }
    LogicalAggregate merge = LogicalAggregate.create(newScan, agg.getHints(), ImmutableBitSet.range(groupCount),
        null, finals);
    call.transformTo(merge);
  }
}
