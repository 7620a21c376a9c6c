package io.sqlotel.coordinator;

import static java.util.Objects.requireNonNull;

import io.sqlotel.coordinator.arrow.ArrowTypes;
import io.sqlotel.coordinator.exec.Failures;
import io.sqlotel.coordinator.exec.QueryContext;
import io.sqlotel.coordinator.exec.QueryLog;
import io.sqlotel.coordinator.exec.ShardGroups;
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
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DistributedQueryEngine.class);

  private final ShardClient client;
  private final EngineConfig config;
  /** The catalog and what is derived from it, swapped as a whole by {@link #replaceCatalog}. */
  private volatile Served served;
  /** Where {@link #refreshCatalog()} reads the current catalog from; null when the catalog is fixed. */
  private volatile java.util.concurrent.Callable<Catalog> catalogSource;
  private final Object refreshLock = new Object();
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
    requireNonNull(catalog, "catalog is null");
    this.client = requireNonNull(client, "client is null");
    this.config = requireNonNull(config, "config is null");
    this.served = new Served(catalog);
  }

  /** A catalog with its planners and coverage check; immutable, so a running query keeps the one it started with. */
  private static final class Served {
    final Catalog catalog;
    final QueryPlanner pushdownPlanner;
    final QueryPlanner rawPlanner;
    final io.sqlotel.coordinator.exec.CoverageCheck coverage;
    final java.util.Set<String> shardIds;
    /**
     * Prepared queries by SQL text whose answer depends only on the SQL and this catalog (the schemas; not the shard
     * list of a splittable scan, which depends on the bound values and the time): prepare and GetFlightInfo of one
     * JDBC query then plan once between them, and DoGet once to run.
     */
    final java.util.Map<String, PreparedQuery> prepared = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Executable plans by pushdown flag and SQL text, for queries whose plan depends only on the SQL and this catalog
     * ({@link #reusable}): no parameters, no dynamic function such as CURRENT_TIMESTAMP (folded into the plan), not
     * EXPLAIN. A JDBC query then plans once (at prepare) instead of again in DoGet, and a dashboard's repeated
     * query not at all.
     */
    final java.util.Map<String, PlannedQuery> plans = new java.util.concurrent.ConcurrentHashMap<>();

    Served(Catalog catalog) {
      this.catalog = catalog;
      this.pushdownPlanner = new QueryPlanner(catalog, new PlannerOptions(true));
      this.rawPlanner = new QueryPlanner(catalog, new PlannerOptions(false));
      this.coverage = new io.sqlotel.coordinator.exec.CoverageCheck(catalog.shards());
      this.shardIds = catalog.shards().stream().map(io.sqlotel.shard.meta.ShardDescriptor::id)
          .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
  }

  /**
   * Serves another catalog from now on: the planners are rebuilt and swapped atomically. Queries already planned or
   * running keep the plan of the catalog they started with.
   *
   * @param catalog the new shards and tables
   */
  public void replaceCatalog(Catalog catalog) {
    requireNonNull(catalog, "catalog is null");
    Served next = new Served(catalog);
    synchronized (refreshLock) {
      this.served = next;
    }
  }

  /**
   * Sets where {@link #refreshCatalog()} reads the catalog from (e.g. a shard worker's {@code GET /catalog});
   * null makes the catalog fixed again.
   */
  public void setCatalogSource(java.util.concurrent.Callable<Catalog> source) {
    this.catalogSource = source;
  }

  /** Whether {@link #refreshCatalog()} has a source to read from. */
  public boolean refreshable() {
    return catalogSource != null;
  }

  /**
   * Reads the catalog from the source set with {@link #setCatalogSource} and serves it if it differs from the current
   * one. On failure the current catalog stays.
   *
   * @return the number of shards served afterwards
   * @throws IllegalStateException if there is no catalog source
   * @throws Exception what the source threw
   */
  public int refreshCatalog() throws Exception {
    java.util.concurrent.Callable<Catalog> source = catalogSource;
    if (source == null) {
      throw new IllegalStateException("this engine's catalog has no source to refresh from");
    }
    synchronized (refreshLock) {
      Catalog next = requireNonNull(source.call(), "the catalog source returned null");
      Catalog current = served.catalog;
      if (!next.equals(current)) {
        served = new Served(next);
        LOG.info("catalog refreshed: {} shard(s), was {}", next.shards().size(), current.shards().size());
      }
      return next.shards().size();
    }
  }

  /** Registers a listener called with the statistics of every query when it ends (tests, benchmarks). */
  public void addQueryListener(java.util.function.Consumer<QueryStats> listener) {
    listeners.add(requireNonNull(listener, "listener is null"));
  }

  /** The catalog served. */
  public Catalog catalog() {
    return served.catalog;
  }

  @Override
  public PreparedQuery prepare(String sql, QueryOptions options) {
    return prepare(sql, null, options);
  }

  @Override
  public PreparedQuery prepare(String sql, List<Object> values, QueryOptions options) {
    Served s = served;
    // bound values can change what the plan prunes (and so whether and how a scan splits): those plan afresh
    boolean unbound = values == null || values.isEmpty();
    PreparedQuery cached = unbound ? s.prepared.get(sql) : null;
    if (cached != null) {
      return cached;
    }
    PreparedQuery p = plan(s, sql, values, options);
    if (unbound && p.unorderedShards() == null) {
      if (s.prepared.size() >= PREPARED_CACHE_ENTRIES) {
        s.prepared.clear(); // crude bound: a burst of distinct SQL texts only costs re-planning
      }
      s.prepared.put(sql, p);
    }
    return p;
  }

  /** Entries of the per-catalog prepared-query cache before it is emptied. */
  private static final int PREPARED_CACHE_ENTRIES = 1024;

  private PreparedQuery plan(Served s, String sql, List<Object> values, QueryOptions options) {
    try {
      PlannedQuery plan = planner(s, options).plan(sql, values, options.queryStartNanos());
      if (values == null || values.isEmpty()) {
        remember(s, planKey(sql, options), plan);
      }
      Schema result = plan.isExplain() ? PlanExecutor.EXPLAIN_SCHEMA : ArrowTypes.schema(plan.rowType());
      List<Field> params = new ArrayList<>();
      int i = 1;
      for (RelDataType t : plan.parameterTypes()) {
        params.add(parameterField("p" + i++, t));
      }
      return new PreparedQuery(sql, result, new Schema(params), ShardGroups.unorderedShards(plan));
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
      Served s = served;
      PlannedQuery planned = executablePlan(s, sql, params, options);
      if (!planned.isExplain() && (options.coverageCheck() == null ? config.coverageCheck() : options.coverageCheck())) {
        s.coverage.check(planned);
      }
      PlannedQuery plan = options.shardIds() == null ? planned
          : ShardGroups.restrict(planned, options.shardIds(), s.shardIds);
      ctx.register(() -> {
        QueryLog.log(ctx, plan);
        if (!listeners.isEmpty()) {
          QueryStats stats = QueryLog.stats(ctx, plan);
          listeners.forEach(l -> l.accept(stats));
        }
      });
      ResultStream result = PlanExecutor.execute(plan, ctx);
      if ("fallback".equals(ctx.executionPath())) {
        // the columnar builder declined an expression: the fallback optimizes on the plan's cluster, never reuse it
        s.plans.remove(planKey(sql, options));
      }
      return result;
    } catch (RuntimeException e) {
      try {
        ctx.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw Failures.of(e);
    }
  }

  /** The plan to run: a cached one if {@link #reusable}, else a new one (then cached if reusable). */
  private PlannedQuery executablePlan(Served s, String sql, List<Object> params, QueryOptions options) {
    boolean unbound = params == null || params.isEmpty();
    String key = unbound ? planKey(sql, options) : null;
    PlannedQuery cached = key == null ? null : s.plans.get(key);
    if (cached != null) {
      // planning time 0: this run did not plan (the query log and statistics say so)
      return new PlannedQuery(cached.sql(), cached.root(), cached.rowType(), cached.parameterTypes(),
          cached.shardScans(), cached.explain(), 0, cached.startTimeDependent());
    }
    PlannedQuery p = planner(s, options).plan(sql, unbound ? List.of() : params, options.queryStartNanos());
    if (key != null) {
      remember(s, key, p);
    }
    return p;
  }

  private String planKey(String sql, QueryOptions options) {
    return (options.pushdown() && config.pushdown() ? "pushdown:" : "raw:") + sql;
  }

  /**
   * Whether a plan can run again for the same SQL text on the same catalog: it has no parameters, calls no dynamic
   * function (CURRENT_TIMESTAMP and the like are folded into literals and prune shards: they hold for one run), and
   * runs on a path that leaves the plan untouched ({@link PlanExecutor#reentrant}: not EXPLAIN, whose text reports
   * its own planning, nor the Enumerable fallback, which optimizes on the plan's cluster).
   */
  static boolean reusable(PlannedQuery p) {
    return !p.startTimeDependent() && p.parameterTypes().isEmpty() && PlanExecutor.reentrant(p);
  }

  private static void remember(Served s, String key, PlannedQuery p) {
    if (!reusable(p)) {
      return;
    }
    if (s.plans.size() >= PREPARED_CACHE_ENTRIES) {
      s.plans.clear(); // crude bound, as for the prepared queries
    }
    s.plans.put(key, p);
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
  private QueryPlanner planner(Served s, QueryOptions options) {
    return options.pushdown() && config.pushdown() ? s.pushdownPlanner : s.rawPlanner;
  }

  @Override
  public List<TableInfo> tables() {
    JavaTypeFactoryImpl types = new JavaTypeFactoryImpl(io.sqlotel.planner.type.SqlotelTypeSystem.INSTANCE);
    List<TableInfo> out = new ArrayList<>();
    Catalog catalog = served.catalog;
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
