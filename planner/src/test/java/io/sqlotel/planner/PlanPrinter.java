package io.sqlotel.planner;

import io.sqlotel.planner.rel.ShardScan;
import java.util.stream.Collectors;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;

/** Renders a planned query compactly for expected-output tests: coordinator plan with shard scans as one line each. */
final class PlanPrinter {
  private PlanPrinter() {}

  static String coordinator(PlannedQuery q) {
    RelNode r = q.root().accept(new RelShuttleImpl() {
      @Override
      public RelNode visit(RelNode other) {
        return other instanceof ShardScan ? other : super.visit(other);
      }
    });
    return RelOptUtil.toString(r).lines()
        .map(l -> l.contains("ShardScan(") ? l.substring(0, l.indexOf("ShardScan(")) + shardLine(l) : l)
        .collect(Collectors.joining("\n"));
  }

  private static String shardLine(String l) {
    String s = l.substring(l.indexOf("ShardScan("));
    int p = s.indexOf(", pushed=");
    return (p < 0 ? s : s.substring(0, p) + ")");
  }

  /**
   * Each shard scan's SQL; a scan whose time conjuncts some selected shards lie inside adds a line
   * {@code covered (N): <SQL>} with what those shards receive.
   */
  static String shardSql(PlannedQuery q) {
    return q.shardScans().stream().map(PlanPrinter::shardSql).collect(Collectors.joining("\n"));
  }

  private static String shardSql(ShardScan s) {
    var cover = s.timeCover();
    long covered = cover == null ? 0 : s.shards().stream().filter(d -> cover.covers(d.range())).count();
    return covered == 0 ? s.sql() : s.sql() + "\ncovered (" + covered + "): " + s.sql(true, false);
  }
}
