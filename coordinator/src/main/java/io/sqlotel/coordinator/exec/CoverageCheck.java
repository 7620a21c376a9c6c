package io.sqlotel.coordinator.exec;

import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import io.sqlotel.coordinator.QueryException;
import io.sqlotel.planner.PlannedQuery;
import io.sqlotel.planner.prune.ShardPruner;
import io.sqlotel.planner.rel.PushedPlans;
import io.sqlotel.planner.rel.ShardScan;
import io.sqlotel.shard.meta.ShardDescriptor;
import java.time.Instant;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;

/**
 * Refuses queries whose time range includes a gap of the catalog: a time between the earliest start and the latest
 * end of the shards' slices that no shard covers. Such a query would silently miss the rows of that time (a shard not
 * yet registered, a slice lost), so by default it fails with INVALID_ARGUMENT naming the gap.
 *
 * <p>Only the inside of the catalog's span counts: a range reaching before the first shard or after the last one (a
 * dashboard's "last hour" before the current hour's shard exists, an unbounded query) is not a gap, because no shard
 * is known to be missing there. The queried range of a scan is the sound over-approximation the pruner computes from
 * the time conditions pushed to the shards ({@link ShardPruner#timeRanges}); a scan of a table without a time column is
 * not checked.
 */
public final class CoverageCheck {
  private final RangeSet<Long> gaps;

  /** Computes the gaps of {@code shards}' slices. */
  public CoverageCheck(List<ShardDescriptor> shards) {
    RangeSet<Long> covered = TreeRangeSet.create();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (ShardDescriptor s : shards) {
      long start = s.range().startNanos();
      long end = s.range().endNanos();
      if (end > start) {
        covered.add(Range.closedOpen(start, end));
        first = Math.min(first, start);
        last = Math.max(last, end);
      }
    }
    RangeSet<Long> g = TreeRangeSet.create();
    if (first < last) {
      g.add(Range.closedOpen(first, last));
      g.removeAll(covered);
    }
    this.gaps = g;
  }

  /** The gaps between the shards' slices, nanoseconds since the epoch (empty for a gapless catalog). */
  public RangeSet<Long> gaps() {
    return gaps;
  }

  /**
   * Checks every shard scan of {@code plan}.
   *
   * @throws QueryException INVALID_ARGUMENT naming the first gap inside a scan's queried time range
   */
  public void check(PlannedQuery plan) {
    if (gaps.isEmpty()) {
      return;
    }
    for (ShardScan scan : plan.shardScans()) {
      if (scan.table().timeColumn() == null) {
        continue;
      }
      RangeSet<Long> hit = TreeRangeSet.create(gaps);
      hit.removeAll(queriedRange(scan.pushed(), scan).complement());
      if (!hit.isEmpty()) {
        Range<Long> gap = hit.asRanges().iterator().next();
        throw new QueryException(QueryException.Code.INVALID_ARGUMENT, "the catalog has a gap in the queried time"
            + " range of " + scan.table().name() + ": no shard covers " + describe(gap) + ", so the result would"
            + " silently lack those rows. Query a time range the shards cover, or disable the coverage check"
            + " (option sqlotel.check_coverage=false, or serve --allow-gaps)");
      }
    }
  }

  /** The time values a row may have to pass every time condition of {@code pushed} that applies to raw rows. */
  private static RangeSet<Long> queriedRange(RelNode pushed, ShardScan scan) {
    RangeSet<Long> range = TreeRangeSet.create();
    range.add(Range.all());
    collect(pushed, scan, range);
    return range;
  }

  private static void collect(RelNode rel, ShardScan scan, RangeSet<Long> range) {
    if (rel instanceof Filter f) {
      int time = PushedPlans.timeIndex(f.getInput(), scan.table());
      if (time >= 0) { // a filter on raw rows (below any aggregate) that sees the time column
        range.removeAll(ShardPruner.timeRanges(f.getCondition(), time).complement());
      }
    }
    for (RelNode input : rel.getInputs()) {
      collect(input, scan, range);
    }
  }

  private static String describe(Range<Long> r) {
    String from = r.hasLowerBound() ? instant(r.lowerEndpoint()) : "the beginning";
    String to = r.hasUpperBound() ? instant(r.upperEndpoint()) : "the end";
    boolean closedFrom = r.hasLowerBound() && r.lowerBoundType() == com.google.common.collect.BoundType.CLOSED;
    boolean closedTo = r.hasUpperBound() && r.upperBoundType() == com.google.common.collect.BoundType.CLOSED;
    return (closedFrom ? "[" : "(") + from + ", " + to + (closedTo ? "]" : ")");
  }

  private static String instant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))
        .toString();
  }
}
