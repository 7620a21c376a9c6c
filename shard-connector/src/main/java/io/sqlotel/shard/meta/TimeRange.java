package io.sqlotel.shard.meta;

/**
 * A half-open time interval {@code [startNanos, endNanos)} in nanoseconds since the Unix epoch, UTC.
 *
 * <p>An empty range ({@code startNanos == endNanos}) contains no instant and overlaps nothing.
 *
 * @param startNanos first instant inside the range (inclusive), nanoseconds since the epoch
 * @param endNanos first instant after the range (exclusive), nanoseconds since the epoch
 */
public record TimeRange(long startNanos, long endNanos) {

  /** The widest range, {@code [Long.MIN_VALUE, Long.MAX_VALUE)}. */
  public static final TimeRange ALL = new TimeRange(Long.MIN_VALUE, Long.MAX_VALUE);

  /**
   * Validates the bounds.
   *
   * @throws IllegalArgumentException if {@code startNanos > endNanos}
   */
  public TimeRange {
    if (startNanos > endNanos) {
      throw new IllegalArgumentException(
          "time range start " + startNanos + " ns is after its end " + endNanos + " ns");
    }
  }

  /**
   * Tells whether the two ranges share at least one instant.
   *
   * @param other the range to compare with; not null
   * @return true if some nanosecond lies in both ranges (an empty range overlaps nothing)
   * @throws NullPointerException if {@code other} is null
   */
  public boolean overlaps(TimeRange other) {
    return startNanos < endNanos && other.startNanos < other.endNanos
        && startNanos < other.endNanos && other.startNanos < endNanos;
  }

  /**
   * Tells whether an instant lies inside the range.
   *
   * @param t an instant in nanoseconds since the epoch, UTC
   * @return true if {@code startNanos <= t < endNanos}
   */
  public boolean contains(long t) {
    return startNanos <= t && t < endNanos;
  }
}
