package io.sqlotel.planner;

import io.sqlotel.planner.rel.ShardScan;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;

/**
 * The result of planning one query.
 *
 * @param sql the SQL text planned
 * @param root the coordinator plan: Calcite logical operators whose leaves are {@link ShardScan}s (null for EXPLAIN)
 * @param rowType the result row type
 * @param parameterTypes the types of the {@code ?} parameters, in order
 * @param shardScans the shard scans of {@code root}, in plan order
 * @param explain for {@code EXPLAIN PLAN FOR}: the text of the distributed plan; otherwise null
 * @param planningNanos time spent planning, nanoseconds
 * @param startTimeDependent whether the plan holds for this run only: the query start time was folded into it
 *     ({@code CURRENT_TIMESTAMP}, {@code LOCALTIMESTAMP}, also written without parentheses, become literals that
 *     prune shards), or the SQL calls another of Calcite's dynamic functions ({@code CURRENT_DATE}, {@code RAND()})
 */
public record PlannedQuery(String sql, RelNode root, RelDataType rowType, List<RelDataType> parameterTypes,
    List<ShardScan> shardScans, String explain, long planningNanos, boolean startTimeDependent) {
  /** Whether this is an EXPLAIN whose result is {@link #explain}. */
  public boolean isExplain() {
    return explain != null;
  }
}
