package io.sqlotel.planner.prune;

import com.google.common.collect.BoundType;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import io.sqlotel.planner.sql.TimeLiterals;
import io.sqlotel.shard.meta.ShardDescriptor;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.Sarg;
import org.apache.calcite.util.TimestampString;

/**
 * Partition pruning: which shards can hold rows matching a filter, from the filter's constraints on the time column.
 *
 * <p>{@link #timeRanges} computes a sound over-approximation of the time values a row can have and still match:
 * AND intersects, OR unites, comparisons and {@code SEARCH}/Sarg ranges (which is what BETWEEN and IN become) on the
 * time column against TIMESTAMP literals give ranges; anything else (functions, NOT, other columns) allows every time,
 * so a predicate the pruner cannot understand never prunes a shard that holds matching rows.
 */
public final class ShardPruner {
  private ShardPruner() {}

  private static final long SECOND = 1_000_000_000L;

  /**
   * The shards whose slice {@code [start, end)} intersects {@code allowed}, in catalog order.
   *
   * @param shards the candidate shards
   * @param allowed the allowed time values, nanoseconds since the epoch
   */
  public static List<ShardDescriptor> select(List<ShardDescriptor> shards, RangeSet<Long> allowed) {
    List<ShardDescriptor> out = new ArrayList<>();
    for (ShardDescriptor s : shards) {
      long start = s.range().startNanos();
      long end = s.range().endNanos();
      if (end > start && !allowed.subRangeSet(Range.closedOpen(start, end)).isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * The time values (nanoseconds) for which {@code condition} may be true.
   *
   * @param condition a boolean expression over the rows of a scan
   * @param timeIndex the field index of the time column in those rows, or -1 if it is not there
   */
  public static RangeSet<Long> timeRanges(RexNode condition, int timeIndex) {
    if (timeIndex < 0) {
      return all();
    }
    return ranges(condition, timeIndex);
  }

  private static RangeSet<Long> all() {
    return ImmutableRangeSet.of(Range.all());
  }

  private static RangeSet<Long> ranges(RexNode e, int t) {
    if (e instanceof RexLiteral lit && lit.getValue() instanceof Boolean b) {
      return b ? all() : ImmutableRangeSet.of();
    }
    if (!(e instanceof RexCall call)) {
      return all();
    }
    switch (call.getKind()) {
      case AND: {
        RangeSet<Long> r = TreeRangeSet.create(all());
        for (RexNode o : call.getOperands()) {
          r.removeAll(ranges(o, t).complement());
        }
        return r;
      }
      case OR: {
        RangeSet<Long> r = TreeRangeSet.create();
        for (RexNode o : call.getOperands()) {
          r.addAll(ranges(o, t));
        }
        return r;
      }
      case SEARCH:
        return search(call, t);
      case EQUALS: case LESS_THAN: case LESS_THAN_OR_EQUAL: case GREATER_THAN: case GREATER_THAN_OR_EQUAL:
        return comparison(call, t);
      default:
        return all();
    }
  }

  /** How far a reference to the time column is from exact: 0 for the column, one second under a CAST. */
  private static long slack(RexNode operand, int t) {
    if (operand instanceof RexInputRef ref && ref.getIndex() == t) {
      return 0;
    }
    if (operand.getKind() == SqlKind.CAST && ((RexCall) operand).getOperands().get(0) instanceof RexInputRef ref
        && ref.getIndex() == t) {
      return SECOND; // a CAST to a coarser TIMESTAMP precision truncates by less than one second
    }
    return -1;
  }

  private static RangeSet<Long> comparison(RexCall call, int t) {
    RexNode left = call.getOperands().get(0);
    RexNode right = call.getOperands().get(1);
    SqlKind kind = call.getKind();
    if (slack(left, t) < 0 && slack(right, t) >= 0) {
      RexNode tmp = left;
      left = right;
      right = tmp;
      kind = kind.reverse();
    }
    long slack = slack(left, t);
    Long v = right instanceof RexLiteral lit ? nanos(lit) : null;
    if (slack < 0 || v == null) {
      return all();
    }
    long lo = saturatedAdd(v, -slack);
    long hi = saturatedAdd(v, slack);
    Range<Long> r = switch (kind) {
      case EQUALS -> Range.closed(lo, hi);
      case LESS_THAN -> slack == 0 ? Range.lessThan(v) : Range.atMost(hi);
      case LESS_THAN_OR_EQUAL -> Range.atMost(hi);
      case GREATER_THAN -> slack == 0 ? Range.greaterThan(v) : Range.atLeast(lo);
      case GREATER_THAN_OR_EQUAL -> Range.atLeast(lo);
      default -> Range.all();
    };
    return ImmutableRangeSet.of(r);
  }

  private static RangeSet<Long> search(RexCall call, int t) {
    long slack = slack(call.getOperands().get(0), t);
    if (slack < 0 || !(call.getOperands().get(1) instanceof RexLiteral lit)) {
      return all();
    }
    Sarg<?> sarg = lit.getValueAs(Sarg.class);
    if (sarg == null) {
      return all();
    }
    RangeSet<Long> out = TreeRangeSet.create();
    for (Range<?> r : sarg.rangeSet.asRanges()) {
      Long lo = r.hasLowerBound() ? nanos(r.lowerEndpoint()) : null;
      Long hi = r.hasUpperBound() ? nanos(r.upperEndpoint()) : null;
      if ((r.hasLowerBound() && lo == null) || (r.hasUpperBound() && hi == null)) {
        return all();
      }
      Range<Long> nr;
      if (lo == null && hi == null) {
        nr = Range.all();
      } else if (lo == null) {
        nr = slack == 0 ? Range.upTo(hi, r.upperBoundType()) : Range.atMost(saturatedAdd(hi, slack));
      } else if (hi == null) {
        nr = slack == 0 ? Range.downTo(lo, r.lowerBoundType()) : Range.atLeast(saturatedAdd(lo, -slack));
      } else if (slack == 0) {
        nr = Range.range(lo, r.lowerBoundType(), hi, r.upperBoundType());
      } else {
        nr = Range.range(saturatedAdd(lo, -slack), BoundType.CLOSED, saturatedAdd(hi, slack), BoundType.CLOSED);
      }
      out.add(nr);
    }
    return out;
  }

  private static Long nanos(Object value) {
    if (value instanceof TimestampString ts) {
      return TimeLiterals.toNanos(ts);
    }
    if (value instanceof RexLiteral lit
        && lit.getType().getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.TIMESTAMP) {
      TimestampString ts = lit.getValueAs(TimestampString.class);
      return ts == null ? null : TimeLiterals.toNanos(ts);
    }
    return null;
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }
}
