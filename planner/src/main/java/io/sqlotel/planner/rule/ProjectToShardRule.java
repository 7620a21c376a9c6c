package io.sqlotel.planner.rule;

import io.sqlotel.planner.capability.SqliteCapabilities;
import io.sqlotel.planner.rel.ShardScan;
import io.sqlotel.planner.rel.ShardStage;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexShuttle;

/**
 * Pushes a {@code Project} into the shard query's SELECT list. If every expression is pushable the whole projection
 * runs on the shards; otherwise the pushable expressions and the columns the others read are selected on the shards
 * (column pruning) and the other expressions run in the coordinator.
 *
 * <pre>
 * Project(a, g(c), f(b))            Project($0, $2, f($1))          -- coordinator (f not pushable)
 *   ShardScan[scan a,b,c,d]  ==&gt;     ShardScan[Project(a, b, g(c))]  -- each shard: SELECT a, b, g(c)
 * </pre>
 */
public final class ProjectToShardRule extends RelRule<ShardRuleConfig> {
  /** The rule instance. */
  public static final ProjectToShardRule INSTANCE = (ProjectToShardRule) ShardRuleConfig.of("ProjectToShardRule",
      b -> b.operand(Project.class).oneInput(b2 -> b2.operand(ShardScan.class)
          .predicate(ProjectToShardRule::accepts).noInputs()),
      ProjectToShardRule::new).toRule();

  /** A SELECT list before aggregation, or a projection of a complete (partition-wise) aggregate's rows. */
  private static boolean accepts(ShardScan s) {
    return !s.partialAggregate() && (s.stage().ordinal() <= ShardStage.PROJECT.ordinal()
        || s.stage() == ShardStage.AGGREGATE || s.stage() == ShardStage.HAVING);
  }

  /** Called from the config. */
  private ProjectToShardRule(ShardRuleConfig config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    Project project = call.rel(0);
    ShardScan scan = call.rel(1);
    if (project.getProjects().isEmpty() || project.containsOver()) {
      return;
    }
    boolean afterAggregate = scan.stage().ordinal() >= ShardStage.AGGREGATE.ordinal();
    if (project.getProjects().stream().allMatch(SqliteCapabilities::canPush)) {
      call.transformTo(scan.withPushed(compose(scan.pushed(), project.getProjects(),
          project.getRowType().getFieldNames()), afterAggregate ? ShardStage.POST_PROJECT : ShardStage.PROJECT));
      return;
    }
    if (afterAggregate) {
      return; // the aggregate's rows are few; the coordinator evaluates what SQLite cannot
    }
    // Push every computable expression that is not a literal (map['k'], CAST(...), FLOOR(ts TO ...)) as its own shard
    // column, and the columns the other expressions read, in the order of first use; the rest is evaluated in the
    // coordinator. So an aggregate above (APPROX_PERCENTILE(x, 0.95) GROUP BY map['k']) can still be split.
    RexBuilder rex = project.getCluster().getRexBuilder();
    List<RexNode> pushed = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<String> scanNames = scan.getRowType().getFieldNames();
    for (int j = 0; j < project.getProjects().size(); j++) {
      RexNode e = project.getProjects().get(j);
      if (e instanceof RexLiteral) {
        continue;
      }
      if (SqliteCapabilities.canPush(e)) {
        addOnce(pushed, names, e, e instanceof RexInputRef ref ? scanNames.get(ref.getIndex())
            : project.getRowType().getFieldNames().get(j));
      } else {
        for (int i : RelOptUtil.InputFinder.bits(e)) {
          addOnce(pushed, names, rex.makeInputRef(scan, i), scanNames.get(i));
        }
      }
    }
    int width = scan.getRowType().getFieldCount();
    boolean onlyColumns = pushed.stream().allMatch(e -> e instanceof RexInputRef);
    if (pushed.isEmpty() || onlyColumns && pushed.size() == width) {
      return; // nothing to compute on the shards and every column needed: nothing to prune
    }
    ShardScan newScan = scan.withPushed(compose(scan.pushed(), pushed, names), ShardStage.PROJECT);
    RexShuttle remap = new RexShuttle() {
      @Override
      public RexNode visitInputRef(RexInputRef ref) {
        return rex.makeInputRef(newScan, pushed.indexOf(rex.makeInputRef(scan, ref.getIndex())));
      }
    };
    List<RexNode> remapped = new ArrayList<>();
    for (RexNode e : project.getProjects()) {
      int k = e instanceof RexLiteral ? -1 : pushed.indexOf(e);
      remapped.add(k >= 0 ? rex.makeInputRef(newScan, k) : e.accept(remap));
    }
    call.transformTo(LogicalProject.create(newScan, project.getHints(), remapped, project.getRowType()));
  }

  private static void addOnce(List<RexNode> list, List<String> names, RexNode e, String name) {
    if (!list.contains(e)) {
      list.add(e);
      names.add(name);
    }
  }

  /** A project of {@code exprs} (over the output of {@code pushed}) merged into {@code pushed}'s own project. */
  static RelNode compose(RelNode pushed, List<RexNode> exprs, List<String> names) {
    if (pushed instanceof Project inner && !inner.containsOver()) {
      List<RexNode> merged = RelOptUtil.pushPastProject(exprs, inner);
      return LogicalProject.create(inner.getInput(), List.of(), merged, uniquify(names), inner.getVariablesSet());
    }
    return LogicalProject.create(pushed, List.of(), exprs, uniquify(names), java.util.Set.of());
  }

  private static List<String> uniquify(List<String> names) {
    return org.apache.calcite.sql.validate.SqlValidatorUtil.uniquify(names,
        org.apache.calcite.sql.validate.SqlValidatorUtil.EXPR_SUGGESTER, true);
  }
}
