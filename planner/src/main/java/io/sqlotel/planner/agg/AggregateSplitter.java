package io.sqlotel.planner.agg;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Splits aggregate calls into partial calls that each shard computes and a final call that merges the partial
 * values in the coordinator (after Ignite 3's {@code MapReduceAggregates}; the decomposition table of the seeds).
 *
 * <pre>
 *   original            partial (shard, SQLite)                   final (coordinator)
 *   COUNT(*)            COUNT(*)                                  $SUM0(p)      -- 0, not NULL, with no shards
 *   COUNT(x)            COUNT(x)                                  $SUM0(p)
 *   $SUM0(x)            $SUM0(x)                                  $SUM0(p)
 *   SUM(x)              SUM(x)                                    SUM(p)        -- NULL if every shard had only NULLs
 *   MIN(x) / MAX(x)     MIN(x) / MAX(x)                           MIN(p) / MAX(p)
 *   VAR_POP(x) ...      COUNT(x), SUM(xd), SUM((xd - avg)^2)      $VAR_POP_MERGE(n, s, m2)  -- see VarianceMerge
 *                       where xd = CAST(x AS DOUBLE) and avg = AVG(xd) OVER (PARTITION BY keys) on the shard
 *   APPROX_PERCENTILE   GROUP BY keys, SIGN(x), bucket(x); COUNT(*)  $APPROX_PERCENTILE_MERGE(sign, bucket, n, q)
 *     (x, q)            (every other call's partial at that grain)  -- see ApproxPercentile
 * </pre>
 * AVG is first reduced to SUM/COUNT by Calcite's {@code AggregateReduceFunctionsRule}; DISTINCT aggregates are first
 * expanded into an aggregate over a de-duplicating aggregate. A FILTER (WHERE b) clause stays on the partial call
 * (not for variances). Anything else (ordered-set aggregates, user functions, DISTINCT) is not split.
 */
public final class AggregateSplitter {
  private AggregateSplitter() {}

  /**
   * One split aggregate call.
   *
   * @param partials the calls each shard runs (arguments refer to the shard aggregate's input; for variances, to the
   *     extra columns {@code xd} and {@code dev2} the rule adds)
   * @param finalFunction the function the coordinator applies to the partial columns, in order
   * @param finalType the type of the final call (the original call's type)
   */
  public record Split(List<AggregateCall> partials, SqlAggFunction finalFunction, RelDataType finalType) {}

  /** Whether every call can be split. */
  public static boolean canSplit(List<AggregateCall> calls) {
    return calls.stream().allMatch(AggregateSplitter::canSplit);
  }

  private static boolean canSplit(AggregateCall c) {
    if (c.isDistinct() || c.isApproximate() || !c.getCollation().getFieldCollations().isEmpty()
        || c.distinctKeys != null) {
      return false;
    }
    if (isPercentile(c)) {
      return c.filterArg < 0 && c.getArgList().size() == 2;
    }
    return switch (c.getAggregation().getKind()) {
      case COUNT, SUM, SUM0, MIN, MAX -> true;
      case VAR_POP, VAR_SAMP, STDDEV_POP, STDDEV_SAMP -> c.filterArg < 0 && c.getArgList().size() == 1;
      default -> false;
    };
  }

  /** Whether {@code c} is {@code APPROX_PERCENTILE(x, q)}. */
  public static boolean isPercentile(AggregateCall c) {
    return c.getAggregation() == io.sqlotel.planner.function.ApproxPercentile.OPERATOR;
  }

  /** Whether {@code c} is a variance or standard deviation. */
  public static boolean isVariance(AggregateCall c) {
    return switch (c.getAggregation().getKind()) {
      case VAR_POP, VAR_SAMP, STDDEV_POP, STDDEV_SAMP -> true;
      default -> false;
    };
  }

  /**
   * Splits the calls (all must satisfy {@link #canSplit}).
   *
   * @param varianceColumns for the i-th variance call (in call order), the input indices of its {@code xd} and
   *     {@code dev2} columns
   */
  public static List<Split> split(List<AggregateCall> calls, List<int[]> varianceColumns, RelDataTypeFactory types) {
    List<Split> out = new ArrayList<>();
    int v = 0;
    for (AggregateCall c : calls) {
      SqlKind kind = c.getAggregation().getKind();
      if (isPercentile(c)) {
        // partials: the shard groups by (sign, bucket) and counts; the rule adds those columns
        out.add(new Split(List.of(), io.sqlotel.planner.function.ApproxPercentile.MERGE, c.getType()));
        continue;
      }
      if (isVariance(c)) {
        int[] cols = varianceColumns.get(v++);
        RelDataType bigint = types.createSqlType(SqlTypeName.BIGINT);
        RelDataType dbl = types.createTypeWithNullability(types.createSqlType(SqlTypeName.DOUBLE), true);
        List<AggregateCall> partials = List.of(
            call(SqlStdOperatorTable.COUNT, c.getArgList(), bigint, c.getName() + "$n"),
            call(SqlStdOperatorTable.SUM, List.of(cols[0]), dbl, c.getName() + "$s"),
            call(SqlStdOperatorTable.SUM, List.of(cols[1]), dbl, c.getName() + "$m2"));
        out.add(new Split(partials, VarianceMerge.function(kind, c.getType()), c.getType()));
        continue;
      }
      SqlAggFunction fin = switch (kind) {
        case COUNT, SUM0 -> SqlStdOperatorTable.SUM0;
        case SUM -> SqlStdOperatorTable.SUM;
        case MIN -> SqlStdOperatorTable.MIN;
        case MAX -> SqlStdOperatorTable.MAX;
        default -> throw new AssertionError("not splittable: " + c);
      };
      AggregateCall partial = AggregateCall.create(c.getParserPosition(), c.getAggregation(), false, false, false,
          c.rexList, c.getArgList(), c.filterArg, c.distinctKeys, RelCollations.EMPTY, c.getType(), c.getName());
      out.add(new Split(List.of(partial), fin, c.getType()));
    }
    return out;
  }

  private static AggregateCall call(SqlAggFunction f, List<Integer> args, RelDataType type, String name) {
    return AggregateCall.create(org.apache.calcite.sql.parser.SqlParserPos.ZERO, f, false, false, false, List.of(),
        args, -1, null, RelCollations.EMPTY, type, name);
  }
}
