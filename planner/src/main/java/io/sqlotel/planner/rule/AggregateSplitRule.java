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
import com.google.common.collect.ImmutableList;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexWindowBounds;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Two-phase aggregation: pushes a partial aggregate ({@code SELECT keys, partial aggs ... GROUP BY keys}) to every
 * shard and leaves the final merge ({@link AggregateSplitter}) in the coordinator, so no raw row leaves a shard.
 *
 * <pre>
 * Aggregate(keys, COUNT(), SUM(x))             Aggregate(keys', $SUM0($k), SUM($k+1))          -- coordinator merge
 *   ShardScan[q]                       ==&gt;       ShardScan[Aggregate(q; keys, COUNT(), SUM(x))]  -- each shard, partial
 * </pre>
 *
 * <p>Partition-wise aggregation: when a group key is a time bucket aligned with every shard's slice, or when a single
 * shard is selected, each group lies within one shard; the whole aggregate is pushed and the coordinator only
 * concatenates (no merge).
 */
public final class AggregateSplitRule extends RelRule<ShardRuleConfig> {
  /** The rule instance. */
  public static final AggregateSplitRule INSTANCE = (AggregateSplitRule) ShardRuleConfig.of("AggregateSplitRule",
      b -> b.operand(Aggregate.class)
          .predicate(a -> a.getGroupType() == Aggregate.Group.SIMPLE && AggregateSplitter.canSplit(a.getAggCallList()))
          .oneInput(b2 -> b2.operand(ShardScan.class)
              .predicate(s -> !s.partialAggregate() && s.stage().canAccept(ShardStage.AGGREGATE)).noInputs()),
      AggregateSplitRule::new).toRule();

  /**
   * {@code input} plus, for each variance call on x, the columns {@code xd = CAST(x AS DOUBLE)} and
   * {@code dev2 = (xd - AVG(xd) OVER (PARTITION BY group keys))^2}: a shard computes its partial
   * {@code (n, sum, m2)} in one query (SQLite window functions), M2 about the shard-group's own mean.
   */
  private static RelNode withDeviations(RelNode input, Aggregate agg, List<int[]> columns) {
    RexBuilder rex = agg.getCluster().getRexBuilder();
    RelDataType dbl = agg.getCluster().getTypeFactory().createTypeWithNullability(
        agg.getCluster().getTypeFactory().createSqlType(SqlTypeName.DOUBLE), true);
    int width = input.getRowType().getFieldCount();
    List<RexNode> partition = new ArrayList<>();
    for (int key : agg.getGroupSet()) {
      partition.add(rex.makeInputRef(input, key));
    }
    List<RexNode> windowed = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      windowed.add(rex.makeInputRef(input, i));
      names.add(input.getRowType().getFieldNames().get(i));
    }
    List<AggregateCall> variances = agg.getAggCallList().stream().filter(AggregateSplitter::isVariance).toList();
    for (AggregateCall c : variances) {
      RexNode xd = rex.makeCast(dbl, rex.makeInputRef(input, c.getArgList().get(0)));
      windowed.add(xd);
      names.add("$xd" + windowed.size());
      windowed.add(rex.makeOver(dbl, SqlStdOperatorTable.AVG, List.of(xd), partition, ImmutableList.of(),
          RexWindowBounds.UNBOUNDED_PRECEDING, RexWindowBounds.UNBOUNDED_FOLLOWING, true, true, false, false, false));
      names.add("$avg" + windowed.size());
    }
    RelNode w = LogicalProject.create(input, List.of(), windowed, names, java.util.Set.of());
    List<RexNode> outer = new ArrayList<>();
    List<String> outerNames = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      outer.add(rex.makeInputRef(w, i));
      outerNames.add(names.get(i));
    }
    for (int v = 0; v < variances.size(); v++) {
      RexNode xd = rex.makeInputRef(w, width + 2 * v);
      RexNode dev = rex.makeCall(SqlStdOperatorTable.MINUS, xd, rex.makeInputRef(w, width + 2 * v + 1));
      outer.add(xd);
      outerNames.add("$xd" + v);
      outer.add(rex.makeCall(SqlStdOperatorTable.MULTIPLY, dev, dev));
      outerNames.add("$dev2" + v);
      columns.add(new int[] {width + 2 * v, width + 2 * v + 1});
    }
    return LogicalProject.create(w, List.of(), outer, outerNames, java.util.Set.of());
  }

  /** Called from the config. */
  private AggregateSplitRule(ShardRuleConfig config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    Aggregate agg = call.rel(0);
    ShardScan scan = call.rel(1);
    int groupCount = agg.getGroupCount();
    boolean sqliteNative = agg.getAggCallList().stream().noneMatch(AggregateSplitter::isVariance);
    if (sqliteNative && (scan.shards().size() == 1
        || PushedPlans.isPartitionWise(scan.pushed(), scan.table(), agg.getGroupSet(), scan.shards()))) {
      // one shard, or every group within one shard: the shard results are final (zero shards must still merge:
      // COUNT over nothing is one row holding 0)
      // every group lies within one shard: the shard results are final, the coordinator only concatenates
      call.transformTo(scan.withPushed(agg.copy(agg.getTraitSet(), List.of(scan.pushed())), ShardStage.AGGREGATE));
      return;
    }
    RelNode input = scan.pushed();
    List<int[]> varianceColumns = new ArrayList<>();
    if (agg.getAggCallList().stream().anyMatch(AggregateSplitter::isVariance)) {
      input = withDeviations(input, agg, varianceColumns);
    }
    List<AggregateSplitter.Split> splits = AggregateSplitter.split(agg.getAggCallList(), varianceColumns,
        agg.getCluster().getTypeFactory());
    List<AggregateCall> partials = new ArrayList<>();
    splits.forEach(s -> partials.addAll(s.partials()));
    LogicalAggregate partial = LogicalAggregate.create(input, agg.getHints(), agg.getGroupSet(), null, partials);
    ShardScan newScan = scan.withPushed(partial, ShardStage.AGGREGATE).withPartialAggregate(true);
    List<AggregateCall> finals = new ArrayList<>();
    int column = groupCount;
    for (int i = 0; i < splits.size(); i++) {
      AggregateSplitter.Split s = splits.get(i);
      AggregateCall original = agg.getAggCallList().get(i);
      List<Integer> args = new ArrayList<>();
      for (int k = 0; k < s.partials().size(); k++) {
        args.add(column++);
      }
      finals.add(AggregateCall.create(original.getParserPosition(), s.finalFunction(), false, false, false,
          List.of(), args, -1, null, RelCollations.EMPTY, s.finalType(), original.getName()));
    }
    LogicalAggregate merge = LogicalAggregate.create(newScan, agg.getHints(), ImmutableBitSet.range(groupCount),
        null, finals);
    call.transformTo(merge);
  }
}
