package io.sqlotel.coordinator.exec;

import io.sqlotel.coordinator.arrow.ArrowTypes;
import io.sqlotel.coordinator.columnar.AggCall;
import io.sqlotel.coordinator.columnar.BatchOperator;
import io.sqlotel.coordinator.columnar.BatchOperators;
import io.sqlotel.coordinator.columnar.FilterOperator;
import io.sqlotel.coordinator.columnar.HashAggregateOperator;
import io.sqlotel.coordinator.columnar.KWayMergeOperator;
import io.sqlotel.coordinator.columnar.ProjectOperator;
import io.sqlotel.coordinator.columnar.SortKey;
import io.sqlotel.coordinator.columnar.SortOperator;
import io.sqlotel.coordinator.columnar.VectorExpression;
import io.sqlotel.planner.function.ExactPercentile;
import io.sqlotel.planner.rel.ShardScan;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import io.sqlotel.coordinator.columnar.HashJoinOperator;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;

/**
 * Turns a coordinator plan into columnar operators on Arrow vectors, when every node above the shard scans is one
 * they cover: the final (merge) {@code Aggregate} of SUM/$SUM0/MIN/MAX/COUNT and of exact percentiles (value counts
 * merged per group), {@code Project} and {@code Filter}
 * (HAVING, post-aggregate expressions such as AVG = sum / count), {@code Sort} with OFFSET/LIMIT — a k-way merge when
 * the shards already return their rows sorted by the same keys — and equi-{@code Join}s (hash join, right side
 * built). Anything else (theta joins, windows, DISTINCT calls, user aggregates,
 * expressions the vector evaluator lacks) makes {@link #tryBuild} answer null, and the plan runs in the row-at-a-time
 * fallback instead.
 */
