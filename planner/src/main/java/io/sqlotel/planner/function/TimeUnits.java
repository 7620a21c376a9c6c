package io.sqlotel.planner.function;

import java.math.BigDecimal;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/** Fixed-length time units and buckets, in nanoseconds. */
public final class TimeUnits {
  private TimeUnits() {}

  /** Nanoseconds in a fixed-length unit (MICROSECOND to WEEK), or -1 for units of varying length (MONTH, YEAR...). */
  public static long nanos(TimeUnitRange unit) {
    return switch (unit) {
      case MICROSECOND -> 1_000L;
      case MILLISECOND -> 1_000_000L;
      case SECOND -> 1_000_000_000L;
      case MINUTE -> 60_000_000_000L;
      case HOUR -> 3_600_000_000_000L;
      case DAY -> 86_400_000_000_000L;
      default -> -1;
    };
  }

  /**
   * The bucket width in nanoseconds of a time-bucket expression over a TIMESTAMP column — {@code FLOOR(ts TO unit)}
   * with a fixed-length unit, or {@code TIME_BUCKET(interval literal, ts)} — or -1 if {@code e} is not one.
   */
  public static long bucketNanos(RexNode e) {
    if (!(e instanceof RexCall call) || call.getType().getSqlTypeName() != SqlTypeName.TIMESTAMP) {
      return -1;
    }
    if (call.getKind() == SqlKind.FLOOR && call.getOperands().size() == 2
        && call.getOperands().get(1) instanceof RexLiteral unit) {
      TimeUnitRange r = unit.getValueAs(TimeUnitRange.class);
      return r == null ? -1 : nanos(r);
    }
    if (call.getOperator() == TimeBucket.OPERATOR && call.getOperands().get(0) instanceof RexLiteral width
        && SqlTypeFamily.INTERVAL_DAY_TIME.contains(width.getType()) && !width.isNull()) {
      long millis = width.getValueAs(BigDecimal.class).longValueExact();
      return millis > 0 ? Math.multiplyExact(millis, 1_000_000L) : -1;
    }
    return -1;
  }

  /** The argument of a time-bucket expression (see {@link #bucketNanos}). */
  public static RexNode bucketArgument(RexCall call) {
    return call.getKind() == SqlKind.FLOOR ? call.getOperands().get(0) : call.getOperands().get(1);
  }
}
