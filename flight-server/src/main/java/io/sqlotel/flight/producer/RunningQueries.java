package io.sqlotel.flight.producer;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;

/**
 * The queries this server is streaming, by query id (the {@code query_id} of their tickets; all endpoints of a query
 * share it, each with its own group of {@code shard_ids}), so that Flight's CancelFlightInfo can stop them.
 *
 * <p>{@link #track} wraps a DoGet's listener: cancelling the query runs the cancel handler the streamer registered on
 * it (the same path as a client that cancels its gRPC stream: the engine's result stream is cancelled, which cancels
 * the in-flight shard requests) and makes {@code isCancelled()} true, so the stream ends with CANCELLED. Because the
 * server keeps no other per-query state, the ids of recently cancelled queries (so a DoGet that starts after the
 * cancellation is refused) and the endpoints (query id and shard group) whose DoGet recently finished (to answer
 * NOT_CANCELLABLE once every endpoint of a query has) are remembered in bounded LRU sets of {@value #REMEMBERED}
 * entries each. A query running on another replica is not seen here.
 */
public final class RunningQueries {
  /** How many cancelled query ids, and how many finished endpoints, are remembered. */
  static final int REMEMBERED = 10_000;

  private final Map<String, Set<Tracked>> running = new ConcurrentHashMap<>();
  private final Set<String> cancelled = lruSet();
  private final Set<Endpoint> finished = lruSet();

  /** One endpoint of a query: its id and the shard group of its ticket (empty for a query run whole). */
  private record Endpoint(String queryId, List<String> shardIds) {}

  private static <T> Set<T> lruSet() {
    return Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<T, Boolean> eldest) {
        return size() > REMEMBERED;
      }
    }));
  }

  /** Whether the query with this id was cancelled (its DoGet must not run). */
  public boolean isCancelled(String queryId) {
    return cancelled.contains(queryId);
  }

  /** The number of DoGet streams running (all endpoints of all queries). */
  public int size() {
    return running.values().stream().mapToInt(Set::size).sum();
  }

  /**
   * Registers a DoGet stream of query {@code queryId} until it completes or fails.
   *
   * @param shardIds the shard group of the stream's endpoint (its ticket's {@code shard_ids}; empty: the whole query)
   * @return the listener to stream to (it forwards everything to {@code listener})
   */
  public ServerStreamListener track(String queryId, List<String> shardIds, ServerStreamListener listener) {
    Tracked t = new Tracked(new Endpoint(queryId, List.copyOf(shardIds)), listener);
    // added inside the map update: done() of a sibling endpoint may remove an emptied set concurrently
    running.compute(queryId, (k, set) -> {
      Set<Tracked> s = set == null ? ConcurrentHashMap.newKeySet() : set;
      s.add(t);
      return s;
    });
    if (cancelled.contains(queryId)) {
      t.cancel(); // cancelled between the check and the registration
    }
    return t;
  }

  /**
   * Cancels the query unless nothing of it is left to run: then nothing changes.
   *
   * @param shardGroups the shard groups of the query's endpoints (their tickets' {@code shard_ids}), from the
   *     FlightInfo being cancelled
   * @return NOT_CANCELLABLE if no stream of the query runs here and the DoGet of every endpoint in
   *     {@code shardGroups} already finished here (its tickets can still be read again); otherwise CANCELLED: every
   *     running stream of the query is cancelled and its later DoGets are refused — also when an endpoint has not
   *     started yet (while others finished) or ran on another replica, which this server cannot tell apart
   */
  public CancelStatus cancel(String queryId, Collection<List<String>> shardGroups) {
    if (!running.containsKey(queryId) && !shardGroups.isEmpty()
        && shardGroups.stream().allMatch(g -> finished.contains(new Endpoint(queryId, List.copyOf(g))))) {
      return CancelStatus.NOT_CANCELLABLE;
    }
    cancelled.add(queryId); // before looking for streams: one registering concurrently sees it in track()
    Set<Tracked> streams = running.get(queryId);
    if (streams != null) {
      for (Tracked t : streams) {
        t.cancel();
      }
    }
    return CancelStatus.CANCELLED;
  }

  private void done(Tracked t) {
    running.computeIfPresent(t.endpoint.queryId(), (k, set) -> {
      set.remove(t);
      return set.isEmpty() ? null : set;
    });
    finished.add(t.endpoint);
  }

  /** A listener that can be cancelled from outside, forwarding to the gRPC one. */
  private final class Tracked extends ForwardingStreamListener {
    private final Endpoint endpoint;
    private volatile boolean cancelled;
    private volatile Runnable onCancel;

    Tracked(Endpoint endpoint, ServerStreamListener delegate) {
      super(delegate);
      this.endpoint = endpoint;
    }

    void cancel() {
      Runnable handler;
      synchronized (this) {
        if (cancelled) {
          return;
        }
        cancelled = true;
        handler = onCancel;
      }
      if (handler != null) {
        handler.run();
      }
    }

    @Override
    public boolean isCancelled() {
      return cancelled || delegate.isCancelled();
    }

    @Override
    public void setOnCancelHandler(Runnable handler) {
      boolean already;
      synchronized (this) {
        onCancel = handler;
        already = cancelled;
      }
      delegate.setOnCancelHandler(handler);
      if (already && handler != null) {
        handler.run();
      }
    }

    @Override
    public void error(Throwable ex) {
      done(this);
      delegate.error(ex);
    }

    @Override
    public void completed() {
      done(this);
      delegate.completed();
    }
  }
}
