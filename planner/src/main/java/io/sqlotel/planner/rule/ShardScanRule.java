package io.sqlotel.planner.rule;

import io.sqlotel.planner.rel.ShardScan;
import io.sqlotel.planner.schema.ShardedTable;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.prepare.RelOptTableImpl;
import org.apache.calcite.rel.logical.LogicalTableScan;

/**
 * Turns a {@code TableScan} of a {@link ShardedTable} into a {@link ShardScan} over all of the catalog's shards.
 * The pushed plan starts as a scan of the bare SQLite table name (no schema qualifier: SQLite would read it as an
 * attached database).
 */
public final class ShardScanRule extends RelRule<ShardRuleConfig> {
  /** The rule instance. */
  public static final ShardScanRule INSTANCE = (ShardScanRule) ShardRuleConfig.of("ShardScanRule",
      b -> b.operand(LogicalTableScan.class)
          .predicate(s -> s.getTable().unwrap(ShardedTable.class) != null).noInputs(),
      ShardScanRule::new).toRule();

  /** Called from the config. */
  private ShardScanRule(ShardRuleConfig config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    LogicalTableScan scan = call.rel(0);
    ShardedTable table = scan.getTable().unwrap(ShardedTable.class);
    RelOptTableImpl sqliteTable = RelOptTableImpl.create(scan.getTable().getRelOptSchema(), scan.getRowType(),
        List.of(table.def().name()), null);
    LogicalTableScan base = LogicalTableScan.create(scan.getCluster(), sqliteTable, List.of());
    call.transformTo(ShardScan.of(scan.getCluster(), table.def(), base, table.shards()));
  }
}
