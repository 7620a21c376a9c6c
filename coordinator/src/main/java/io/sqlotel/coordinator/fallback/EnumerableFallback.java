package io.sqlotel.coordinator.fallback;

import io.sqlotel.coordinator.ResultStream;
import io.sqlotel.coordinator.arrow.RowBatchWriter;
import io.sqlotel.coordinator.exec.Failures;
import io.sqlotel.coordinator.exec.QueryContext;
import io.sqlotel.planner.rel.ShardScan;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableInterpretable;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.tools.Programs;

/**
 * The row-at-a-time fallback: runs the coordinator part of a plan that the columnar operators do not cover (joins,
 * sub-queries, window functions, ...) with Calcite's Enumerable convention (Volcano + Janino code generation).
 *
 * <p>Each {@link ShardScan} becomes a scan of a {@link GatheredTable} that streams the shard results. Correct for any
 * plan Calcite can implement; slower than the columnar path, and TIMESTAMP values inside it have millisecond
 * precision (Calcite's internal representation).
 */
public final class EnumerableFallback {
  private EnumerableFallback() {}

  /**
   * Compiles and starts {@code root}; rows are produced lazily as the returned stream is read.
   *
   * @param resultSchema the Arrow schema of the result
   */
  public static ResultStream execute(RelNode root, Schema resultSchema, QueryContext ctx) {
    RelOptCluster cluster = root.getCluster();
    JavaTypeFactory typeFactory = (JavaTypeFactory) cluster.getTypeFactory();
    CalciteSchema schema = CalciteSchema.createRootSchema(false, false);
    CalciteCatalogReader reader = new CalciteCatalogReader(schema, List.of(), typeFactory,
        CalciteConnectionConfig.DEFAULT);
    Bindable<?> bindable;
    // The cluster's Volcano planner and metadata cache are not thread-safe; a plan the engine reused may be here twice.
    synchronized (cluster) {
      int[] counter = {0};
      RelNode replaced = root.accept(new RelShuttleImpl() {
        @Override
        public RelNode visit(RelNode other) {
          if (other instanceof ShardScan s) {
            String name = "$shard_scan_" + counter[0]++;
            schema.add(name, new GatheredTable(s, ctx));
            Prepare.PreparingTable table = reader.getTable(List.of(name));
            return LogicalTableScan.create(cluster, table, List.of());
          }
          return super.visit(other);
        }
      });
      if (replaced instanceof ShardScan) {
        throw new AssertionError("root shard scans are served by the columnar path");
      }
      RelNode physical = Programs.standard().run(cluster.getPlanner(), replaced,
          replaced.getTraitSet().replace(EnumerableConvention.INSTANCE), List.of(), List.of());
      Map<String, Object> internalParameters = new HashMap<>();
      bindable = EnumerableInterpretable.toBindable(internalParameters, null, (EnumerableRel) physical,
          EnumerableRel.Prefer.ARRAY);
    }
    DataContext dataContext = new FallbackDataContext(schema.plus(), typeFactory, ctx);
    @SuppressWarnings("unchecked")
    Enumerable<Object> rows = (Enumerable<Object>) bindable.bind(dataContext);
    return new RowStream(rows.enumerator(), resultSchema, ctx);
  }

  /** The variables generated code reads: current time (UTC), time zone, cancel flag. */
  private static final class FallbackDataContext implements DataContext {
    private final SchemaPlus schema;
    private final JavaTypeFactory typeFactory;
    private final Map<String, Object> variables = new HashMap<>();

    FallbackDataContext(SchemaPlus schema, JavaTypeFactory typeFactory, QueryContext ctx) {
      this.schema = schema;
      this.typeFactory = typeFactory;
      long millis = Math.floorDiv(ctx.queryStartNanos(), 1_000_000L);
      variables.put(Variable.CURRENT_TIMESTAMP.camelName, millis);
      variables.put(Variable.LOCAL_TIMESTAMP.camelName, millis);
      variables.put(Variable.UTC_TIMESTAMP.camelName, millis);
      variables.put(Variable.TIME_ZONE.camelName, TimeZone.getTimeZone("UTC"));
      variables.put(Variable.LOCALE.camelName, Locale.ROOT);
      variables.put(Variable.CANCEL_FLAG.camelName, ctx.cancelFlag());
    }

    @Override
    public SchemaPlus getRootSchema() {
      return schema;
    }

    @Override
    public JavaTypeFactory getTypeFactory() {
      return typeFactory;
    }

    @Override
    public QueryProvider getQueryProvider() {
      return null;
    }

    @Override
    public Object get(String name) {
      return variables.get(name);
    }
  }

  /** Converts Enumerable rows to Arrow batches as they are read. */
  private static final class RowStream implements ResultStream {
    private final Enumerator<Object> rows;
    private final Schema schema;
    private final QueryContext ctx;
    private final RowBatchWriter writer;
    private boolean done;

    RowStream(Enumerator<Object> rows, Schema schema, QueryContext ctx) {
      this.rows = rows;
      this.schema = schema;
      this.ctx = ctx;
      this.writer = new RowBatchWriter(schema, ctx.allocator(), ctx.config().batchRows());
    }

    @Override
    public Schema schema() {
      return schema;
    }

    @Override
    public VectorSchemaRoot next() {
      if (done) {
        return null;
      }
      try {
        while (!writer.full() && rows.moveNext()) {
          Object r = rows.current();
          writer.append(r instanceof Object[] a ? a : new Object[] {r});
        }
        if (!writer.full()) {
          done = true;
        }
        ctx.checkShards();
        return writer.take();
      } catch (RuntimeException e) {
        done = true;
        throw Failures.of(e);
      }
    }

    @Override
    public List<io.sqlotel.coordinator.ShardFailure> shardFailures() {
      return ctx.shardFailures();
    }

    @Override
    public void cancel() {
      ctx.cancel();
    }

    @Override
    public void close() {
      writer.close();
      rows.close();
      ctx.close();
    }
  }
}
