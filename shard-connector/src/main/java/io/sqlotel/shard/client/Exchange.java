package io.sqlotel.shard.client;

import io.sqlotel.shard.client.ShardException.Kind;
import io.sqlotel.shard.decode.DecodeException;
import io.sqlotel.shard.decode.RemoteErrorException;
import io.sqlotel.shard.meta.ShardDescriptor;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;

/**
 * One HTTP exchange with a shard: sends the request and reads the answer on the calling (worker) thread with a
 * blocking HTTP/1.1 client (Apache HttpClient 5 classic: no hand-off between threads), hands out the body through a
 * stream that counts bytes and records when the worker waits on the network, and can be cancelled (by a closing
 * stream) or expired (by the client's watchdog: request timeout or query deadline) from another thread, which drops
 * the connection and so wakes the worker. After cancel or expiry, any failure is reported as CANCELLED or TIMEOUT.
 */
final class Exchange {
  private final ShardDescriptor shard;
  private final long timeoutNanos;
  private final Deadline deadline;
  /** When the worker began waiting on the shard (headers or body bytes), or 0 while it is not waiting. */
  private volatile long waitingSince;
  private volatile long bytes;
  private volatile boolean cancelled;
  private volatile boolean timedOut;
  private volatile boolean deadlineExpired;
  private volatile Integer status;
  /** Whether closing the body may read the rest of the answer (the end of a fully decoded body) to reuse the connection. */
  private volatile boolean reusable;
  private HttpUriRequestBase request; // guarded by this
  private ClassicHttpResponse response; // guarded by this
  private InputStream body; // guarded by this

  Exchange(ShardDescriptor shard, long timeoutNanos) {
    this(shard, timeoutNanos, Deadline.NONE);
  }

  Exchange(ShardDescriptor shard, long timeoutNanos, Deadline deadline) {
    this.shard = shard;
    this.timeoutNanos = timeoutNanos;
    this.deadline = deadline;
  }

  ShardDescriptor shard() {
    return shard;
  }

  /**
   * Sends the request and waits for the response headers, on the calling thread.
   *
   * @return the response's HTTP status; its body must be read through {@link #body()}
   * @throws ShardException if sending failed, timed out or was cancelled
   * @throws InterruptedException if the worker was interrupted before sending (the exchange is then cancelled)
   */
  int send(CloseableHttpClient http, HttpUriRequestBase req) throws InterruptedException {
    if (Thread.interrupted()) {
      cancel();
      throw new InterruptedException("interrupted before the request to shard '" + shard.id() + "' was sent");
    }
    synchronized (this) {
      request = req;
      if (cancelled || timedOut) {
        req.cancel();
      }
    }
    waitingSince = System.nanoTime();
    ClassicHttpResponse r;
    try {
      r = http.executeOpen(null, req, null);
    } catch (IOException | RuntimeException e) {
      throw classify(e);
    } finally {
      waitingSince = 0;
    }
    status = r.getCode();
    HttpEntity entity = r.getEntity();
    InputStream raw;
    try {
      raw = entity == null ? InputStream.nullInputStream() : entity.getContent();
    } catch (IOException | RuntimeException e) {
      closeQuietly(r);
      throw classify(e);
    }
    synchronized (this) {
      response = r;
      body = new Progress(raw);
      if (cancelled || timedOut) {
        req.cancel();
      }
    }
    return status;
  }

  /** Returns the response body, counted and watched. Only valid after {@link #send}. */
  synchronized InputStream body() {
    return body;
  }

  /** Returns the bytes of the body read so far. */
  long bytesReceived() {
    return bytes;
  }

  /** When the worker began its current wait on the shard (System.nanoTime), or 0 while it is not waiting. */
  long waitingSince() {
    return waitingSince;
  }

  /** Tells whether the worker has been waiting on the shard for longer than the timeout. */
  boolean overdue(long now) {
    long since = waitingSince;
    return since != 0 && now - since > timeoutNanos;
  }

  /**
   * Tells whether the worker is waiting on the shard while the query's deadline has passed. Time the worker spends
   * blocked on a slow consumer does not count: the deadline bounds waiting for shards, not for clients.
   */
  boolean pastDeadline(long now) {
    return waitingSince != 0 && deadline.isExpired(now);
  }

  /** Abandons the exchange because the query's deadline passed; the worker then fails with TIMEOUT. */
  void expireDeadline() {
    deadlineExpired = true;
    timedOut = true;
    abort();
  }

  /** Whether the exchange was abandoned because the query's deadline passed. */
  boolean deadlineExpired() {
    return deadlineExpired;
  }

  /** Abandons the exchange because the shard is too slow; the worker then fails with TIMEOUT. */
  void expire() {
    timedOut = true;
    abort();
  }

  /** Abandons the exchange because nobody wants the answer any more; the worker then fails with CANCELLED. */
  void cancel() {
    cancelled = true;
    abort();
  }

