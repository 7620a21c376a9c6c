package io.sqlotel.planner.agg;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * Splits aggregate calls into a partial call that each shard computes and a final call that merges the partial
 * values in the coordinator (after Ignite 3's {@code MapReduceAggregates}; the decomposition table of the seeds).
 *
 * <pre>
 *   original            partial (shard, SQLite)        final (coordinator)
 *   COUNT(*)            COUNT(*)                       $SUM0(p)      -- 0, not NULL, with no shards
 *   COUNT(x)            COUNT(x)                       $SUM0(p)
 *   $SUM0(x)            $SUM0 (TOTAL-like)             $SUM0(p)
 *   SUM(x)              SUM(x)                         SUM(p)        -- NULL if every shard had only NULLs
 *   MIN(x) / MAX(x)     MIN(x) / MAX(x)                MIN(p) / MAX(p)
 * </pre>
 * AVG, VAR_* and STDDEV_* are first reduced to SUM/COUNT by Calcite's {@code AggregateReduceFunctionsRule}; DISTINCT
 * aggregates are first expanded into an aggregate over a de-duplicating aggregate. A FILTER (WHERE b) clause stays on
 * the partial call. Anything else (ordered-set aggregates, user functions, DISTINCT) is not split.
 */
public final class AggregateSplitter {
  private AggregateSplitter() {}

  /**
   * One split aggregate call.
   *
   * @param partial the call each shard runs (arguments refer to the shard query's input)
   * @param finalFunction the function the coordinator applies to the partial column
   * @param finalType the type of the final call (the original call's type)
   */
  public record Split(AggregateCall partial, SqlAggFunction finalFunction, RelDataType finalType) {}

  /** Whether every call can be split. */
  public static boolean canSplit(List<AggregateCall> calls) {
    return calls.stream().allMatch(AggregateSplitter::canSplit);
  }

  private static boolean canSplit(AggregateCall c) {
    if (c.isDistinct() || c.isApproximate() || !c.getCollation().getFieldCollations().isEmpty()
        || c.distinctKeys != null) {
      return false;
    }
    return switch (c.getAggregation().getKind()) {
      case COUNT, SUM, SUM0, MIN, MAX -> true;
      default -> false;
    };
  }

  /**
   * Splits the calls (all must satisfy {@link #canSplit}).
   *
   * @param groupCount the number of group keys, which come first in the partial rows
   */
  public static List<Split> split(List<AggregateCall> calls, int groupCount) {
    List<Split> out = new ArrayList<>();
    for (AggregateCall c : calls) {
      SqlKind kind = c.getAggregation().getKind();
      SqlAggFunction fin = switch (kind) {
        case COUNT, SUM0 -> SqlStdOperatorTable.SUM0;
        case SUM -> SqlStdOperatorTable.SUM;
        case MIN -> SqlStdOperatorTable.MIN;
        case MAX -> SqlStdOperatorTable.MAX;
        default -> throw new AssertionError("not splittable: " + c);
      };
      AggregateCall partial = AggregateCall.create(c.getParserPosition(), c.getAggregation(), false, false, false,
          c.rexList, c.getArgList(), c.filterArg, c.distinctKeys, RelCollations.EMPTY, c.getType(), c.getName());
      out.add(new Split(partial, fin, c.getType()));
    }
    return out;
  }
}