public final class ColumnarPlanBuilder {
  /** Shard scans with more shards than this use a full sort rather than one stream per shard for a k-way merge. */
  static final int MAX_KWAY_INPUTS = 48;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ColumnarPlanBuilder.class);

  private final QueryContext ctx;
  private final List<AutoCloseable> started = new ArrayList<>();

  private ColumnarPlanBuilder(QueryContext ctx) {
    this.ctx = ctx;
  }

  /**
   * The columnar operator tree for {@code root}, or null if some node is not covered. Nothing is started (no shard
   * request sent) unless the whole tree is covered.
   */
  public static BatchOperator tryBuild(RelNode root, QueryContext ctx) {
    if (!covered(root)) {
      return null;
    }
    ColumnarPlanBuilder b = new ColumnarPlanBuilder(ctx);
    try {
      return b.build(root);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      // an expression or column type the vector operators lack: the fallback covers it
      LOG.debug("columnar execution declined: {}", e.getMessage());
      b.closeStarted();
      return null;
    } catch (RuntimeException e) {
      b.closeStarted();
      throw e;
    }
  }

  private void closeStarted() {
    for (AutoCloseable c : started) {
      try {
        c.close();
      } catch (Exception ignored) {
        // best effort: the query is failing or falling back anyway
      }
    }
  }

  /** A structural check first, so that expressions are compiled only for plans of covered shapes. */
  static boolean covered(RelNode rel) {
    if (rel instanceof ShardScan) {
      return true;
    }
    if (rel instanceof Join j) {
      return joinCovered(j) && covered(j.getLeft()) && covered(j.getRight());
    }
    boolean self = (rel instanceof Aggregate a && aggregateCovered(a))
        || rel instanceof Project p && !p.containsOver()
        || rel instanceof Filter
        || rel instanceof Sort s && literal(s.offset, 0) != null && literal(s.fetch, -1) != null;
    return self && rel.getInputs().size() == 1 && covered(rel.getInput(0));
  }

  /** Equi-joins of the kinds the hash join implements (no residual condition). */
  private static boolean joinCovered(Join j) {
    if (!j.analyzeCondition().isEqui()) {
      return false;
    }
    return switch (j.getJoinType()) {
      case INNER, LEFT, RIGHT, FULL, SEMI, ANTI -> true;
      default -> false;
    };
  }

  private static boolean aggregateCovered(Aggregate a) {
    if (a.getGroupType() != Aggregate.Group.SIMPLE) {
      return false;
    }
    for (AggregateCall c : a.getAggCallList()) {
      if (ExactPercentile.isMerge(c.getAggregation())) {
        if (percentile(a, c) == null) {
          return false;
        }
        continue;
      }
      if (c.isDistinct() || c.filterArg >= 0 || c.getArgList().size() > 1 || kind(c) == null
          || !c.getCollation().getFieldCollations().isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The columnar call of an exact percentile merge {@code $PERCENTILE_..._MERGE(value, count, q, descending)} whose
   * q and descending are literal columns of the aggregate's input projection, or null.
   */
  private static AggCall percentile(Aggregate a, AggregateCall c) {
    List<Integer> args = c.getArgList();
    if (args.size() != 4 || c.filterArg >= 0 || !(a.getInput() instanceof Project p)) {
      return null;
    }
    RexNode q = p.getProjects().get(args.get(2));
    RexNode desc = p.getProjects().get(args.get(3));
    if (!(q instanceof RexLiteral ql) || !(desc instanceof RexLiteral dl) || ql.getValueAs(Double.class) == null
        || dl.getValueAs(Boolean.class) == null) {
      return null;
    }
    double fraction = ql.getValueAs(Double.class);
    if (!(fraction >= 0 && fraction <= 1)) {
      return null; // the row engine reports it
    }
    AggCall.Kind kind = c.getAggregation() == ExactPercentile.MERGE_CONT ? AggCall.Kind.PERCENTILE_CONT
        : AggCall.Kind.PERCENTILE_DISC;
    return AggCall.percentile(kind, args.get(0), args.get(1), fraction, dl.getValueAs(Boolean.class));
  }

  private static AggCall.Kind kind(AggregateCall c) {
    return switch (c.getAggregation().getKind()) {
      case SUM -> AggCall.Kind.SUM;
      case SUM0 -> AggCall.Kind.SUM0;
      case MIN -> AggCall.Kind.MIN;
      case MAX -> AggCall.Kind.MAX;
      case COUNT -> AggCall.Kind.COUNT;
      default -> null;
    };
  }

  private BatchOperator build(RelNode rel) {
    Schema out = ArrowTypes.schema(rel.getRowType());
    if (rel instanceof ShardScan s) {
      BatchOperator op = BatchOperators.fromShards(out, ShardGather.start(s, ctx), ctx.allocator());
      started.add(op);
      return op;
    }
    if (rel instanceof Sort sort) {
      return sort(sort);
    }
    if (rel instanceof Join j) {
      JoinInfo info = j.analyzeCondition();
      BatchOperator left = build(j.getLeft());
      BatchOperator right = build(j.getRight());
      return new HashJoinOperator(left, right, info.leftKeys.toIntArray(), info.rightKeys.toIntArray(),
          HashJoinOperator.JoinType.of(j.getJoinType()), ctx.allocator(), ctx.config().batchRows(), out);
    }
    Schema inSchema = ArrowTypes.schema(rel.getInput(0).getRowType());
    if (rel instanceof Filter f) {
      VectorExpression predicate = VectorExpression.compile(f.getCondition(), inSchema);
      return new FilterOperator(build(f.getInput()), predicate, ctx.allocator());
    }
    if (rel instanceof Project p) {
      List<VectorExpression> exprs = new ArrayList<>();
      for (RexNode e : p.getProjects()) {
        exprs.add(VectorExpression.compile(e, inSchema));
      }
      return new ProjectOperator(build(p.getInput()), exprs, out, ctx.allocator());
    }
    Aggregate a = (Aggregate) rel;
    List<AggCall> calls = new ArrayList<>();
    for (AggregateCall c : a.getAggCallList()) {
      calls.add(ExactPercentile.isMerge(c.getAggregation()) ? percentile(a, c)
          : new AggCall(kind(c), c.getArgList().isEmpty() ? -1 : c.getArgList().get(0), c.getType().isNullable()));
    }
    return new HashAggregateOperator(build(a.getInput()), a.getGroupSet().toArray(), calls, ctx.allocator(),
        ctx.config().batchRows(), out);
  }

  private BatchOperator sort(Sort sort) {
    long offset = literal(sort.offset, 0);
    long fetch = literal(sort.fetch, -1);
    List<SortKey> keys = new ArrayList<>();
    for (RelFieldCollation c : sort.getCollation().getFieldCollations()) {
      keys.add(new SortKey(c.getFieldIndex(), c.getDirection().isDescending(),
          c.nullDirection == RelFieldCollation.NullDirection.FIRST));
    }
    if (!keys.isEmpty() && fetch >= 0 && sort.getInput() instanceof ShardScan scan
        && scan.collation().equals(sort.getCollation()) && scan.shards().size() <= MAX_KWAY_INPUTS
        && scan.shards().stream().noneMatch(io.sqlotel.shard.meta.ShardDescriptor::int64AsText)) {
      // (int64-as-text shards get their SQL wrapped in a casting SELECT, which SQLite need not return in order)
      // each shard returns its top offset+fetch rows already sorted: merge the sorted streams
      Schema schema = ArrowTypes.schema(scan.getRowType());
      List<BatchOperator> inputs = new ArrayList<>();
      for (var stream : ShardGather.startPerShard(scan, ctx)) {
        BatchOperator op = BatchOperators.fromShards(schema, stream, ctx.allocator());
        started.add(op);
        inputs.add(op);
      }
      return new KWayMergeOperator(inputs, keys, offset, fetch, ctx.allocator(), ctx.config().batchRows());
    }
    return new SortOperator(build(sort.getInput()), keys, offset, fetch, ctx.allocator(), ctx.config().batchRows());
  }

  /** The value of a LIMIT/OFFSET literal, {@code absent} if there is none, or null if it is not a literal. */
  private static Long literal(RexNode n, long absent) {
    if (n == null) {
      return absent;
    }
    return n instanceof RexLiteral lit ? lit.getValueAs(Long.class) : null;
  }
}
