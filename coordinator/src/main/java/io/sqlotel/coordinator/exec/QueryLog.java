package io.sqlotel.coordinator.exec;

import io.sqlotel.planner.PlannedQuery;
import io.sqlotel.planner.rel.ShardScan;
import io.sqlotel.shard.client.ShardRequestStats;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one line per executed query (logger {@code io.sqlotel.query}): id, planning time, shards asked and pruned,
 * rows and bytes received from shards, the slowest shard's time, retries, and failed shards with the reason
 * ({@code partial=true} when partial results were on, so the failed shards were left out of a successful result).
 */
public final class QueryLog {
  private static final Logger LOG = LoggerFactory.getLogger("io.sqlotel.query");

  private QueryLog() {}

  /** The statistics of a finished query. */
  public static io.sqlotel.coordinator.QueryStats stats(QueryContext ctx, PlannedQuery plan) {
    int total = 0;
    int selected = 0;
    for (ShardScan s : plan.shardScans()) {
      total += s.totalShards();
      selected += s.shards().size();
    }
    long rows = 0;
    long bytes = 0;
    List<ShardRequestStats> stats = ctx.stats();
    for (ShardRequestStats s : stats) {
      rows += s.rowsReceived();
      bytes += s.bytesReceived();
    }
    return new io.sqlotel.coordinator.QueryStats(ctx.queryId(), plan.sql(), ctx.executionPath(), plan.planningNanos(),
        selected,
        total - selected, rows, bytes, stats);
  }

  /** Logs the query's line at INFO. */
  public static void log(QueryContext ctx, PlannedQuery plan) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    List<ShardRequestStats> stats = ctx.stats();
    int total = 0;
    int selected = 0;
    for (ShardScan s : plan.shardScans()) {
      total += s.totalShards();
      selected += s.shards().size();
    }
    long rows = 0;
    long bytes = 0;
    long slowest = 0;
    StringBuilder failed = new StringBuilder();
    int cancelled = 0;
    int retries = 0;
    for (ShardRequestStats s : stats) {
      rows += s.rowsReceived();
      bytes += s.bytesReceived();
      slowest = Math.max(slowest, s.elapsedNanos());
      retries += s.retries();
      if (s.error() instanceof io.sqlotel.shard.client.ShardException e
          && e.kind() == io.sqlotel.shard.client.ShardException.Kind.CANCELLED) {
        cancelled++; // e.g. a LIMIT was reached before this shard finished
      } else if (s.error() != null) {
        failed.append(failed.length() == 0 ? "" : " | ").append(s.error().getMessage());
      }
    }
    LOG.info("query={} path={} planning_ms={} shards_asked={} shards_pruned={} requests={} rows_received={} "
            + "bytes_received={} slowest_shard_ms={} retries={} cancelled={}{}",
        ctx.queryId(), ctx.executionPath(), plan.planningNanos() == 0 ? "0 (cached plan)"
            : String.format("%.2f", plan.planningNanos() / 1e6), selected, total - selected, stats.size(),
        rows, bytes, String.format("%.2f", slowest / 1e6), retries, cancelled, failed.length() == 0 ? ""
            : (ctx.partialResults() ? " partial=true" : "") + " failed=[" + failed + "]");
  }
}
