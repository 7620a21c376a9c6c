package io.sqlotel.coordinator.exec;

import io.sqlotel.coordinator.EngineConfig;
import io.sqlotel.coordinator.QueryException;
import io.sqlotel.coordinator.ShardFailure;
import io.sqlotel.shard.client.FanOutOptions;
import io.sqlotel.shard.client.ShardClient;
import io.sqlotel.shard.client.ShardException;
import io.sqlotel.shard.client.ShardRequestListener;
import io.sqlotel.shard.client.ShardRequestStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What one executing query owns: its id, allocator, shard client, the resources to close at the end, the statistics
 * of its shard requests (for the query log), and how its fan-outs treat time and failures ({@link FanOutOptions}:
 * deadline, retries, partial results) with the shard failures a partial result leaves out.
 */
public final class QueryContext implements AutoCloseable {
  private final String queryId;
  private final BufferAllocator allocator;
  private final ShardClient client;
  private final EngineConfig config;
  private final long queryStartNanos;
  private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();
  private final List<ShardRequestStats> stats = new CopyOnWriteArrayList<>();
  private final List<ShardFailure> failures = new CopyOnWriteArrayList<>();
  private final List<ScanTracker> scans = new CopyOnWriteArrayList<>();
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final FanOutOptions fanOut;
  private volatile String executionPath = "none";

  /** Creates the context of one query without deadline, retries or partial results. */
  public QueryContext(String queryId, BufferAllocator allocator, ShardClient client, EngineConfig config,
      long queryStartNanos) {
    this(queryId, allocator, client, config, queryStartNanos, FanOutOptions.DEFAULTS);
  }

  /**
   * Creates the context of one query.
   *
   * @param fanOut the deadline, retry policy and budget, and failure tolerance of every shard fan-out of the query
   */
  public QueryContext(String queryId, BufferAllocator allocator, ShardClient client, EngineConfig config,
      long queryStartNanos, FanOutOptions fanOut) {
    this.queryId = queryId;
    this.allocator = allocator;
    this.client = client;
    this.config = config;
    this.queryStartNanos = queryStartNanos;
    this.fanOut = java.util.Objects.requireNonNull(fanOut, "fanOut is null");
  }

  /** How the query's shard fan-outs treat time and failures. */
  public FanOutOptions fanOut() {
    return fanOut;
  }

  /** Whether shard failures may be left out of the result (partial results). */
  public boolean partialResults() {
    return fanOut.tolerateShardFailures();
  }

  /**
   * Starts tracking one fan-out of {@code requests} requests for the scan of {@code table}: the returned listener
   * records every request's statistics and counts its failures, so that {@link #checkShards()} can tell when every
   * shard of the scan failed.
   */
  public ShardRequestListener track(String table, int requests) {
    ScanTracker t = new ScanTracker(table, requests);
    scans.add(t);
    return t;
  }

  /**
   * Fails the query if every shard request of some scan failed (possible only with partial results, where a failed
   * shard does not fail its stream): a result built from no shard at all is not a partial result.
   *
   * @throws QueryException with the status of the first failure, naming the table and the shard
   */
  public void checkShards() {
    for (ScanTracker t : scans) {
      ShardException first = t.firstFailure;
      if (t.requests > 0 && t.failed.get() == t.requests && first != null) {
        QueryException q = Failures.of(first);
        throw new QueryException(q.code(), "all " + t.requests + " shard(s) queried for " + t.table
            + " failed; the first: " + first.getMessage(), first);
      }
    }
  }

  /** The shards that failed so far (not counting cancelled requests), in the order their failures were reported. */
  public List<ShardFailure> shardFailures() {
    return List.copyOf(failures);
  }

  /** The query id (for logs). */
  public String queryId() {
    return queryId;
  }

  /** The allocator batches come from (owned by the caller of execute). */
  public BufferAllocator allocator() {
    return allocator;
  }

  /** The shard client. */
  public ShardClient client() {
    return client;
  }

  /** Engine settings. */
  public EngineConfig config() {
    return config;
  }

  /** Query start, nanoseconds since the epoch. */
  public long queryStartNanos() {
    return queryStartNanos;
  }

  /** Registers a resource to close when the query ends; returns it. */
  public <T extends AutoCloseable> T register(T resource) {
    resources.add(resource);
    return resource;
  }

  /** Records one finished shard request. */
  public void record(ShardRequestStats s) {
    stats.add(s);
  }

  /** The shard requests finished so far. */
  public List<ShardRequestStats> stats() {
    return new ArrayList<>(stats);
  }

  /** How the coordinator runs the plan: {@code gather}, {@code columnar}, {@code fallback} or {@code explain}. */
  public String executionPath() {
    return executionPath;
  }

  /** Records how the coordinator runs the plan. */
  public void executionPath(String path) {
    this.executionPath = path;
  }

  /** Marks the query cancelled. */
  public void cancel() {
    cancelled.set(true);
  }

  /** Whether the query was cancelled. */
  public boolean isCancelled() {
    return cancelled.get();
  }

  /** The flag Calcite's generated code polls. */
  public AtomicBoolean cancelFlag() {
    return cancelled;
  }

  /** Counts the outcomes of one fan-out (see {@link #track}). */
  private final class ScanTracker implements ShardRequestListener {
    private final String table;
    private final int requests;
    private final AtomicInteger failed = new AtomicInteger();
    private volatile ShardException firstFailure;

    ScanTracker(String table, int requests) {
      this.table = table;
      this.requests = requests;
    }

    @Override
    public void onComplete(ShardRequestStats s) {
      record(s);
      if (s.error() instanceof ShardException e && e.kind() != ShardException.Kind.CANCELLED) {
        synchronized (this) {
          if (firstFailure == null) {
            firstFailure = e;
          }
        }
        failures.add(new ShardFailure(e.shardId(), Failures.of(e).code(), e.getMessage()));
        failed.incrementAndGet();
      }
    }
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        if (first == null) {
          first = new IllegalStateException("closing query " + queryId, e);
        }
      }
    }
    resources.clear();
    if (first != null) {
      throw first;
    }
  }
}
