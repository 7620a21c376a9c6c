package io.sqlotel.coordinator.exec;

import io.sqlotel.coordinator.ResultStream;
import io.sqlotel.coordinator.arrow.ArrowTypes;
import io.sqlotel.coordinator.fallback.EnumerableFallback;
import io.sqlotel.planner.PlannedQuery;
import io.sqlotel.planner.rel.ShardScan;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;

/**
 * Chooses how the coordinator runs a plan: the columnar operators for the shapes they cover, the Enumerable fallback
 * for the rest.
 */
public final class PlanExecutor {
  private PlanExecutor() {}

  /** The schema of an EXPLAIN result: one text row per line of the plan. */
  public static final Schema EXPLAIN_SCHEMA = new Schema(List.of(
      new Field("PLAN", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null)));

  /**
   * Starts executing {@code plan}; the returned stream owns {@code ctx} and closes it.
   *
   * @throws RuntimeException on failure (callers map it with {@link Failures#of})
   */
  public static ResultStream execute(PlannedQuery plan, QueryContext ctx) {
    if (plan.isExplain()) {
      ctx.executionPath("explain");
      String path = plan.root() instanceof ShardScan ? "gather (shard results are the result)"
          : ColumnarPlanBuilder.covered(plan.root()) ? "columnar (Arrow operators)"
          : "row-at-a-time fallback (Calcite Enumerable)";
      return explain(plan.explain() + "Coordinator execution: " + path + "\n", ctx);
    }
    Schema result = ArrowTypes.schema(plan.rowType());
    RelNode root = plan.root();
    if (root instanceof ShardScan s) {
      ctx.executionPath("gather");
      return new GatherStream(ShardGather.start(s, ctx), result, ctx, 0, -1);
    }
    if (root instanceof Sort sort && sort.getInput() instanceof ShardScan s
        && sort.getCollation().getFieldCollations().isEmpty()) {
      Long offset = sort.offset == null ? Long.valueOf(0) : value(sort.offset);
      Long fetch = sort.fetch == null ? Long.valueOf(-1) : value(sort.fetch);
      if (offset != null && fetch != null) {
        ctx.executionPath("gather");
        return new GatherStream(ShardGather.start(s, ctx), result, ctx, offset, fetch);
      }
    }
    io.sqlotel.coordinator.columnar.BatchOperator columnar = ColumnarPlanBuilder.tryBuild(root, ctx);
    if (columnar != null) {
      ctx.executionPath("columnar");
      return io.sqlotel.coordinator.columnar.BatchOperators.toResultStream(columnar, result, ctx, ctx::cancel);
    }
    ctx.executionPath("fallback");
    return EnumerableFallback.execute(root, result, ctx);
  }

  /**
   * Whether {@code plan} can run again, also concurrently, without planning it anew: true if it runs on the gather
   * or columnar path, which only read the plan's nodes; false for EXPLAIN and for the Enumerable fallback, which
   * optimizes the plan with its cluster's (shared, unsynchronized) Volcano planner and metadata.
   */
  public static boolean reentrant(PlannedQuery plan) {
    if (plan.isExplain()) {
      return false;
    }
    RelNode root = plan.root();
    return root instanceof ShardScan || (root instanceof Sort sort && sort.getInput() instanceof ShardScan)
        || ColumnarPlanBuilder.covered(root);
  }

  private static Long value(RexNode n) {
    return n instanceof RexLiteral lit ? lit.getValueAs(Long.class) : null;
  }

  private static ResultStream explain(String text, QueryContext ctx) {
    String[] lines = text.split("\n");
    VectorSchemaRoot root = VectorSchemaRoot.create(EXPLAIN_SCHEMA, ctx.allocator());
    VarCharVector v = (VarCharVector) root.getVector(0);
    v.allocateNew(lines.length);
    for (int i = 0; i < lines.length; i++) {
      v.setSafe(i, lines[i].getBytes(StandardCharsets.UTF_8));
    }
    root.setRowCount(lines.length);
    return new ResultStream() {
      private VectorSchemaRoot pending = root;

      @Override
      public Schema schema() {
        return EXPLAIN_SCHEMA;
      }

      @Override
      public VectorSchemaRoot next() {
        VectorSchemaRoot r = pending;
        pending = null;
        return r;
      }

      @Override
      public void cancel() {
        ctx.cancel();
      }

      @Override
      public void close() {
        if (pending != null) {
          pending.close();
          pending = null;
        }
        ctx.close();
      }
    };
  }
}
