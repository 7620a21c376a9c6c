package io.sqlotel.flight.producer;

import java.time.Duration;

/**
 * Limits the producer applies to each query.
 *
 * @param queryMemoryLimitBytes the limit of each query's child allocator, bytes; a query that needs more fails with
 *     RESOURCE_EXHAUSTED
 * @param maxBatchBytes a result batch whose buffers exceed this many bytes is split into row slices before sending
 * @param clientStallTimeout how long a client may stop reading a result stream before the query fails (TIMED_OUT)
 */
public record ProducerOptions(long queryMemoryLimitBytes, long maxBatchBytes, Duration clientStallTimeout) {
  /** Validates the limits. */
  public ProducerOptions {
    if (queryMemoryLimitBytes <= 0 || maxBatchBytes <= 0) {
      throw new IllegalArgumentException("byte limits must be positive");
    }
    if (clientStallTimeout == null || clientStallTimeout.isNegative() || clientStallTimeout.isZero()) {
      throw new IllegalArgumentException("clientStallTimeout must be positive");
    }
  }

  /** 1 GiB per query, 4 MiB per message, 10 minutes of client stall. */
  public static ProducerOptions defaults() {
    return new ProducerOptions(1L << 30, 4L << 20, Duration.ofMinutes(10));
  }
}
