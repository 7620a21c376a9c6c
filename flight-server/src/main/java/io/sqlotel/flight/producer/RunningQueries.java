package io.sqlotel.flight.producer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;

/**
 * The queries this server is streaming, by query id (the {@code query_id} of their tickets; all endpoints of a query
 * share it), so that Flight's CancelFlightInfo can stop them.
 *
 * <p>{@link #track} wraps a DoGet's listener: cancelling the query runs the cancel handler the streamer registered on
 * it (the same path as a client that cancels its gRPC stream: the engine's result stream is cancelled, which cancels
 * the in-flight shard requests) and makes {@code isCancelled()} true, so the stream ends with CANCELLED. Because the
 * server keeps no other per-query state, the ids of recently cancelled queries (so a DoGet that starts after the
 * cancellation is refused) and of recently finished ones (to answer NOT_CANCELLABLE) are remembered in bounded LRU
 * sets of {@value #REMEMBERED} ids each. A query running on another replica is not seen here.
 */
public final class RunningQueries {
  /** How many cancelled and finished query ids are remembered. */
  static final int REMEMBERED = 10_000;

  private final Map<String, Set<Tracked>> running = new ConcurrentHashMap<>();
  private final Set<String> cancelled = lruSet();
  private final Set<String> finished = lruSet();

  private static Set<String> lruSet() {
    return Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
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
   * @return the listener to stream to (it forwards everything to {@code listener})
   */
  public ServerStreamListener track(String queryId, ServerStreamListener listener) {
    Tracked t = new Tracked(queryId, listener);
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
   * Cancels every running stream of the query and refuses its later DoGets.
   *
   * @return CANCELLED if a stream was running here or the query had not finished here (it may not have started yet,
   *     or run on another replica); NOT_CANCELLABLE if it already finished here and nothing of it runs
   */
  public CancelStatus cancel(String queryId) {
    cancelled.add(queryId);
    Set<Tracked> streams = running.get(queryId);
    boolean any = false;
    if (streams != null) {
      for (Tracked t : streams) {
        t.cancel();
        any = true;
      }
    }
    if (!any && finished.contains(queryId)) {
      return CancelStatus.NOT_CANCELLABLE;
    }
    return CancelStatus.CANCELLED;
  }

  private void done(Tracked t) {
    running.computeIfPresent(t.queryId, (k, set) -> {
      set.remove(t);
      return set.isEmpty() ? null : set;
    });
    finished.add(t.queryId);
  }

  /** A listener that can be cancelled from outside, forwarding to the gRPC one. */
  private final class Tracked extends ForwardingStreamListener {
    private final String queryId;
    private volatile boolean cancelled;
    private volatile Runnable onCancel;

    Tracked(String queryId, ServerStreamListener delegate) {
      super(delegate);
      this.queryId = queryId;
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
