package io.sqlotel.planner.rule;

import io.sqlotel.planner.agg.AggregateSplitter;
import io.sqlotel.planner.capability.SqliteCapabilities;
import io.sqlotel.planner.function.ExactPercentile;
import io.sqlotel.planner.rel.ShardScan;
import io.sqlotel.planner.rel.ShardStage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Exact percentiles ({@code PERCENTILE_CONT} / {@code PERCENTILE_DISC}, see {@link ExactPercentile}) in two phases:
 * each shard returns the multiset of its values per group — {@code GROUP BY keys, x} with {@code COUNT(*)}, one row
 * per distinct (group, value) — and the coordinator merges the counts per group and reads the exact percentile.
 *
 * <pre>
 * Aggregate(keys, PERCENTILE_CONT(q) WITHIN GROUP (ORDER BY x), COUNT(*))
 *   Project(keys, q, x)                                  -- the fraction arrives as a literal column
 *     ShardScan[s]
 * ==&gt;
 * Aggregate(keys, $PERCENTILE_CONT_MERGE(x, n, q, desc), $SUM0(c))      -- coordinator: merge counts per group
 *   Project(keys, x, c, n, q, desc)                                      -- q and desc as literal columns
 *     ShardScan[Aggregate(s; GROUP BY keys, x; COUNT(*) AS c, COUNT(*) AS n)]   -- each shard
 * </pre>
 *
 * <p>A projection between the aggregate and the shard scan (time buckets, expressions of x) joins the shard query
 * when SQLite can evaluate it; its literals (the fractions, as DECIMAL literals that are not pushed) stay as the
 * merge's arguments. Every exact percentile of the aggregate must order by the same column x (any fractions, CONT or DISC, ASC or
 * DESC); the other calls must be ones {@link AggregateSplitter} splits into a single partial (COUNT, SUM, $SUM0,
 * MIN, MAX, with FILTER; AVG arrives as SUM/COUNT): their partials are computed at the (keys, x) grain and merged
 * as usual. {@code APPROX_PERCENTILE(y, q)} calls (one column y) add y's log-bucket {@code (sign, bucket)} to the
 * grain — no extra rows when y is x — and merge as in {@link AggregateSplitRule}. Anything else — exact
 * percentiles of two different columns, variances in the same aggregate, an aggregate over a join — is left to
 * {@link #RAW}: the shards send the filtered rows and the coordinator runs the same merge with a count of 1 per
 * row.
 */
public final class ExactPercentileSplitRule extends RelRule<ShardRuleConfig> {
  /** The aggregate directly over a shard scan. */
  public static final ExactPercentileSplitRule INSTANCE = (ExactPercentileSplitRule) ShardRuleConfig.of(
      "ExactPercentileSplitRule",
      b -> b.operand(Aggregate.class).predicate(ExactPercentileSplitRule::hasExactPercentile)
          .oneInput(b2 -> b2.operand(ShardScan.class).predicate(ExactPercentileSplitRule::accepts).noInputs()),
      ExactPercentileSplitRule::new).toRule();

  /** The aggregate over a coordinator projection of shard columns and literals (how the fraction arrives). */
  public static final ExactPercentileSplitRule WITH_PROJECT = (ExactPercentileSplitRule) ShardRuleConfig.of(
      "ExactPercentileSplitRule:project",
      b -> b.operand(Aggregate.class).predicate(ExactPercentileSplitRule::hasExactPercentile)
          .oneInput(b1 -> b1.operand(Project.class).predicate(ExactPercentileSplitRule::pushableOrLiteral)
              .oneInput(b2 -> b2.operand(ShardScan.class).predicate(ExactPercentileSplitRule::accepts).noInputs())),
      ExactPercentileSplitRule::new).toRule();

  /**
   * The fallback for exact percentiles that are not split: rewrites the calls into the merges over the raw values
   * (count 1 per row), so that the coordinator's engines can run them.
   */
  public static final RelRule<ShardRuleConfig> RAW = (RelRule<ShardRuleConfig>) ShardRuleConfig.of(
      "ExactPercentileSplitRule:raw",
      b -> b.operand(Aggregate.class).predicate(ExactPercentileSplitRule::hasExactPercentile).anyInputs(),
      RawRule::new).toRule();

  private static boolean hasExactPercentile(Aggregate a) {
    return a.getGroupType() == Aggregate.Group.SIMPLE
        && a.getAggCallList().stream().anyMatch(c -> ExactPercentile.isExact(c.getAggregation()));
  }

  private static boolean accepts(ShardScan s) {
    return !s.partialAggregate() && s.stage().canAccept(ShardStage.AGGREGATE);
  }

  /** A projection the shard can evaluate, except for literals (the fraction), which stay in the coordinator. */
  private static boolean pushableOrLiteral(Project p) {
    return !p.containsOver()
        && p.getProjects().stream().allMatch(e -> literal(e) != null || SqliteCapabilities.canPush(e));
  }

  /** The literal {@code e} is, possibly under CASTs, or null. */
  static RexLiteral literal(RexNode e) {
    while (e instanceof RexCall c && c.getKind() == SqlKind.CAST) {
      e = c.getOperands().get(0);
    }
    return e instanceof RexLiteral lit ? lit : null;
  }

  /** The literal that column {@code index} of {@code rel} always holds (a projected literal), or null. */
  static RexLiteral literalColumn(RelNode rel, int index) {
    rel = rel.stripped(); // (inside the Hep planner, inputs are vertices)
    if (rel instanceof ShardScan s) {
      return literalColumn(s.pushed(), index);
    }
    if (rel instanceof Project p) {
      RexNode e = p.getProjects().get(index);
      RexLiteral lit = literal(e);
      if (lit != null) {
        return lit;
      }
      return e instanceof RexInputRef r ? literalColumn(p.getInput(), r.getIndex()) : null;
    }
    return null;
  }

  /** The fraction of an exact percentile call as a DOUBLE literal, or null if it is not a numeric literal. */
  static RexNode fraction(RexBuilder rex, RexLiteral lit) {
    BigDecimal v = lit == null ? null : lit.getValueAs(BigDecimal.class);
    return v == null ? null : rex.makeApproxLiteral(v);
  }

  private static boolean descending(AggregateCall c) {
    RelFieldCollation fc = c.getCollation().getFieldCollations().get(0);
    return fc.getDirection().isDescending();
  }

  private static int orderColumn(AggregateCall c) {
    return c.getCollation().getFieldCollations().get(0).getFieldIndex();
  }

  private static boolean exactCallShapeOk(AggregateCall c) {
    return !c.isDistinct() && c.filterArg < 0 && c.getArgList().size() == 1
        && c.getCollation().getFieldCollations().size() == 1;
  }

  /** {@code rel} with its row type cast to {@code target} (field by field) if it differs; names from target. */
  static RelNode castTo(RelNode rel, RelDataType target) {
    if (RelOptUtil.areRowTypesEqual(rel.getRowType(), target, false)) {
      return rel;
    }
    RexBuilder rex = rel.getCluster().getRexBuilder();
    List<RexNode> exprs = new ArrayList<>();
    for (int i = 0; i < target.getFieldCount(); i++) {
      RexNode ref = rex.makeInputRef(rel, i);
      RelDataType t = target.getFieldList().get(i).getType();
      exprs.add(ref.getType().equals(t) ? ref : rex.makeCast(t, ref, true, false));
    }
    return LogicalProject.create(rel, List.of(), exprs, target.getFieldNames(), java.util.Set.of());
  }

  private static AggregateCall mergeCall(AggregateCall original, RelDataType valueType, List<Integer> args,
      org.apache.calcite.rel.type.RelDataTypeFactory types) {
    var merge = ExactPercentile.mergeFor(original.getAggregation().getKind(), valueType);
    RelDataType type = merge == ExactPercentile.MERGE_DISC
        ? types.createTypeWithNullability(types.createSqlType(SqlTypeName.BIGINT), true)
        : types.createTypeWithNullability(types.createSqlType(SqlTypeName.DOUBLE), true);
    return AggregateCall.create(original.getParserPosition(), merge, false, false, false, List.of(), args, -1, null,
        RelCollations.EMPTY, type, original.getName());
  }

  /** Called from the config. */
  private ExactPercentileSplitRule(ShardRuleConfig config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    Aggregate agg = call.rel(0);
    Project project = call.rels.length == 3 ? call.rel(1) : null;
    ShardScan scan = call.rel(call.rels.length - 1);
    RexBuilder rex = agg.getCluster().getRexBuilder();
    var types = agg.getCluster().getTypeFactory();
    // where each aggregate input column comes from: a column of the shard query's input (>= 0), or a literal
    int inWidth = agg.getInput().getRowType().getFieldCount();
    int[] column = new int[inWidth];
    RexLiteral[] literals = new RexLiteral[inWidth];
    RelNode shardInput = scan.pushed();
    if (project != null) {
      // the projection's expressions (all pushable) join the shard query; its literals stay as arguments
      List<RexNode> pushed = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (int i = 0; i < inWidth; i++) {
        RexNode e = project.getProjects().get(i);
        literals[i] = literal(e);
        column[i] = literals[i] != null ? -1 : pushed.size();
        if (literals[i] == null) {
          pushed.add(e);
          names.add(project.getRowType().getFieldNames().get(i));
        }
      }
      shardInput = ProjectToShardRule.compose(scan.pushed(), pushed, names);
    } else {
      for (int i = 0; i < inWidth; i++) {
        column[i] = i;
      }
    }
    for (int i = 0; i < inWidth; i++) {
      if (column[i] >= 0) {
        literals[i] = literalColumn(shardInput, column[i]);
      }
    }
    List<Integer> keys = new ArrayList<>();
    for (int k : agg.getGroupSet()) {
      if (column[k] < 0) {
        return; // a literal group key: rare, left to the raw path
      }
      keys.add(column[k]);
    }
    int x = -1;
    int y = -1; // the APPROX_PERCENTILE column, if any
    List<AggregateCall> others = new ArrayList<>();
    List<RexNode> fractions = new ArrayList<>();
    List<RexNode> approxQuantiles = new ArrayList<>();
    for (AggregateCall c : agg.getAggCallList()) {
      if (ExactPercentile.isExact(c.getAggregation())) {
        if (!exactCallShapeOk(c) || column[orderColumn(c)] < 0) {
          return;
        }
        int cx = column[orderColumn(c)];
        RexNode q = fraction(rex, literals[c.getArgList().get(0)]);
        if ((x >= 0 && x != cx) || q == null) {
          return; // one value column per shard query; the fraction must be a literal
        }
        x = cx;
        fractions.add(q);
        continue;
      }
      if (AggregateSplitter.isPercentile(c) && AggregateSplitter.canSplit(List.of(c))) {
        // APPROX_PERCENTILE(y, q): its (sign, bucket) of y join the grain (no extra rows when y is x)
        int cy = column[c.getArgList().get(0)];
        RexNode q = fraction(rex, literals[c.getArgList().get(1)]);
        if (cy < 0 || (y >= 0 && y != cy) || q == null) {
          return;
        }
        y = cy;
        approxQuantiles.add(q);
        continue;
      }
      if (!AggregateSplitter.canSplit(List.of(c)) || AggregateSplitter.isPercentile(c)
          || AggregateSplitter.isVariance(c)) {
        return;
      }
      List<Integer> args = new ArrayList<>();
      for (int a : c.getArgList()) {
        if (column[a] < 0) {
          return;
        }
        args.add(column[a]);
      }
      int filter = c.filterArg < 0 ? -1 : column[c.filterArg];
      if (c.filterArg >= 0 && filter < 0) {
        return;
      }
      others.add(AggregateCall.create(c.getParserPosition(), c.getAggregation(), false, false, false, c.rexList,
          args, filter, null, RelCollations.EMPTY, c.getType(), c.getName()));
    }
    // the shard's partial aggregate: GROUP BY keys, x [, sign(y), bucket(y)]; the other calls' partials; COUNT(*)
    ImmutableBitSet partialGroup = ImmutableBitSet.of(keys).union(ImmutableBitSet.of(x));
    int sign = -1;
    if (y >= 0) {
      sign = shardInput.getRowType().getFieldCount();
      shardInput = AggregateSplitRule.withBuckets(shardInput, y);
      partialGroup = partialGroup.union(ImmutableBitSet.of(sign, sign + 1));
    }
    List<AggregateSplitter.Split> splits = AggregateSplitter.split(others, List.of(), types);
    List<AggregateCall> partials = new ArrayList<>();
    splits.forEach(s -> partials.addAll(s.partials()));
    partials.add(AggregateCall.create(SqlStdOperatorTable.COUNT, false, false, false, List.of(), List.of(), -1,
        null, RelCollations.EMPTY, types.createSqlType(SqlTypeName.BIGINT), "$n"));
    LogicalAggregate partial = LogicalAggregate.create(shardInput, agg.getHints(), partialGroup, null, partials);
    ShardScan newScan = scan.withPushed(partial, ShardStage.AGGREGATE).withPartialAggregate(true);
    int groups = partialGroup.cardinality();
    // coordinator: keys (in the query's order), x, the partial columns, n, [sign, bucket,] then the literal
    // arguments: (q, desc) per exact percentile, q per APPROX_PERCENTILE
    List<RexNode> exprs = new ArrayList<>();
    List<String> names = new ArrayList<>(agg.getRowType().getFieldNames().subList(0, keys.size()));
    for (int k : keys) {
      exprs.add(rex.makeInputRef(newScan, partialGroup.indexOf(k)));
    }
    int g = keys.size();
    exprs.add(rex.makeInputRef(newScan, partialGroup.indexOf(x)));
    names.add("$x");
    for (int p = 0; p < partials.size(); p++) {
      exprs.add(rex.makeInputRef(newScan, groups + p));
      names.add(p == partials.size() - 1 ? "$n" : "$p" + p);
    }
    int n = g + partials.size(); // x at g, partials at g+1 .., n last
    if (y >= 0) {
      exprs.add(rex.makeInputRef(newScan, partialGroup.indexOf(sign)));
      names.add("$sign");
      exprs.add(rex.makeInputRef(newScan, partialGroup.indexOf(sign + 1)));
      names.add("$bucket");
    }
    List<AggregateCall> finals = new ArrayList<>();
    RelDataType valueType = newScan.getRowType().getFieldList().get(partialGroup.indexOf(x)).getType();
    int other = 0;
    int pct = 0;
    int approx = 0;
    for (AggregateCall c : agg.getAggCallList()) {
      if (ExactPercentile.isExact(c.getAggregation())) {
        int q = exprs.size();
        exprs.add(fractions.get(pct));
        names.add("$q" + pct);
        exprs.add(rex.makeLiteral(descending(c)));
        names.add("$desc" + pct++);
        finals.add(mergeCall(c, valueType, List.of(g, n, q, q + 1), types));
      } else if (AggregateSplitter.isPercentile(c)) {
        int q = exprs.size();
        exprs.add(approxQuantiles.get(approx));
        names.add("$aq" + approx++);
        finals.add(AggregateCall.create(c.getParserPosition(), io.sqlotel.planner.function.ApproxPercentile.MERGE,
            false, false, false, List.of(), List.of(n + 1, n + 2, n, q), -1, null, RelCollations.EMPTY, c.getType(),
            c.getName()));
      } else {
        AggregateSplitter.Split s = splits.get(other);
        finals.add(AggregateCall.create(c.getParserPosition(), s.finalFunction(), false, false, false, List.of(),
            List.of(g + 1 + other), -1, null, RelCollations.EMPTY, s.finalType(), c.getName()));
        other++;
      }
    }
    RelNode mergeInput = LogicalProject.create(newScan, List.of(), exprs,
        org.apache.calcite.sql.validate.SqlValidatorUtil.uniquify(names, true), java.util.Set.of());
    RelNode merge = LogicalAggregate.create(mergeInput, agg.getHints(), ImmutableBitSet.range(g), null, finals);
    call.transformTo(castTo(merge, agg.getRowType()));
  }

  /** {@link #RAW}: the merges over raw values, a count of 1 per row. */
  private static final class RawRule extends RelRule<ShardRuleConfig> {
    RawRule(ShardRuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      Aggregate agg = call.rel(0);
      RelNode input = agg.getInput();
      RexBuilder rex = agg.getCluster().getRexBuilder();
      var types = agg.getCluster().getTypeFactory();
      int width = input.getRowType().getFieldCount();
      List<RexNode> exprs = new ArrayList<>();
      for (int i = 0; i < width; i++) {
        exprs.add(rex.makeInputRef(input, i));
      }
      int one = exprs.size();
      exprs.add(rex.makeBigintLiteral(BigDecimal.ONE));
      List<AggregateCall> calls = new ArrayList<>();
      for (AggregateCall c : agg.getAggCallList()) {
        if (!ExactPercentile.isExact(c.getAggregation())) {
          calls.add(c);
          continue;
        }
        if (!exactCallShapeOk(c)) {
          return; // (DISTINCT or FILTER on a percentile: left as it is; execution reports it)
        }
        int fractionArg = c.getArgList().get(0);
        RexNode q = fraction(rex, literalColumn(input, fractionArg));
        int qi = exprs.size();
        exprs.add(q != null ? q : rex.makeInputRef(input, fractionArg));
        exprs.add(rex.makeLiteral(descending(c)));
        int xi = orderColumn(c);
        calls.add(mergeCall(c, input.getRowType().getFieldList().get(xi).getType(), List.of(xi, one, qi, qi + 1),
            types));
      }
      RelNode project = LogicalProject.create(input, List.of(), exprs, (List<String>) null, java.util.Set.of());
      RelNode merged = LogicalAggregate.create(project, agg.getHints(), agg.getGroupSet(), null, calls);
      call.transformTo(castTo(merged, agg.getRowType()));
    }
  }
}
