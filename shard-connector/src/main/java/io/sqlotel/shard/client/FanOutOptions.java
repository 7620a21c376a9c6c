package io.sqlotel.shard.client;

import static java.util.Objects.requireNonNull;

/**
 * How one {@link ShardClient#query} fan-out treats time and failures.
 *
 * @param deadline when the whole fan-out must have finished; past it, the request still waiting is abandoned and the
 *     stream fails with {@link ShardException.Kind#TIMEOUT} naming its shard
 * @param retry which failed requests are sent again, and how often
 * @param budget the retries the query may still spend (shared across the fan-outs of one query)
 * @param tolerateShardFailures false: the first failed request fails the stream. true (partial results): a request
 *     that fails because its shard is unavailable, too slow or sent a bad answer, before any of its rows was handed
 *     out, is reported to the listener and then counted as finished, so the stream ends normally without that shard's
 *     rows. Never tolerated: a shard's refusal of the query (HTTP 4xx, {@code QUERY_ERROR}), a failure after rows of
 *     that shard were handed out (they cannot be taken back), an exhausted memory limit, and the expiry of
 *     {@code deadline}
 */
public record FanOutOptions(Deadline deadline, RetryPolicy retry, RetryBudget budget,
    boolean tolerateShardFailures) {

  /** No deadline, no retries, the first failure fails the stream. */
  public static final FanOutOptions DEFAULTS = new FanOutOptions(Deadline.NONE, RetryPolicy.NONE, new RetryBudget(0),
      false);

  /** Validates the options. */
  public FanOutOptions {
    requireNonNull(deadline, "deadline is null");
    requireNonNull(retry, "retry is null");
    requireNonNull(budget, "budget is null");
  }
}
