package io.sqlotel.shard.client;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The retries one query may still spend, shared by all its shard requests (a query reading sorted shard results
 * opens one stream per shard; they share one budget). Thread-safe.
 */
public final class RetryBudget {
  private final AtomicInteger left;
  private final AtomicInteger spent = new AtomicInteger();

  /**
   * Creates a budget.
   *
   * @param retries the most retries, at least 0
   */
  public RetryBudget(int retries) {
    if (retries < 0) {
      throw new IllegalArgumentException("retries must not be negative, got " + retries);
    }
    this.left = new AtomicInteger(retries);
  }

  /** Takes one retry from the budget; false if none is left. */
  public boolean tryAcquire() {
    while (true) {
      int n = left.get();
      if (n <= 0) {
        return false;
      }
      if (left.compareAndSet(n, n - 1)) {
        spent.incrementAndGet();
        return true;
      }
    }
  }

  /** The retries taken so far. */
  public int spent() {
    return spent.get();
  }
}
