package io.sqlotel.shard.client;

import io.sqlotel.shard.client.ShardException.Kind;
import io.sqlotel.shard.decode.JsonBatchDecoder;
import io.sqlotel.shard.decode.ResponseMeta;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ShardBatchStream} of one {@link ShardClient#query} call.
 *
 * <p>{@code min(maxInFlight, requests)} workers each loop: take a global permit of the client, claim the next request
 * index (so requests start in list order), send it, decode the answer and put its batches into a bounded queue.
 * A full queue blocks the worker (backpressure: its HTTP read stops, and TCP flow control slows the shard). Each
 * claimed request ends with exactly one listener call, then an END marker or a recorded failure; the consumer
 * returns null after {@code requests.size()} END markers and throws as soon as a failure is recorded. The batch that
 * completes an answer (its decoder met the end and the trailer) is held back until the listener was called and then
 * queued as the END marker itself ({@link Last}): a tiny answer (a pushed aggregate's few groups) costs the consumer
 * one hand-over instead of two.
 *
 * <p>Failures ({@link FanOutOptions}): a transient failure before any batch of the request was queued is retried
 * after a backoff (the permit is given back while waiting), within the per-request and per-query limits and the
 * deadline. With {@code tolerateShardFailures}, a request that still fails before any of its batches was queued ends
 * with its listener call and an END marker instead of failing the stream. The deadline is enforced by the client's
 * watchdog (which abandons exchanges waiting on a shard past it) and by the consumer, which stops waiting.
 *
 * <p>Ownership: a batch belongs to the worker until it is in the queue, to the queue until the consumer takes it, and
 * to the consumer afterwards. Whoever sees {@code closed} after putting a batch in the queue drains the queue, so no
 * batch is stranded when the stream closes.
 */
final class FanOutStream implements ShardBatchStream {
  private static final Logger LOG = LoggerFactory.getLogger(FanOutStream.class);
  private static final Object END = new Object();
  private static final Object WAKE = new Object();
  private static final long POLL_MILLIS = 100;
  private static final long CLOSE_WAIT_SECONDS = 30;

  /** A request's final batch, which is also its END marker. */
  private record Last(ShardBatch batch) {}

  private final ShardClient client;
  private final List<ShardRequest> requests;
  private final Schema schema;
  private final BufferAllocator allocator;
  private final int workerCount;
  private final ShardRequestListener listener;
  private final FanOutOptions options;
  private final BlockingQueue<Object> queue;
  private final AtomicInteger nextIndex = new AtomicInteger();
  private final AtomicReference<ShardException> failure = new AtomicReference<>();
  private final Set<Exchange> exchanges = ConcurrentHashMap.newKeySet();
  private final Set<Thread> workerThreads = new HashSet<>(); // guarded by itself
  private final CountDownLatch workersDone;
  private volatile boolean closed;
  private int ended; // consumer thread only

  FanOutStream(ShardClient client, List<ShardRequest> requests, Schema schema, BufferAllocator allocator,
      int maxInFlight, ShardRequestListener listener, FanOutOptions options) {
    this.client = client;
    this.requests = requests;
    this.schema = schema;
    this.allocator = allocator;
    this.listener = listener;
    this.options = options;
    this.workerCount = Math.min(maxInFlight, requests.size());
    this.queue = new ArrayBlockingQueue<>(Math.max(2, maxInFlight));
    this.workersDone = new CountDownLatch(workerCount);
  }

  /** Starts the workers. */
  void start() {
    for (int i = 0; i < workerCount; i++) {
      try {
        client.workers().execute(this::work);
      } catch (RejectedExecutionException e) {
        workersDone.countDown();
        fail(new ShardException(requests.get(0).shard().id(), Kind.CANCELLED, null, null,
            "the shard client is closed", e));
      }
    }
  }

  /** A worker's hold on one of the client's global permits. */
  private final class Permit {
    private boolean held;

    /**
     * Waits for a permit while the stream is open, has not failed and the deadline has not passed.
     *
     * @return true if the permit is now held
     */
    boolean acquire() throws InterruptedException {
      while (!closed && failure.get() == null && !options.deadline().isExpired()) {
        if (client.permits().tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
          held = true;
          return true;
        }
      }
      return false;
    }

    void release() {
      if (held) {
        held = false;
        client.permits().release();
      }
    }
  }

  private void work() {
    synchronized (workerThreads) {
      workerThreads.add(Thread.currentThread());
    }
    Permit permit = new Permit();
    try {
      while (!closed && failure.get() == null) {
        if (!permit.acquire()) {
          return; // closed, failed, or past the deadline: the consumer reports the requests left
        }
        try {
          int index = nextIndex.getAndIncrement();
          if (index >= requests.size()) {
            return;
          }
          runRequest(requests.get(index), permit);
        } finally {
          permit.release();
        }
      }
    } catch (InterruptedException e) {
      if (!closed) { // interrupted by ShardClient.close(): nobody else will end this stream
        fail(new ShardException(currentShardId(), Kind.CANCELLED, null, null, "the shard client was closed", e));
      }
    } catch (RuntimeException | Error e) {
      LOG.error("shard worker failed unexpectedly", e);
      fail(new ShardException(currentShardId(), Kind.BAD_RESPONSE, null, null, "unexpected worker failure: " + e, e));
    } finally {
      synchronized (workerThreads) {
        workerThreads.remove(Thread.currentThread());
        Thread.interrupted(); // an interrupt from close() must not leak into the pool's next task
      }
      workersDone.countDown();
    }
  }

  /** Returns the shard of the most recently claimed request, to name a failure that is not about one request. */
  private String currentShardId() {
    int index = Math.max(0, Math.min(nextIndex.get(), requests.size()) - 1);
    return requests.get(index).shard().id();
  }

  /**
   * What one attempt of a request did. {@code last}: the answer's final batch, decoded but not queued yet (null if
   * none or if the attempt failed); the caller queues or frees it.
   */
  private record Attempt(long rows, long bytes, ResponseMeta meta, ShardException error, boolean delivered,
      boolean deadlineExpired, ShardBatch last) {}

  /**
   * Runs a request to its end: attempts it, retries transient failures before any batch was delivered, reports it
   * to the listener once, then queues END or records the failure (unless it is tolerated).
   */
  private void runRequest(ShardRequest request, Permit permit) throws InterruptedException {
    long start = System.nanoTime();
    int retries = 0;
    Attempt a;
    while (true) {
      a = attempt(request);
      if (a.error() == null || !mayRetry(a, retries)) {
        break;
      }
      long wait = options.retry().backoffNanos(retries + 1);
      if (wait >= options.deadline().remainingNanos() || !options.budget().tryAcquire()) {
        break;
      }
      retries++;
      LOG.debug("shard '{}' failed ({}); retry {} in {} ms", request.shard().id(), a.error().getMessage(), retries,
          wait / 1_000_000);
      permit.release(); // a sleeping worker holds no connection, so it holds no permit either
      try {
        TimeUnit.NANOSECONDS.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // only close() and ShardClient.close() interrupt; work() ends the stream
        a = new Attempt(a.rows(), a.bytes(), null, new ShardException(request.shard().id(), Kind.CANCELLED, null,
            null, "interrupted while waiting to retry after: " + a.error().getMessage(), e), false, false, null);
        break;
      }
      if (!permit.acquire()) {
        if (closed || failure.get() != null) {
          a = new Attempt(a.rows(), a.bytes(), null, new ShardException(request.shard().id(), Kind.CANCELLED, null,
              null, "the stream ended while waiting to retry after: " + a.error().getMessage(), null), false, false,
              null);
        } // else: the deadline passed while waiting for a permit; the last failure stands
        break;
      }
    }
    long elapsed = System.nanoTime() - start;
    ResponseMeta meta = a.meta();
    ShardException error = a.error();
    ShardBatch last = a.last(); // null if the attempt failed
    try {
      notifyListener(new ShardRequestStats(request.shard().id(), request.sql(), a.rows(), a.bytes(),
          meta == null ? 0 : meta.rowsRead(), meta == null ? 0 : meta.durationMs(), elapsed, error, retries));
      if (error != null && !tolerated(a)) {
        fail(error);
        return;
      }
      if (error != null) {
        LOG.debug("shard '{}' failed and is left out of the result: {}", request.shard().id(), error.getMessage());
      }
      Object end = last == null ? END : new Last(last);
      last = null; // enqueue owns it now, and frees it if it cannot be queued
      if (!enqueue(end)) {
        LOG.debug("stream closed before shard '{}' could report its end", request.shard().id());
      }
    } finally {
      if (last != null) {
        last.close(); // an Error from the listener
      }
    }
  }

  private boolean mayRetry(Attempt a, int retriesSoFar) {
    return !a.delivered() && !a.deadlineExpired() && RetryPolicy.isTransient(a.error())
        && retriesSoFar < options.retry().maxRetriesPerRequest() && !closed && failure.get() == null
        && !options.deadline().isExpired();
  }

  /** Whether a failed request may end without failing the stream (partial results); see {@link FanOutOptions}. */
  private boolean tolerated(Attempt a) {
    if (!options.tolerateShardFailures() || a.delivered() || a.deadlineExpired() || closed
        || options.deadline().isExpired()) {
      return false;
    }
    for (Throwable t = a.error(); t != null; t = t.getCause()) {
      if (t instanceof OutOfMemoryException) {
        return false; // the query's memory limit, not the shard, is the problem
      }
    }
    Kind kind = a.error().kind();
    return kind == Kind.UNAVAILABLE || kind == Kind.TIMEOUT || kind == Kind.BAD_RESPONSE;
  }

  /** Sends the request once and queues its batches; never throws (a failure is returned in the attempt). */
  private Attempt attempt(ShardRequest request) {
    String shardId = request.shard().id();
    Exchange exchange = client.open(request.shard(), options.deadline());
    exchanges.add(exchange);
    long rows = 0;
    boolean delivered = false;
    ResponseMeta meta = null;
    ShardException error = null;
    JsonBatchDecoder decoder = null;
    ShardBatch last = null;
    try {
      if (closed) {
        exchange.cancel();
        throw new CancellationException("the stream was closed before the request was sent");
      }
      LOG.debug("shard '{}' <- {} ({} parameter(s))", shardId, request.sql(), request.params().size());
      int status = exchange.send(client.http(), client.queryRequest(request));
      client.checkStatus(exchange, status);
      decoder = new JsonBatchDecoder(exchange.body(), schema, allocator, client.config().batchRows(), shardId);
      VectorSchemaRoot root;
      while ((root = decoder.next()) != null) {
        if (decoder.finished()) { // the answer is complete: this batch goes with the END marker
          last = new ShardBatch(shardId, root);
          break;
        }
        if (!enqueue(new ShardBatch(shardId, root))) { // enqueue freed the batch
          exchange.cancel();
          throw new ShardException(shardId, Kind.CANCELLED, null, null, "the stream was closed", null);
        }
        delivered = true;
      }
      meta = decoder.meta();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        exchange.cancel(); // only close() and ShardClient.close() interrupt workers
      }
      error = exchange.classify(e);
      if (last != null) {
        last.close();
        last = null;
      }
    } finally {
      exchange.closeBody(error == null); // first: a failed or abandoned answer drops its connection, undrained
      if (decoder != null) {
        rows = decoder.rowsDecoded();
        decoder.close();
      }
      exchanges.remove(exchange);
      client.release(exchange);
    }
    return new Attempt(rows, exchange.bytesReceived(), meta, error, delivered, exchange.deadlineExpired(), last);
  }

  /**
   * Puts an item into the queue, waiting for room. Returns false if the stream closed first; a batch that was not
   * queued (closed stream, interrupt) is freed here, so the caller never has to.
   */
  private boolean enqueue(Object item) throws InterruptedException {
    boolean queued = false;
    try {
      while (!closed) {
        if (queue.offer(item, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
          queued = true;
          if (closed) {
            drain(); // close() may have drained before our item arrived
          }
          return true;
        }
      }
      return false;
    } finally {
      if (!queued) {
        free(item);
      }
    }
  }

  /** Frees the batch a queue item holds, if any. */
  private static void free(Object item) {
    if (item instanceof ShardBatch b) {
      b.close();
    } else if (item instanceof Last l) {
      l.batch().close();
    }
  }

  /** Records the first failure, wakes the consumer and reports the requests that will never be sent. */
  private void fail(ShardException e) {
    if (failure.compareAndSet(null, e)) {
      queue.offer(WAKE); // if the queue is full the consumer is not blocked, and it checks failure first
      cancelUnsent("not sent: shard '" + e.shardId() + "' failed first");
    }
  }

  private void cancelUnsent(String reason) {
    int from = nextIndex.getAndSet(requests.size());
    for (int i = from; i < requests.size(); i++) {
      ShardRequest r = requests.get(i);
      notifyListener(new ShardRequestStats(r.shard().id(), r.sql(), 0, 0, 0, 0, 0,
          new ShardException(r.shard().id(), Kind.CANCELLED, null, null, reason, null)));
    }
  }

  private void notifyListener(ShardRequestStats stats) {
    try {
      listener.onComplete(stats);
    } catch (RuntimeException e) {
      LOG.warn("shard request listener failed for shard '{}'", stats.shardId(), e);
    }
  }

  @Override
  public ShardBatch next() throws InterruptedException {
    while (true) {
      if (closed) {
        String id = requests.isEmpty() ? "none" : requests.get(0).shard().id();
        throw new ShardException(id, Kind.CANCELLED, null, null, "the stream of " + requests.size()
            + " shard request(s) was closed", null);
      }
      ShardException e = failure.get();
      if (e != null) {
        throw e;
      }
      if (ended == requests.size()) {
        return null;
      }
      // Wake up at the deadline, not up to a poll interval after it.
      long wait = Math.max(1, Math.min(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS),
          options.deadline().remainingNanos()));
      Object item = queue.poll(wait, TimeUnit.NANOSECONDS);
      if (item instanceof ShardBatch) {
        return (ShardBatch) item; // ownership passes to the caller
      }
      if (item instanceof Last l) {
        ended++;
        return l.batch(); // ownership passes to the caller
      }
      if (item == END) {
        ended++;
      } else if (item == null && options.deadline().isExpired()) {
        // The watchdog may not have caught it yet, or the request is still unsent.
        ShardException timeout = deadlineFailure();
        for (Exchange exchange : exchanges) {
          exchange.expireDeadline(); // so that their statistics say why they ended
        }
        fail(timeout);
      }
    }
  }

  /** The failure naming a request still unfinished when the deadline passed: the one waiting longest. */
  private ShardException deadlineFailure() {
    String id = null;
    long oldest = Long.MAX_VALUE;
    long now = System.nanoTime();
    for (Exchange e : exchanges) {
      long since = e.waitingSince();
      long waited = since == 0 ? -1 : now - since; // -1: not waiting on its shard right now
      if (id == null || waited > oldest || oldest == Long.MAX_VALUE) {
        id = e.shard().id();
        oldest = waited;
      }
    }
    boolean unsent = id == null;
    if (unsent) {
      int next = Math.min(nextIndex.get(), requests.size() - 1);
      id = requests.get(Math.max(0, next)).shard().id();
    }
    return new ShardException(id, Kind.TIMEOUT, null, null, (unsent
        ? "the request could not be sent (all connections busy) before the query deadline of "
        : "no answer before the query deadline of ") + options.deadline().timeoutMillis() + " ms expired ("
        + (requests.size() - ended) + " of " + requests.size() + " shard request(s) unfinished)", null);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    cancelUnsent("not sent: the stream was closed");
    for (Exchange exchange : exchanges) {
      exchange.cancel();
    }
    boolean selfIsWorker;
    synchronized (workerThreads) {
      selfIsWorker = workerThreads.contains(Thread.currentThread());
      for (Thread t : workerThreads) {
        if (t != Thread.currentThread()) {
          t.interrupt();
        }
      }
    }
    drain();
    queue.offer(WAKE);
    if (!selfIsWorker) {
      try {
        if (!workersDone.await(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
          LOG.warn("shard workers did not stop within {} s after close", CLOSE_WAIT_SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    drain();
    client.forget(this);
  }

  private void drain() {
    List<Object> items = new ArrayList<>();
    queue.drainTo(items);
    for (Object item : items) {
      free(item);
    }
  }
}
