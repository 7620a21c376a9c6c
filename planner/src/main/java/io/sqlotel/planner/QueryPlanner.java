package io.sqlotel.planner;

import static java.util.Objects.requireNonNull;

import io.sqlotel.planner.catalog.Catalog;
import io.sqlotel.planner.catalog.TableDef;
import io.sqlotel.planner.rel.ShardScan;
import io.sqlotel.planner.rule.ConstantFolding;
import io.sqlotel.planner.rule.ShardRules;
import io.sqlotel.planner.rule.ShardScanRule;
import io.sqlotel.planner.schema.ShardedTable;
import io.sqlotel.planner.type.SqlotelTypeSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.config.NullCollation;
import org.apache.calcite.plan.Contexts;
import java.util.Properties;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlOperatorTables;
import io.sqlotel.planner.function.TimeBucket;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.RelDecorrelator;
import org.apache.calcite.sql2rel.RelFieldTrimmer;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Planner;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.tools.ValidationException;

/**
 * Plans SQL over the catalog's sharded tables: parse, validate and convert with Calcite, then a fixed
 * {@link HepPlanner} program of pushdown rules (no Volcano, no code generation on this path).
 *
 * <p>SQL conventions: identifiers are quoted with double quotes; identifiers match case-insensitively; NULLs sort
 * low (first in ascending order, as in SQLite); tables are in schema {@code otel} of catalog {@code sqlotel}, the
 * default schema.
 * Thread-safe: each call creates its own Calcite planner.
 */
public final class QueryPlanner {
  /** The catalog the schema lives in, as JDBC metadata reports it. */
  public static final String CATALOG = "sqlotel";

  /** The schema the tables live in. */
  public static final String SCHEMA = "otel";

  static {
    // Text literals are UTF-8 (Calcite's default, ISO-8859-1, cannot hold '中文' or emoji). Read by Calcite once, when
    // its CalciteSystemProperty class loads; the launcher and the test JVMs set them too.
    setIfAbsent("calcite.default.charset", "UTF-8");
    setIfAbsent("calcite.default.nationalcharset", "UTF-8");
    setIfAbsent("calcite.default.collation.name", "UTF-8$en_US");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  private final Catalog catalog;
  private final FrameworkConfig config;
  private final PlannerOptions options;

  /** Creates a planner over {@code catalog}. */
  public QueryPlanner(Catalog catalog, PlannerOptions options) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.options = requireNonNull(options, "options is null");
    SchemaPlus root = Frameworks.createRootSchema(false);
    // catalog "sqlotel", schema "otel": sqlotel.otel.t, otel.t and t all resolve (JDBC tools qualify names)
    java.util.Map<String, org.apache.calcite.schema.Table> tables = new java.util.LinkedHashMap<>();
    for (TableDef t : catalog.tables()) {
      tables.put(t.name(), new ShardedTable(t, catalog.shards()));
    }
    AbstractSchema otel = new AbstractSchema() {
      @Override
      protected java.util.Map<String, org.apache.calcite.schema.Table> getTableMap() {
        return tables;
      }
    };
    root.add(SCHEMA, otel);
    SchemaPlus schema = root.add(CATALOG, new AbstractSchema()).add(SCHEMA, otel);
    SqlParser.Config parser = SqlParser.config()
        .withQuoting(Quoting.DOUBLE_QUOTE)
        .withUnquotedCasing(Casing.UNCHANGED)
        .withQuotedCasing(Casing.UNCHANGED)
        .withCaseSensitive(false)
        .withConformance(SqlConformanceEnum.LENIENT);
    this.config = Frameworks.newConfigBuilder()
        .parserConfig(parser)
        .defaultSchema(schema)
        .typeSystem(SqlotelTypeSystem.INSTANCE)
        .operatorTable(SqlOperatorTables.chain(SqlStdOperatorTable.instance(),
            SqlOperatorTables.of(TimeBucket.OPERATOR, io.sqlotel.planner.function.ApproxPercentile.OPERATOR,
                io.sqlotel.planner.function.HistogramQuantile.OPERATOR)))
        .context(Contexts.of(connectionConfig()))
        .sqlValidatorConfig(SqlValidator.Config.DEFAULT
            .withDefaultNullCollation(NullCollation.LOW)
            .withConformance(SqlConformanceEnum.LENIENT)
            .withIdentifierExpansion(true))
        .sqlToRelConverterConfig(SqlToRelConverter.config().withTrimUnusedFields(true).withExpand(false))
        .build();
  }

  /** Connection settings Calcite's planner reads besides the parser config (NULL order, case, quoting). */
  private static CalciteConnectionConfig connectionConfig() {
    Properties p = new Properties();
    p.setProperty(CalciteConnectionProperty.DEFAULT_NULL_COLLATION.camelName(), NullCollation.LOW.name());
    p.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
    p.setProperty(CalciteConnectionProperty.QUOTING.camelName(), Quoting.DOUBLE_QUOTE.name());
    p.setProperty(CalciteConnectionProperty.UNQUOTED_CASING.camelName(), Casing.UNCHANGED.name());
    p.setProperty(CalciteConnectionProperty.QUOTED_CASING.camelName(), Casing.UNCHANGED.name());
    p.setProperty(CalciteConnectionProperty.CONFORMANCE.camelName(), SqlConformanceEnum.LENIENT.name());
    p.setProperty(CalciteConnectionProperty.TIME_ZONE.camelName(), "UTC");
    return new CalciteConnectionConfigImpl(p);
  }

