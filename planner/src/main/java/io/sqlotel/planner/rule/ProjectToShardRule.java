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
import org.apache.calcite.rex.RexPermuteInputsShuttle;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.mapping.Mapping;
import org.apache.calcite.util.mapping.MappingType;
import org.apache.calcite.util.mapping.Mappings;

/**
 * Pushes a {@code Project} into the shard query's SELECT list. If every expression is pushable the whole projection
 * runs on the shards; otherwise only the columns it reads are selected on the shards (column pruning) and the
 * expressions run in the coordinator.
 *
 * <pre>
 * Project(a, f(b))                  Project($0, f($1))           -- coordinator
 *   ShardScan[scan a,b,c,d]  ==&gt;     ShardScan[Project(a, b)]     -- each shard: SELECT a, b
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
    ImmutableBitSet used = RelOptUtil.InputFinder.bits(project.getProjects(), null);
    int width = scan.getRowType().getFieldCount();
    if (used.cardinality() == width) {
      return; // the coordinator needs every column: nothing to prune
    }
    RexBuilder rex = project.getCluster().getRexBuilder();
    List<RexNode> refs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    Mapping mapping = Mappings.create(MappingType.INVERSE_SURJECTION, width, used.cardinality());
    int j = 0;
    for (int i : used) {
      refs.add(rex.makeInputRef(scan, i));
      names.add(scan.getRowType().getFieldNames().get(i));
      mapping.set(i, j++);
    }
    if (refs.isEmpty()) {
      return;
    }
    ShardScan newScan = scan.withPushed(compose(scan.pushed(), refs, names), ShardStage.PROJECT);
    RexPermuteInputsShuttle shuttle = new RexPermuteInputsShuttle(mapping, newScan);
    List<RexNode> remapped = new ArrayList<>();
    for (RexNode e : project.getProjects()) {
      remapped.add(e.accept(shuttle));
    }
    call.transformTo(LogicalProject.create(newScan, project.getHints(), remapped, project.getRowType()));
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
