package io.sqlotel.planner.rel;

import static java.util.Objects.requireNonNull;

import io.sqlotel.planner.catalog.TableDef;
import io.sqlotel.planner.prune.TimeCover;
import io.sqlotel.planner.sql.IndexHints;
import io.sqlotel.planner.sql.ShardSqlGenerator;
import io.sqlotel.shard.meta.ShardDescriptor;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.AbstractRelNode;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The gather boundary: one leaf that stands for the same query run on every selected shard, with the results
 * gathered (concatenated) in the coordinator.
 *
 * <p>{@link #pushed()} is the part of the plan each shard runs: logical operators over a table scan of the SQLite
 * table, turned into SQL by {@link ShardSqlGenerator}. One template serves all shards, so the plan's size and planning
 * time do not grow with the number of shards. {@link #shards()} are the shards that partition pruning kept.
 */
public final class ShardScan extends AbstractRelNode {
  private final TableDef table;
  private final RelNode pushed;
  private final ShardStage stage;
  private final List<ShardDescriptor> shards;
  private final int totalShards;
  private final RelCollation collation;
  private final boolean partialAggregate;
  /** The SQL forms generated so far (index: 2 × covered + int64AsText); a plan may run many times. */
  private final java.util.concurrent.atomic.AtomicReferenceArray<String> sqlForms =
      new java.util.concurrent.atomic.AtomicReferenceArray<>(4);
  /** {@link #timeCover()} once computed: a one-element array holding the cover or null; null before. */
  private volatile TimeCover[] cover;

  /**
   * Creates a shard scan.
   *
   * @param table the catalog table
   * @param pushed the plan each shard runs (logical rels over a scan of the SQLite table)
   * @param stage how much of the plan has been absorbed
   * @param shards the shards selected after pruning
   * @param totalShards the number of shards in the catalog (for EXPLAIN)
   * @param collation the order in which each shard returns its rows (empty if unordered)
   * @param partialAggregate whether the shard rows are partial aggregates the coordinator must merge
   */
  public ShardScan(RelOptCluster cluster, TableDef table, RelNode pushed, ShardStage stage,
      List<ShardDescriptor> shards, int totalShards, RelCollation collation, boolean partialAggregate) {
    super(cluster, cluster.traitSet());
    this.table = requireNonNull(table, "table is null");
    this.pushed = requireNonNull(pushed, "pushed is null");
    this.stage = requireNonNull(stage, "stage is null");
    this.shards = List.copyOf(shards);
    this.totalShards = totalShards;
    this.collation = requireNonNull(collation, "collation is null");
    this.partialAggregate = partialAggregate;
  }

  /** A scan of a whole table on the given shards. */
  public static ShardScan of(RelOptCluster cluster, TableDef table, RelNode scan, List<ShardDescriptor> shards) {
    return new ShardScan(cluster, table, scan, ShardStage.SCAN, shards, shards.size(), RelCollations.EMPTY, false);
  }

  /** A copy that runs {@code newPushed} at {@code newStage}. */
  public ShardScan withPushed(RelNode newPushed, ShardStage newStage) {
    return new ShardScan(getCluster(), table, newPushed, newStage, shards, totalShards, collation, partialAggregate);
  }

  /** A copy restricted to {@code selected} shards. */
  public ShardScan withShards(List<ShardDescriptor> selected) {
    return new ShardScan(getCluster(), table, pushed, stage, selected, totalShards, collation, partialAggregate);
  }

  /** A copy whose shard rows arrive sorted by {@code newCollation}. */
  public ShardScan withCollation(RelCollation newCollation) {
    return new ShardScan(getCluster(), table, pushed, stage, shards, totalShards, newCollation, partialAggregate);
  }

  /** A copy whose rows are (or are not) partial aggregates. */
  public ShardScan withPartialAggregate(boolean partial) {
    return new ShardScan(getCluster(), table, pushed, stage, shards, totalShards, collation, partial);
  }

  /** The catalog table. */
  public TableDef table() {
    return table;
  }

  /** The plan each shard runs. */
  public RelNode pushed() {
    return pushed;
  }

  /** The absorbed stage. */
  public ShardStage stage() {
    return stage;
  }

  /** The shards selected after pruning. */
  public List<ShardDescriptor> shards() {
    return shards;
  }

  /** The number of shards in the catalog. */
  public int totalShards() {
    return totalShards;
  }

  /** The order of each shard's rows (empty if none). */
  public RelCollation collation() {
    return collation;
  }

  /** Whether the rows are partial aggregates. */
  public boolean partialAggregate() {
    return partialAggregate;
  }

  /** The SQLite SQL each selected shard receives (unless its slice is covered: see {@link #sql(boolean, boolean)}). */
  public String sql() {
    return sql(false, false);
  }

  /**
   * The SQL for shards that cannot send int64 exactly (a JavaScript shard's numbers are doubles): the same query
   * with every integer and timestamp column selected as {@code CAST(x AS TEXT)}; the decoder parses the digits back.
   * Generated from the plan (a projection of casts over {@link #pushed()}), like {@link #sql()}.
   */
  public String sqlInt64AsText() {
    return sql(false, true);
  }

  /**
   * The time conjuncts a shard whose slice lies inside them can do without, or null if there are none
   * (see {@link TimeCover}).
   */
  public TimeCover timeCover() {
    TimeCover[] c = cover;
    if (c == null) {
      synchronized (getCluster()) { // builds rels with the cluster's metadata cache, which is not thread-safe
        c = cover;
        if (c == null) {
          c = new TimeCover[] {TimeCover.of(pushed, table.timeColumnIndex())};
          cover = c;
        }
      }
    }
    return c[0];
  }

  /**
   * The SQL of one form of this scan, generated from the plan.
   *
   * @param covered whether the shard's slice lies inside the query's time conjuncts (then they are left out:
   *     {@link #timeCover()}); ignored if there are none
   * @param int64AsText whether integer and timestamp columns are selected as text (see {@link #sqlInt64AsText()})
   * @return the SQL; its table is read {@code NOT INDEXED} where {@link IndexHints} says so. Generated once per form
   *     and scan (thread-safe), so a plan that runs again does not generate its SQL again.
   */
  public String sql(boolean covered, boolean int64AsText) {
    int form = (covered ? 2 : 0) + (int64AsText ? 1 : 0);
    String sql = sqlForms.get(form);
    if (sql == null) {
      // generating builds rels (int64-as-text projection) that use the cluster's metadata cache: not thread-safe
      synchronized (getCluster()) {
        sql = sqlForms.get(form);
        if (sql == null) {
          sql = generateSql(covered, int64AsText);
          sqlForms.set(form, sql);
        }
      }
    }
    return sql;
  }

  private String generateSql(boolean covered, boolean int64AsText) {
    RelNode plan = pushed;
    if (covered) {
      TimeCover cover = timeCover();
      if (cover != null) {
        plan = cover.pushed();
      }
    }
    boolean notIndexed = IndexHints.scanTable(plan, table);
    return ShardSqlGenerator.generate(int64AsText ? int64AsText(plan) : plan, notIndexed);
  }

  /** {@code plan} under a projection that selects its integer and timestamp columns as text. */
  private RelNode int64AsText(RelNode plan) {
    org.apache.calcite.rex.RexBuilder rex = getCluster().getRexBuilder();
    org.apache.calcite.rel.type.RelDataType text = getCluster().getTypeFactory().createTypeWithNullability(
        getCluster().getTypeFactory().createSqlType(org.apache.calcite.sql.type.SqlTypeName.VARCHAR), true);
    List<org.apache.calcite.rex.RexNode> exprs = new java.util.ArrayList<>();
    boolean any = false;
    for (org.apache.calcite.rel.type.RelDataTypeField f : plan.getRowType().getFieldList()) {
      org.apache.calcite.rex.RexNode ref = rex.makeInputRef(plan, f.getIndex());
      switch (f.getType().getSqlTypeName()) {
        case BIGINT, INTEGER, SMALLINT, TINYINT, TIMESTAMP -> {
          exprs.add(rex.makeCast(text, ref, true, false));
          any = true;
        }
        default -> exprs.add(ref);
      }
    }
    if (!any) {
      return plan;
    }
    // fresh aliases: an ORDER BY below must keep naming the numeric columns, not their text casts
    List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < exprs.size(); i++) {
      names.add("c" + i);
    }
    return org.apache.calcite.rel.logical.LogicalProject.create(plan, List.of(), exprs, names, java.util.Set.of());
  }

  @Override
  protected RelDataType deriveRowType() {
    return pushed.getRowType();
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return this;
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return pw.item("table", table.name())
        .item("stage", stage)
        .item("shards", shards.size() + "/" + totalShards)
        .itemIf("collation", collation, !collation.getFieldCollations().isEmpty())
        .itemIf("partial", true, partialAggregate)
        .item("pushed", RelOptUtil.toString(pushed).trim().replace('\n', ';'));
  }

  @Override
  public @Nullable RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    // Fewer stages left in the coordinator is better; the estimate only orders alternatives.
    double rows = Math.max(1, shards.size()) * 1000d / (1 + stage.ordinal());
    return planner.getCostFactory().makeCost(rows, rows, 0);
  }

  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    return Math.max(1, shards.size()) * 1000d / (1 + stage.ordinal());
  }
}
