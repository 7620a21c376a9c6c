package io.sqlotel.planner.rule;

import com.google.common.collect.RangeSet;
import io.sqlotel.planner.capability.SqliteCapabilities;
import io.sqlotel.planner.prune.ShardPruner;
import io.sqlotel.planner.rel.PushedPlans;
import io.sqlotel.planner.rel.ShardScan;
import io.sqlotel.planner.rel.ShardStage;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;

/**
 * Pushes the pushable conjuncts of a {@code Filter} into the shard query's WHERE clause and prunes the shards whose
 * time slice cannot match them. Conjuncts SQLite cannot evaluate exactly (see {@link SqliteCapabilities}) stay in a
 * filter in the coordinator.
 *
 * <pre>
 * Filter(a AND f(b))                Filter(f(b))            -- coordinator
 *   ShardScan[scan]          ==&gt;      ShardScan[Filter(a)]  -- each selected shard: WHERE a
 * </pre>
 */
public final class FilterToShardRule extends RelRule<ShardRuleConfig> {
  /** The rule instance. */
  public static final FilterToShardRule INSTANCE = (FilterToShardRule) ShardRuleConfig.of("FilterToShardRule",
      b -> b.operand(Filter.class).oneInput(b2 -> b2.operand(ShardScan.class)
          .predicate(FilterToShardRule::accepts).noInputs()),
      FilterToShardRule::new).toRule();

  /** WHERE before aggregation, or HAVING on a complete (partition-wise) aggregate. */
  private static boolean accepts(ShardScan s) {
    return !s.partialAggregate() && (s.stage().ordinal() <= ShardStage.PROJECT.ordinal()
        || s.stage() == ShardStage.AGGREGATE);
  }

  /** Called from the config. */
  private FilterToShardRule(ShardRuleConfig config) {
    super(config);
  }

  /**
   * {@code pushed} filtered by {@code condition}, keeping the shape SCAN → FILTER → PROJECT so the SQL is one SELECT:
   * a filter above a project moves below it, and adjacent filters merge.
   */
  static RelNode withFilter(RelNode pushed, RexNode condition) {
    RexBuilder rex = pushed.getCluster().getRexBuilder();
    if (pushed instanceof Project p && !p.containsOver()
        && !(p.getInput() instanceof org.apache.calcite.rel.core.Aggregate)) {
      RelNode below = withFilter(p.getInput(), RelOptUtil.pushPastProject(condition, p));
      return LogicalProject.create(below, p.getHints(), p.getProjects(), p.getRowType());
    }
    if (pushed instanceof Filter existing) {
      return LogicalFilter.create(existing.getInput(),
          RexUtil.composeConjunction(rex, List.of(existing.getCondition(), condition)));
    }
    return LogicalFilter.create(pushed, condition);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    Filter filter = call.rel(0);
    ShardScan scan = call.rel(1);
    RexBuilder rex = filter.getCluster().getRexBuilder();
    List<RexNode> pushable = new ArrayList<>();
    List<RexNode> remaining = new ArrayList<>();
    for (RexNode c : RelOptUtil.conjunctions(filter.getCondition())) {
      (SqliteCapabilities.canPush(c) ? pushable : remaining).add(c);
    }
    if (pushable.isEmpty()) {
      return; // nothing SQLite can evaluate exactly: the filter stays in the coordinator
    }
    RelNode pushed = scan.pushed();
    RexNode condition = RexUtil.composeConjunction(rex, pushable);
    RangeSet<Long> allowed = ShardPruner.timeRanges(condition,
        scan.stage().ordinal() < ShardStage.AGGREGATE.ordinal() ? PushedPlans.timeIndex(pushed, scan.table()) : -1);
    ShardStage stage = switch (scan.stage()) {
      case SCAN -> ShardStage.FILTER;
      case AGGREGATE -> ShardStage.HAVING;
      default -> scan.stage();
    };
    ShardScan newScan = scan.withPushed(withFilter(pushed, condition), stage)
        .withShards(ShardPruner.select(scan.shards(), allowed));
    RelNode result = remaining.isEmpty() ? newScan
        : LogicalFilter.create(newScan, RexUtil.composeConjunction(rex, remaining));
    call.transformTo(result);
  }
}
