package io.sqlotel.flight.producer;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Limits the producer applies to each query.
 *
 * @param queryMemoryLimitBytes the limit of each query's child allocator, bytes; a query that needs more fails with
 *     RESOURCE_EXHAUSTED
 * @param maxBatchBytes a result batch whose buffers exceed this many bytes is split into row slices before sending
 * @param clientStallTimeout how long a client may stop reading a result stream before the query fails (TIMED_OUT)
 * @param globalMemoryLimitBytes the limit of all running queries together, bytes (the parent allocator of the
 *     per-query allocators); a query that would pass it fails with RESOURCE_EXHAUSTED and the others go on
 * @param maxEndpoints the most endpoints GetFlightInfo returns for a query whose result may be fetched in parts (an
 *     unordered scan, filter or projection of one sharded table over several shards; see {@link EndpointSplitter});
 *     1 always returns one endpoint
 * @param replicas the Flight locations of the server replicas (e.g. {@code grpc+tcp://sqlotel-1:31337}) that split
 *     endpoints list, so clients may fetch the parts from several replicas; empty: no location, the client fetches
 *     from the server it asked
 */
public record ProducerOptions(long queryMemoryLimitBytes, long maxBatchBytes, Duration clientStallTimeout,
    long globalMemoryLimitBytes, int maxEndpoints, List<URI> replicas) {
  /** The default of {@code sqlotel serve --max-endpoints}. */
  public static final int DEFAULT_MAX_ENDPOINTS = 4;

  /** Validates the limits. */
  public ProducerOptions {
    if (maxEndpoints < 1) {
      throw new IllegalArgumentException("maxEndpoints must be at least 1, got " + maxEndpoints);
    }
    replicas = List.copyOf(replicas == null ? List.of() : replicas);
    if (queryMemoryLimitBytes <= 0 || maxBatchBytes <= 0 || globalMemoryLimitBytes <= 0) {
      throw new IllegalArgumentException("byte limits must be positive");
    }
    if (clientStallTimeout == null || clientStallTimeout.isNegative() || clientStallTimeout.isZero()) {
      throw new IllegalArgumentException("clientStallTimeout must be positive");
    }
  }

  /**
   * Limits with one endpoint per query and no replica locations (what embedders, tests and benchmarks that look at
   * one query's statistics expect; {@code sqlotel serve} splits into {@value #DEFAULT_MAX_ENDPOINTS} by default).
   */
  public ProducerOptions(long queryMemoryLimitBytes, long maxBatchBytes, Duration clientStallTimeout,
      long globalMemoryLimitBytes) {
    this(queryMemoryLimitBytes, maxBatchBytes, clientStallTimeout, globalMemoryLimitBytes, 1, List.of());
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
    return new ProducerOptions(bytes, maxBatchBytes, clientStallTimeout, globalMemoryLimitBytes, maxEndpoints,
        replicas);
  }

  /** A copy with another global limit, bytes. */
  public ProducerOptions withGlobalMemoryLimitBytes(long bytes) {
    return new ProducerOptions(queryMemoryLimitBytes, maxBatchBytes, clientStallTimeout, bytes, maxEndpoints,
        replicas);
  }

  /** A copy returning at most {@code n} endpoints per query. */
  public ProducerOptions withMaxEndpoints(int n) {
    return new ProducerOptions(queryMemoryLimitBytes, maxBatchBytes, clientStallTimeout, globalMemoryLimitBytes, n,
        replicas);
  }

  /** A copy whose split endpoints list these replica locations. */
  public ProducerOptions withReplicas(List<URI> locations) {
    return new ProducerOptions(queryMemoryLimitBytes, maxBatchBytes, clientStallTimeout, globalMemoryLimitBytes,
        maxEndpoints, locations);
  }
}
