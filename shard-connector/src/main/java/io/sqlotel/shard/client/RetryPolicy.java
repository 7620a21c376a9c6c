package io.sqlotel.shard.client;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how often a failed shard request is sent again. Only requests that failed before any of their rows was
 * handed to the consumer are retried, and only for transient failures: the connection could not be opened or broke
 * (refused, reset), or the shard answered HTTP 502, 503 or 504. Never a 4xx, a 500, a malformed answer or a timeout.
 *
 * @param maxRetriesPerRequest the most times one request is sent again (0: never)
 * @param maxRetriesPerQuery the most retries of all the requests of one query together (see {@link RetryBudget})
 * @param initialBackoff the wait before the first retry; doubled for each further retry
 * @param maxBackoff the longest wait between two attempts
 */
public record RetryPolicy(int maxRetriesPerRequest, int maxRetriesPerQuery, Duration initialBackoff,
    Duration maxBackoff) {

  /** Never retry. */
  public static final RetryPolicy NONE = new RetryPolicy(0, 0, Duration.ofMillis(1), Duration.ofMillis(1));

  /**
   * Validates the policy.
   *
   * @throws IllegalArgumentException for negative counts or non-positive durations
   */
  public RetryPolicy {
    requireNonNull(initialBackoff, "initialBackoff is null");
    requireNonNull(maxBackoff, "maxBackoff is null");
    if (maxRetriesPerRequest < 0 || maxRetriesPerQuery < 0) {
      throw new IllegalArgumentException("retry counts must not be negative");
    }
    if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("backoffs must be positive and maxBackoff >= initialBackoff");
    }
  }

  /** 2 retries per request, 16 per query, backoff from 50 ms doubling up to 1 s. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(2, 16, Duration.ofMillis(50), Duration.ofSeconds(1));
  }

  /** A fresh budget of {@link #maxRetriesPerQuery} retries for one query. */
  public RetryBudget newBudget() {
    return new RetryBudget(maxRetriesPerQuery);
  }

  /**
   * The wait before retry number {@code retry} (1-based), nanoseconds: exponential backoff with "equal jitter", a
   * random value in {@code [b/2, b]} where {@code b = min(maxBackoff, initialBackoff * 2^(retry-1))}, so that the
   * retries of many queries against one recovering shard spread out.
   */
  public long backoffNanos(int retry) {
    long initial = initialBackoff.toNanos();
    long cap = maxBackoff.toNanos();
    long b = initial;
    for (int i = 1; i < retry && b < cap; i++) {
      b = Math.min(cap, b * 2);
    }
    b = Math.min(cap, b);
    long half = b / 2;
    return half + ThreadLocalRandom.current().nextLong(b - half + 1);
  }

  /** Whether a failed request may be sent again, judged from its failure only. */
  public static boolean isTransient(ShardException e) {
    if (e.kind() != ShardException.Kind.UNAVAILABLE) {
      return false;
    }
    Integer status = e.httpStatus();
    return status == null || status == 502 || status == 503 || status == 504;
  }
}