  /** The catalog planned against. */
  public Catalog catalog() {
    return catalog;
  }

  /**
   * Plans {@code sql}.
   *
   * @param params bound parameter values, or null when only preparing (then parameters stay unbound)
   * @param queryStartNanos the query start, nanoseconds since the epoch; CURRENT_TIMESTAMP folds to it
   * @throws PlannerException for SQL that does not parse or validate, or that writes
   */
  public PlannedQuery plan(String sql, List<Object> params, long queryStartNanos) {
    long t0 = System.nanoTime();
    Planner planner = Frameworks.getPlanner(config);
    try {
      SqlNode node = parse(planner, sql);
      boolean explain = false;
      if (node instanceof SqlExplain e) {
        explain = true;
        node = e.getExplicandum();
      }
      if (!node.isA(SqlKind.QUERY)) {
        throw new PlannerException(PlannerException.Reason.READ_ONLY,
            "sqlotel is read-only: only queries (SELECT, WITH, VALUES, EXPLAIN) are accepted, not "
                + node.getKind().toString().toUpperCase(Locale.ROOT), null);
      }
      io.sqlotel.planner.function.ExactPercentile.replaceOperators(node); // typed as SQL/PostgreSQL type them
      SqlNode validated;
      try {
        validated = planner.validate(node);
      } catch (ValidationException e) {
        throw new PlannerException(PlannerException.Reason.VALIDATE, message(e), e);
      }
      RelRoot relRoot;
      try {
        relRoot = planner.rel(validated);
      } catch (Exception e) {
        throw new PlannerException(PlannerException.Reason.UNSUPPORTED, message(e), e);
      }
      RelNode rel = relRoot.project();
      MapUsageCheck.check(relRoot.rel);
      List<RelDataType> parameterTypes = ParameterTypes.of(rel);
      ConstantFolding.Folded folded = ConstantFolding.fold(rel, params, queryStartNanos);
      rel = optimize(folded.rel());
      List<ShardScan> scans = shardScans(rel);
      long elapsed = System.nanoTime() - t0;
      String explainText = explain ? ExplainFormatter.format(rel, scans, elapsed) : null;
      return new PlannedQuery(sql, rel, relRoot.validatedRowType, parameterTypes, scans, explainText, elapsed,
          folded.usedQueryStart() || callsDynamicFunction(validated));
    } finally {
      planner.close();
    }
  }

  /** Whether the validated SQL calls a dynamic function (its value depends on the time or the run). */
  static boolean callsDynamicFunction(SqlNode validated) {
    boolean[] found = {false};
    validated.accept(new org.apache.calcite.sql.util.SqlBasicVisitor<Void>() {
      @Override
      public Void visit(org.apache.calcite.sql.SqlCall call) {
        if (call.getOperator().isDynamicFunction()) {
          found[0] = true;
          return null;
        }
        return super.visit(call);
      }
    });
    return found[0];
  }

  private static SqlNode parse(Planner planner, String sql) {
    try {
      return planner.parse(sql);
    } catch (SqlParseException e) {
      throw new PlannerException(PlannerException.Reason.PARSE, "SQL parse error: " + e.getMessage(), e);
    }
  }

  private RelNode optimize(RelNode rel) {
    RelNode r = hep(rel, program(ShardRules.SUB_QUERY));
    RelBuilder builder = RelFactories.LOGICAL_BUILDER.create(r.getCluster(), null);
    r = RelDecorrelator.decorrelateQuery(r, builder);
    r = new RelFieldTrimmer(null, builder).trim(r); // column pruning below joins and aggregates
    HepProgramBuilder b = HepProgram.builder().addMatchOrder(HepMatchOrder.BOTTOM_UP);
    if (options.pushdown()) {
      b.addRuleCollection(ShardRules.AGGREGATE_PREPARE);
    }
    b.addRuleInstance(ShardScanRule.INSTANCE);
    b.addRuleCollection(ShardRules.FILTER_PROJECT);
    if (options.pushdown()) {
      b.addRuleCollection(ShardRules.AGGREGATE_SORT);
    }
    b.addRuleCollection(ShardRules.COORDINATOR_ONLY);
    return hep(r, b.build());
  }

  private static HepProgram program(List<org.apache.calcite.plan.RelOptRule> rules) {
    return HepProgram.builder().addMatchOrder(HepMatchOrder.BOTTOM_UP).addRuleCollection(rules).build();
  }

  private static RelNode hep(RelNode rel, HepProgram program) {
    HepPlanner hep = new HepPlanner(program);
    hep.setRoot(rel);
    return hep.findBestExp();
  }

  /** The shard scans of a plan, in depth-first order. */
  public static List<ShardScan> shardScans(RelNode rel) {
    List<ShardScan> out = new ArrayList<>();
    rel.accept(new RelShuttleImpl() {
      @Override
      public RelNode visit(RelNode other) {
        if (other instanceof ShardScan s) {
          out.add(s);
          return other;
        }
        return super.visit(other);
      }
    });
    return out;
  }

  private static String message(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t
        && (t.getMessage() == null || t instanceof ValidationException)) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }

  /** Debug helper: the plan as text. */
  public static String toString(RelNode rel) {
    return RelOptUtil.toString(rel);
  }
}
