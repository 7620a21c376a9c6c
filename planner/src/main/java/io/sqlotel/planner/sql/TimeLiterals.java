package io.sqlotel.planner.sql;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.util.TimestampString;

/**
 * Conversions between Calcite's TIMESTAMP literals and nanoseconds since the Unix epoch, UTC.
 */
public final class TimeLiterals {
  private TimeLiterals() {}

  /**
   * Nanoseconds since the epoch of a timestamp string, read as UTC.
   *
   * @throws ArithmeticException if the instant does not fit in a signed 64-bit nanosecond count (1677..2262)
   */
  public static long toNanos(TimestampString ts) {
    LocalDateTime t = LocalDateTime.parse(ts.toString().replace(' ', 'T'));
    return Math.addExact(Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), 1_000_000_000L), t.getNano());
  }

  /** Nanoseconds since the epoch of a TIMESTAMP literal, or null if it is not a non-null TIMESTAMP literal. */
  public static Long toNanos(RexLiteral literal) {
    TimestampString ts = literal.getValueAs(TimestampString.class);
    return ts == null ? null : toNanos(ts);
  }

  /** The timestamp string (UTC) of a nanosecond instant, with all nine fractional digits when not zero. */
  public static TimestampString fromNanos(long nanos) {
    long secs = Math.floorDiv(nanos, 1_000_000_000L);
    int nano = (int) Math.floorMod(nanos, 1_000_000_000L);
    LocalDateTime t = LocalDateTime.ofEpochSecond(secs, nano, ZoneOffset.UTC);
    TimestampString s = new TimestampString(t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(),
        t.getMinute(), t.getSecond());
    return nano == 0 ? s : s.withNanos(nano);
  }
}
