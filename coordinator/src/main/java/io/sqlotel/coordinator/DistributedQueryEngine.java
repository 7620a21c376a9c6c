package io.sqlotel.coordinator;

import static java.util.Objects.requireNonNull;

import io.sqlotel.coordinator.arrow.ArrowTypes;
import io.sqlotel.coordinator.exec.Failures;
import io.sqlotel.coordinator.exec.QueryContext;
import io.sqlotel.coordinator.exec.QueryLog;
import io.sqlotel.coordinator.exec.PlanExecutor;
import io.sqlotel.planner.PlannedQuery;
import io.sqlotel.planner.PlannerOptions;
import io.sqlotel.planner.QueryPlanner;
import io.sqlotel.planner.catalog.Catalog;
import io.sqlotel.planner.catalog.TableDef;
import io.sqlotel.planner.schema.ShardedTable;
import io.sqlotel.shard.client.Deadline;
import io.sqlotel.shard.client.FanOutOptions;
import io.sqlotel.shard.client.ShardClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;

/**
 * The query engine over a catalog of sharded tables: plans with {@link QueryPlanner}, fans out to the shards with a
 * {@link ShardClient}, merges in the coordinator. Thread-safe.
 */
public final class DistributedQueryEngine implements QueryEngine {
  private final Catalog catalog;
  private final ShardClient client;
  private final EngineConfig config;
  private final QueryPlanner pushdownPlanner;
  private final QueryPlanner rawPlanner;
  private final io.sqlotel.coordinator.exec.CoverageCheck coverage;
  private final List<java.util.function.Consumer<QueryStats>> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * Creates an engine.
   *
   * @param catalog shards and tables
   * @param client the shard client (owned by the caller)
   * @param config engine settings
   */
  public DistributedQueryEngine(Catalog catalog, ShardClient client, EngineConfig config) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.client = requireNonNull(client, "client is null");
    this.config = requireNonNull(config, "config is null");
    this.pushdownPlanner = new QueryPlanner(catalog, new PlannerOptions(true));
    this.rawPlanner = new QueryPlanner(catalog, new PlannerOptions(false));
    this.coverage = new io.sqlotel.coordinator.exec.CoverageCheck(catalog.shards());
  }

  /** Registers a listener called with the statistics of every query when it ends (tests, benchmarks). */
  public void addQueryListener(java.util.function.Consumer<QueryStats> listener) {
    listeners.add(requireNonNull(listener, "listener is null"));
  }

  /** The catalog served. */
  public Catalog catalog() {
    return catalog;
  }

  @Override
  public PreparedQuery prepare(String sql, QueryOptions options) {
    try {
      PlannedQuery plan = planner(options).plan(sql, null, options.queryStartNanos());
      Schema result = plan.isExplain() ? PlanExecutor.EXPLAIN_SCHEMA : ArrowTypes.schema(plan.rowType());
      List<Field> params = new ArrayList<>();
      int i = 1;
      for (RelDataType t : plan.parameterTypes()) {
        params.add(parameterField("p" + i++, t));
      }
      return new PreparedQuery(sql, result, new Schema(params));
    } catch (RuntimeException e) {
      throw Failures.of(e);
    }
  }

  @Override
  public ResultStream execute(String sql, List<Object> params, QueryOptions options, BufferAllocator allocator) {
    String queryId = UUID.randomUUID().toString().substring(0, 8);
    QueryContext ctx = new QueryContext(queryId, allocator, client, config, options.queryStartNanos(),
        fanOutOptions(options));
    try {
      PlannedQuery plan = planner(options).plan(sql, params == null ? List.of() : params, options.queryStartNanos());
      if (!plan.isExplain() && (options.coverageCheck() == null ? config.coverageCheck() : options.coverageCheck())) {
        coverage.check(plan);
      }
      ctx.register(() -> {
        QueryLog.log(ctx, plan);
        if (!listeners.isEmpty()) {
          QueryStats stats = QueryLog.stats(ctx, plan);
          listeners.forEach(l -> l.accept(stats));
        }
      });
      return PlanExecutor.execute(plan, ctx);
    } catch (RuntimeException e) {
      try {
        ctx.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw Failures.of(e);
    }
  }

  /**
   * The deadline (the shorter of the engine's and the query's timeout, from now), the retry policy with a fresh
   * per-query budget, and whether shard failures are tolerated.
   */
  private FanOutOptions fanOutOptions(QueryOptions options) {
    Duration timeout = config.queryTimeout();
    if (options.timeout() != null && options.timeout().compareTo(timeout) < 0) {
      timeout = options.timeout();
    }
    boolean partial = options.partialResults() == null ? config.partialResults() : options.partialResults();
    return new FanOutOptions(Deadline.after(timeout), config.retry(), config.retry().newBudget(), partial);
  }

  /**
   * The Arrow field a client binds a parameter with. TIMESTAMP parameters are declared in MILLISECOND: the Flight SQL
   * JDBC driver 18.3 writes milliseconds into a timestamp parameter vector whatever its unit, so a NANOSECOND
   * declaration would be read a million times too small. Values arriving in another unit are converted.
   */
  private static Field parameterField(String name, RelDataType t) {
    if (t.getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.TIMESTAMP) {
      return new Field(name, new org.apache.arrow.vector.types.pojo.FieldType(true,
          new org.apache.arrow.vector.types.pojo.ArrowType.Timestamp(
              org.apache.arrow.vector.types.TimeUnit.MILLISECOND, null), null), null);
    }
    return ArrowTypes.field(name, t);
  }

  /** Pushdown happens only if both the query and the engine configuration allow it. */
  private QueryPlanner planner(QueryOptions options) {
    return options.pushdown() && config.pushdown() ? pushdownPlanner : rawPlanner;
  }

  @Override
  public List<TableInfo> tables() {
    JavaTypeFactoryImpl types = new JavaTypeFactoryImpl(io.sqlotel.planner.type.SqlotelTypeSystem.INSTANCE);
    List<TableInfo> out = new ArrayList<>();
    for (TableDef t : catalog.tables()) {
      RelDataType rowType = new ShardedTable(t, catalog.shards()).getRowType(types);
      out.add(new TableInfo(t.name(), ArrowTypes.schema(rowType)));
    }
    out.sort(Comparator.comparing(TableInfo::name));
    return out;
  }

  @Override
  public void close() {
    // the shard client belongs to the caller
  }
}
