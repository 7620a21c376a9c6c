package io.sqlotel.shard.client;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A point in time (on the {@link System#nanoTime()} clock) after which a query must stop waiting for shards, with
 * the timeout it was derived from, for messages. Immutable and thread-safe.
 */
public final class Deadline {
  /** No deadline: never expires. */
  public static final Deadline NONE = new Deadline(Long.MAX_VALUE, 0, false);

  private final long timeoutNanos;
  private final long expiresAtNanoTime;
  private final boolean bounded;

  private Deadline(long timeoutNanos, long expiresAtNanoTime, boolean bounded) {
    this.timeoutNanos = timeoutNanos;
    this.expiresAtNanoTime = expiresAtNanoTime;
    this.bounded = bounded;
  }

  /**
   * A deadline {@code timeout} from now.
   *
   * @param timeout positive
   * @throws IllegalArgumentException if {@code timeout} is not positive
   */
  public static Deadline after(Duration timeout) {
    requireNonNull(timeout, "timeout is null");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    long nanos = saturatedNanos(timeout);
    return new Deadline(nanos, System.nanoTime() + nanos, true);
  }

  /** The earlier of this deadline and {@code other}. */
  public Deadline min(Deadline other) {
    requireNonNull(other, "other is null");
    if (!other.bounded) {
      return this;
    }
    if (!bounded) {
      return other;
    }
    return expiresAtNanoTime - other.expiresAtNanoTime <= 0 ? this : other;
  }

  /** Whether the deadline is bounded (not {@link #NONE}). */
  public boolean isBounded() {
    return bounded;
  }

  /** Whether the deadline has passed. */
  public boolean isExpired() {
    return isExpired(System.nanoTime());
  }

  /** Whether the deadline has passed at {@code nanoTime} (a {@link System#nanoTime()} reading). */
  public boolean isExpired(long nanoTime) {
    return bounded && nanoTime - expiresAtNanoTime >= 0;
  }

  /** Nanoseconds left (0 once expired; {@link Long#MAX_VALUE} if unbounded). */
  public long remainingNanos() {
    if (!bounded) {
      return Long.MAX_VALUE;
    }
    return Math.max(0, expiresAtNanoTime - System.nanoTime());
  }

  /** The timeout this deadline was created with, milliseconds (0 if unbounded). */
  public long timeoutMillis() {
    return timeoutNanos / 1_000_000;
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 4; // ~73 years: effectively unbounded, and nanoTime arithmetic cannot overflow
    }
  }

  @Override
  public String toString() {
    return bounded ? "Deadline[" + timeoutMillis() + " ms, " + remainingNanos() / 1_000_000 + " ms left]"
        : "Deadline[none]";
  }
}
