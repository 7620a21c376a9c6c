package io.sqlotel.flight.producer;

import java.time.Duration;

/**
 * Limits the producer applies to each query.
 *
 * @param queryMemoryLimitBytes the limit of each query's child allocator, bytes; a query that needs more fails with
 *     RESOURCE_EXHAUSTED
 * @param maxBatchBytes a result batch whose buffers exceed this many bytes is split into row slices before sending
 * @param clientStallTimeout how long a client may stop reading a result stream before the query fails (TIMED_OUT)
 * @param globalMemoryLimitBytes the limit of all running queries together, bytes (the parent allocator of the
 *     per-query allocators); a query that would pass it fails with RESOURCE_EXHAUSTED and the others go on
 */
public record ProducerOptions(long queryMemoryLimitBytes, long maxBatchBytes, Duration clientStallTimeout,
    long globalMemoryLimitBytes) {
  /** Validates the limits. */
  public ProducerOptions {
    if (queryMemoryLimitBytes <= 0 || maxBatchBytes <= 0 || globalMemoryLimitBytes <= 0) {
      throw new IllegalArgumentException("byte limits must be positive");
    }
    if (clientStallTimeout == null || clientStallTimeout.isNegative() || clientStallTimeout.isZero()) {
      throw new IllegalArgumentException("clientStallTimeout must be positive");
    }
  }

  /** Limits with the default global limit ({@link #defaultGlobalMemoryLimitBytes()}). */
  public ProducerOptions(long queryMemoryLimitBytes, long maxBatchBytes, Duration clientStallTimeout) {
    this(queryMemoryLimitBytes, maxBatchBytes, clientStallTimeout, defaultGlobalMemoryLimitBytes());
  }

  /** 1 GiB per query, 4 MiB per message, 10 minutes of client stall, the default global limit. */
  public static ProducerOptions defaults() {
    return new ProducerOptions(1L << 30, 4L << 20, Duration.ofMinutes(10));
  }

  /**
   * Three quarters of the JVM's maximum heap, bytes: Arrow's direct memory is capped at the maximum heap unless
   * {@code -XX:MaxDirectMemorySize} says otherwise, and the rest is left for Netty's gRPC buffers.
   */
  public static long defaultGlobalMemoryLimitBytes() {
    long max = Runtime.getRuntime().maxMemory();
    return max == Long.MAX_VALUE ? 4L << 30 : Math.max(64L << 20, max / 4 * 3);
  }

  /** A copy with another per-query limit, bytes. */
  public ProducerOptions withQueryMemoryLimitBytes(long bytes) {
    return new ProducerOptions(bytes, maxBatchBytes, clientStallTimeout, globalMemoryLimitBytes);
  }

  /** A copy with another global limit, bytes. */
  public ProducerOptions withGlobalMemoryLimitBytes(long bytes) {
    return new ProducerOptions(queryMemoryLimitBytes, maxBatchBytes, clientStallTimeout, bytes);
  }
}
