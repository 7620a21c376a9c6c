package io.sqlotel.planner.rule;

import io.sqlotel.planner.agg.AggregateSplitter;
import io.sqlotel.planner.function.ApproxPercentile;
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
   * The same over a coordinator projection that only appends literals to the shard columns (how the quantile of
   * {@code APPROX_PERCENTILE(x, 0.99)} arrives: DECIMAL literals are not pushed).
   */
  public static final AggregateSplitRule WITH_LITERALS = (AggregateSplitRule) ShardRuleConfig.of(
      "AggregateSplitRule:literals",
      b -> b.operand(Aggregate.class)
          .predicate(a -> a.getGroupType() == Aggregate.Group.SIMPLE && AggregateSplitter.canSplit(a.getAggCallList()))
          .oneInput(b1 -> b1.operand(org.apache.calcite.rel.core.Project.class)
              .predicate(AggregateSplitRule::appendsLiterals)
              .oneInput(b2 -> b2.operand(ShardScan.class)
                  .predicate(s -> !s.partialAggregate() && s.stage().canAccept(ShardStage.AGGREGATE)).noInputs())),
      AggregateSplitRule::new).toRule();

  /** Whether a project is {@code $0 .. $n-1} of its input followed by literals only. */
  private static boolean appendsLiterals(org.apache.calcite.rel.core.Project p) {
    int n = p.getInput().getRowType().getFieldCount();
    List<RexNode> e = p.getProjects();
    if (e.size() <= n) {
      return false;
    }
    for (int i = 0; i < e.size(); i++) {
      boolean ok = i < n ? e.get(i) instanceof org.apache.calcite.rex.RexInputRef r && r.getIndex() == i
          : e.get(i) instanceof org.apache.calcite.rex.RexLiteral;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

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

  /** Whether columns at or past {@code width} (the appended literals) are used only as percentile quantiles. */
  private static boolean literalsOnlyAsQuantiles(Aggregate agg, int width) {
    if (agg.getGroupSet().asList().stream().anyMatch(k -> k >= width)) {
      return false;
    }
    for (AggregateCall c : agg.getAggCallList()) {
      for (int i = 0; i < c.getArgList().size(); i++) {
        boolean quantile = AggregateSplitter.isPercentile(c) && i == 1;
        if (!quantile && c.getArgList().get(i) >= width) {
          return false;
        }
      }
    }
    return true;
  }

  /** The literal quantile of each APPROX_PERCENTILE call, in call order, or null if one is not a literal. */
  private static List<RexNode> quantiles(RelNode input, List<AggregateCall> calls) {
    List<RexNode> out = new ArrayList<>();
    Integer x = null;
    for (AggregateCall c : calls) {
      if (!AggregateSplitter.isPercentile(c)) {
        continue;
      }
      if (x != null && x.intValue() != c.getArgList().get(0)) {
        return null; // one bucket column per shard query
      }
      x = c.getArgList().get(0);
      if (!(input instanceof org.apache.calcite.rel.core.Project p)
          || !(p.getProjects().get(c.getArgList().get(1)) instanceof org.apache.calcite.rex.RexLiteral lit)) {
        return null;
      }
      out.add(lit);
    }
    return out;
  }

  private static int percentileArgument(List<AggregateCall> calls) {
    return calls.stream().filter(AggregateSplitter::isPercentile).findFirst().orElseThrow().getArgList().get(0);
  }

  /**
   * {@code input} plus {@code CAST(SIGN(x) AS BIGINT)} and {@code CAST(CEIL(LN(ABS(x)) / ln γ) AS BIGINT)}: the
   * sign and log-bucket of x ({@link ApproxPercentile}), which the shard groups by (LN of 0 is NULL in SQLite).
   */
  static RelNode withBuckets(RelNode input, int x) {
    RexBuilder rex = input.getCluster().getRexBuilder();
    var types = input.getCluster().getTypeFactory();
    RelDataType dbl = types.createTypeWithNullability(types.createSqlType(SqlTypeName.DOUBLE), true);
    RelDataType bigint = types.createTypeWithNullability(types.createSqlType(SqlTypeName.BIGINT), true);
    List<RexNode> exprs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < input.getRowType().getFieldCount(); i++) {
      exprs.add(rex.makeInputRef(input, i));
      names.add(input.getRowType().getFieldNames().get(i));
    }
    RexNode xd = rex.makeCast(dbl, rex.makeInputRef(input, x));
    exprs.add(rex.makeCast(bigint, rex.makeCall(SqlStdOperatorTable.SIGN, xd)));
    names.add("$sign");
    RexNode ln = rex.makeCall(SqlStdOperatorTable.LN, rex.makeCall(SqlStdOperatorTable.ABS, xd));
    RexNode scaled = rex.makeCall(SqlStdOperatorTable.DIVIDE, ln,
        rex.makeApproxLiteral(java.math.BigDecimal.valueOf(ApproxPercentile.LN_GAMMA)));
    exprs.add(rex.makeCast(bigint, rex.makeCall(SqlStdOperatorTable.CEIL, scaled)));
    names.add("$bucket");
    return LogicalProject.create(input, List.of(), exprs, names, java.util.Set.of());
  }

  /** Called from the config. */
  private AggregateSplitRule(ShardRuleConfig config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    Aggregate agg = call.rel(0);
    org.apache.calcite.rel.core.Project literals = call.rels.length == 3 ? call.rel(1) : null;
    ShardScan scan = call.rel(call.rels.length - 1);
    if (literals != null && !literalsOnlyAsQuantiles(agg, scan.getRowType().getFieldCount())) {
      return;
    }
    int groupCount = agg.getGroupCount();
    boolean sqliteNative = literals == null && agg.getAggCallList().stream()
        .noneMatch(c -> AggregateSplitter.isVariance(c) || AggregateSplitter.isPercentile(c));
    if (sqliteNative && (scan.shards().size() == 1
        || PushedPlans.isPartitionWise(scan.pushed(), scan.table(), agg.getGroupSet(), scan.shards()))) {
      // one shard, or every group within one shard: the shard results are final (zero shards must still merge:
      // COUNT over nothing is one row holding 0)
      // every group lies within one shard: the shard results are final, the coordinator only concatenates
      call.transformTo(scan.withPushed(agg.copy(agg.getTraitSet(), List.of(scan.pushed())), ShardStage.AGGREGATE));
      return;
    }
    RelNode input = scan.pushed();
    List<AggregateCall> calls = agg.getAggCallList();
    boolean percentiles = calls.stream().anyMatch(AggregateSplitter::isPercentile);
    boolean variances = calls.stream().anyMatch(AggregateSplitter::isVariance);
    List<RexNode> quantiles = percentiles ? quantiles(literals != null ? literals : input, calls) : List.of();
    if (percentiles && (variances || quantiles == null)) {
      return; // percentiles need literal quantiles over one column, and cannot share a shard query with variances
    }
    ImmutableBitSet partialGroup = agg.getGroupSet();
    int width = input.getRowType().getFieldCount();
    List<int[]> varianceColumns = new ArrayList<>();
    if (percentiles) {
      input = withBuckets(input, percentileArgument(calls));
      partialGroup = partialGroup.union(ImmutableBitSet.of(width, width + 1));
    } else if (variances) {
      input = withDeviations(input, agg, varianceColumns);
    }
    List<AggregateSplitter.Split> splits = AggregateSplitter.split(calls, varianceColumns,
        agg.getCluster().getTypeFactory());
    List<AggregateCall> partials = new ArrayList<>();
    splits.forEach(s -> partials.addAll(s.partials()));
    if (percentiles) {
      partials.add(AggregateCall.create(SqlStdOperatorTable.COUNT, false, false, false, List.of(), List.of(), -1,
          null, RelCollations.EMPTY, agg.getCluster().getTypeFactory().createSqlType(SqlTypeName.BIGINT), "$n"));
    }
    LogicalAggregate partial = LogicalAggregate.create(input, agg.getHints(), partialGroup, null, partials);
    ShardScan newScan = scan.withPushed(partial, ShardStage.AGGREGATE).withPartialAggregate(true);
    int partialGroupCount = partialGroup.cardinality();
    RelNode mergeInput = newScan;
    int countColumn = partialGroupCount + partials.size() - 1;
    int firstQuantile = newScan.getRowType().getFieldCount();
    if (percentiles) {
      // the quantiles become constant columns beside the partial rows, as arguments of the merge
      RexBuilder rex = agg.getCluster().getRexBuilder();
      List<RexNode> exprs = new ArrayList<>();
      for (int i = 0; i < firstQuantile; i++) {
        exprs.add(rex.makeInputRef(newScan, i));
      }
      RelDataType dbl = agg.getCluster().getTypeFactory().createSqlType(SqlTypeName.DOUBLE);
      for (RexNode quantile : quantiles) {
        exprs.add(rex.makeCast(dbl, quantile, true, false));
      }
      mergeInput = LogicalProject.create(newScan, List.of(), exprs, (List<String>) null, java.util.Set.of());
    }
    List<AggregateCall> finals = new ArrayList<>();
    int column = partialGroupCount;
    int q = 0;
    for (int i = 0; i < splits.size(); i++) {
      AggregateSplitter.Split s = splits.get(i);
      AggregateCall original = calls.get(i);
      List<Integer> args = new ArrayList<>();
      if (AggregateSplitter.isPercentile(original)) {
        args.addAll(List.of(groupCount, groupCount + 1, countColumn, firstQuantile + q++));
      }
      for (int k = 0; k < s.partials().size(); k++) {
        args.add(column++);
      }
      finals.add(AggregateCall.create(original.getParserPosition(), s.finalFunction(), false, false, false,
          List.of(), args, -1, null, RelCollations.EMPTY, s.finalType(), original.getName()));
    }
    LogicalAggregate merge = LogicalAggregate.create(mergeInput, agg.getHints(), ImmutableBitSet.range(groupCount),
        null, finals);
    call.transformTo(merge);
  }
}
