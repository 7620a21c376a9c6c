package io.sqlotel.planner;

import io.sqlotel.planner.rel.ShardScan;
import io.sqlotel.shard.meta.ShardDescriptor;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;

/**
 * Renders the distributed plan for {@code EXPLAIN PLAN FOR}: the coordinator plan, then for each shard scan the shards
 * selected and pruned and the exact SQL every selected shard receives.
 */
final class ExplainFormatter {
  private ExplainFormatter() {}

  static String format(RelNode root, List<ShardScan> scans, long planningNanos) {
    StringBuilder sb = new StringBuilder();
    sb.append("Coordinator plan:\n").append(RelOptUtil.toString(root));
    int i = 0;
    for (ShardScan s : scans) {
      sb.append("\nShard scan #").append(i++).append(" on ").append(s.table().name())
          .append(" (").append(s.stage()).append(s.partialAggregate() ? ", partial aggregate" : "").append(")\n");
      sb.append("  shards selected: ").append(s.shards().size()).append(" of ").append(s.totalShards())
          .append(", pruned: ").append(s.totalShards() - s.shards().size()).append('\n');
      sb.append("  selected: ").append(s.shards().stream().map(ShardDescriptor::id).collect(Collectors.joining(", ")))
          .append('\n');
      io.sqlotel.planner.prune.TimeCover cover = s.timeCover();
      List<ShardDescriptor> covered = cover == null ? List.of()
          : s.shards().stream().filter(d -> cover.covers(d.range())).toList();
      sb.append("  shard SQL: ").append(s.sql()).append('\n');
      if (!covered.isEmpty()) {
        // the pushdown decision is visible here: these shards get the query without its time conjuncts
        sb.append("  shards inside the time filter (").append(covered.size()).append("): ")
            .append(covered.stream().map(ShardDescriptor::id).collect(Collectors.joining(", "))).append('\n');
        sb.append("  their shard SQL: ").append(s.sql(true, false)).append('\n');
      }
    }
    sb.append(String.format("Planning time: %.3f ms%n", planningNanos / 1e6));
    return sb.toString();
  }
}