  private void abort() {
    HttpUriRequestBase r;
    synchronized (this) {
      r = request;
    }
    if (r != null) {
      r.cancel(); // shuts the connection down: a worker blocked in connect, write or read() fails at once
    }
  }

  /**
   * Ends the exchange on the worker: with {@code reuse}, closes the body normally (the rest of a fully read answer,
   * the chunked encoding's end, is consumed and the connection goes back to the pool); otherwise drops the
   * connection, so that nothing more is read from a shard whose answer is not wanted. Never throws.
   */
  void closeBody(boolean reuse) {
    HttpUriRequestBase r;
    ClassicHttpResponse resp;
    InputStream b;
    synchronized (this) {
      r = request;
      resp = response;
      b = body;
    }
    reusable = reuse;
    if (!reuse && r != null) {
      r.cancel();
    }
    if (b != null) {
      waitingSince = System.nanoTime(); // consuming the end of the body waits on the shard: watched
      try {
        closeQuietly(b);
      } finally {
        waitingSince = 0;
      }
    }
    if (resp != null) {
      closeQuietly(resp);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // The connection is being dropped anyway.
    }
  }

  /** Builds the ShardException for a failure of this exchange; cancellation and expiry take precedence. */
  ShardException classify(Throwable t) {
    String id = shard.id();
    if (deadlineExpired) {
      return new ShardException(id, Kind.TIMEOUT, null, null, "no answer from " + shard.baseUrl()
          + " before the query deadline of " + deadline.timeoutMillis() + " ms expired", t);
    }
    if (timedOut) {
      return new ShardException(id, Kind.TIMEOUT, null, null, "no answer from " + shard.baseUrl()
          + " for longer than the request timeout of " + timeoutNanos / 1_000_000 + " ms", t);
    }
    if (cancelled) {
      return new ShardException(id, Kind.CANCELLED, null, null, "the request was cancelled", t);
    }
    Throwable c = t;
    while ((c instanceof ExecutionException || c instanceof CompletionException || c instanceof UncheckedIOException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    if (c instanceof ShardException) {
      return (ShardException) c;
    }
    if (c instanceof RemoteErrorException) {
      RemoteErrorException r = (RemoteErrorException) c;
      return new ShardException(id, Kind.QUERY_ERROR, status, r.remoteCode(), r.detail(), r);
    }
    if (c instanceof DecodeException) {
      return new ShardException(id, Kind.BAD_RESPONSE, status, null, ((DecodeException) c).detail(), c);
    }
    if (c instanceof ConnectTimeoutException) {
      return new ShardException(id, Kind.TIMEOUT, null, null, "connecting to " + shard.baseUrl() + " timed out", c);
    }
    if (c instanceof SocketTimeoutException) {
      return new ShardException(id, Kind.TIMEOUT, null, null, "no answer from " + shard.baseUrl()
          + " within the request timeout of " + timeoutNanos / 1_000_000 + " ms", c);
    }
    if (c instanceof ConnectException) {
      return new ShardException(id, Kind.UNAVAILABLE, null, null, "cannot connect to " + shard.baseUrl()
          + " (" + describe(c) + ")", c);
    }
    if (c instanceof IOException) {
      return new ShardException(id, Kind.UNAVAILABLE, null, null, "the connection to " + shard.baseUrl()
          + " failed (" + describe(c) + ")", c);
    }
    if (c instanceof InterruptedException || c instanceof CancellationException) {
      return new ShardException(id, Kind.CANCELLED, null, null, "the request was interrupted", c);
    }
    if (c instanceof OutOfMemoryException) {
      return new ShardException(id, Kind.BAD_RESPONSE, null, null,
          "the answer does not fit the memory limit of the query (" + c.getMessage() + ")", c);
    }
    return new ShardException(id, Kind.BAD_RESPONSE, null, null, "unexpected failure: " + describe(c), c);
  }

  private static String describe(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": "
        + t.getMessage();
  }

  /**
   * Counts body bytes and marks the time the worker spends blocked on the network. Closing it (by a decoder, or by
   * {@link #closeBody}) reads the rest of the answer only when {@link #closeBody} said the answer was complete;
   * otherwise the connection is dropped first, so that an abandoned answer is never drained.
   */
  private final class Progress extends FilterInputStream {
    Progress(InputStream in) {
      super(in);
    }

    @Override
    public void close() throws IOException {
      if (!reusable) {
        abort();
      }
      super.close();
    }

    @Override
    public int read() throws IOException {
      waitingSince = System.nanoTime();
      try {
        int b = in.read();
        if (b >= 0) {
          bytes++;
        }
        return b;
      } finally {
        waitingSince = 0;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      waitingSince = System.nanoTime();
      try {
        int n = in.read(b, off, len);
        if (n > 0) {
          bytes += n;
        }
        return n;
      } finally {
        waitingSince = 0;
      }
    }
  }
}
