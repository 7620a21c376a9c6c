package io.sqlotel.coordinator.exec;

import io.sqlotel.coordinator.EngineConfig;
import io.sqlotel.shard.client.ShardClient;
import io.sqlotel.shard.client.ShardRequestStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What one executing query owns: its id, allocator, shard client, the resources to close at the end, and the
 * statistics of its shard requests (for the query log).
 */
public final class QueryContext implements AutoCloseable {
  private final String queryId;
  private final BufferAllocator allocator;
  private final ShardClient client;
  private final EngineConfig config;
  private final long queryStartNanos;
  private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();
  private final List<ShardRequestStats> stats = new CopyOnWriteArrayList<>();
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private volatile String executionPath = "none";

  /** Creates the context of one query. */
  public QueryContext(String queryId, BufferAllocator allocator, ShardClient client, EngineConfig config,
      long queryStartNanos) {
    this.queryId = queryId;
    this.allocator = allocator;
    this.client = client;
    this.config = config;
    this.queryStartNanos = queryStartNanos;
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
