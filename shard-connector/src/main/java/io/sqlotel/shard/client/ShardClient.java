package io.sqlotel.shard.client;

import static java.util.Objects.requireNonNull;

import io.sqlotel.shard.client.ErrorBodies.ErrorBody;
import io.sqlotel.shard.client.ShardException.Kind;
import io.sqlotel.shard.decode.JsonBatchDecoder;
import io.sqlotel.shard.decode.JsonRowsReader;
import io.sqlotel.shard.meta.ShardDescriptor;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends SQL to shards over HTTP ({@code POST <baseUrl>/query}) and decodes their JSON answers into Arrow batches
 * while they stream in. Thread-safe; one client is meant to serve the whole process.
 *
 * <p>Owns: a blocking HTTP/1.1 client (Apache HttpClient 5 classic, keep-alive: connections to a shard are pooled and
 * reused; each request is written and its answer read on the worker thread that runs it, with no hand-off between
 * threads), a pool of daemon worker threads (one per request in flight), a watchdog thread enforcing
 * {@link ShardClientConfig#requestTimeout()} and the deadlines of {@link FanOutOptions}, and a fair semaphore capping
 * the requests in flight across all calls at {@link ShardClientConfig#maxConcurrentRequests()} (the global cap on
 * shard connections; each call also has its own {@code maxInFlight} cap).
 *
 * <p>Caveat: a worker keeps its permit while it waits for its consumer, so a stream left unread can hold permits;
 * consume the open streams of one thread concurrently, or open them one after the other.
 */
public final class ShardClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ShardClient.class);
  /** The most rows {@link #queryRows} accepts. */
  public static final int MAX_QUERY_ROWS = 100_000;

  private final ShardClientConfig config;
  /** Content type of the query body, exactly {@code application/json} (no charset parameter: JSON is UTF-8). */
  private static final ContentType JSON = ContentType.create("application/json", (java.nio.charset.Charset) null);
  /** Idle connections kept: one per shard is enough, the cap only guards against unbounded growth. */
  private static final int MAX_POOLED_CONNECTIONS = 100_000;
  /** Idle time after which a pooled connection is checked for a close by the shard before it is reused. */
  private static final org.apache.hc.core5.util.TimeValue VALIDATE_AFTER_IDLE =
      org.apache.hc.core5.util.TimeValue.ofMilliseconds(500);

  private final ExecutorService workers;
  private final ScheduledExecutorService watchdog;
  private final CloseableHttpClient http;
  private final RequestConfig queryConfig;
  private final RequestConfig healthConfig;
  private final Semaphore permits;
  private final Set<Exchange> active = ConcurrentHashMap.newKeySet();
  private final Set<FanOutStream> streams = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * Creates a client and starts its threads.
   *
   * @param config the limits and timeouts; not null
   * @throws NullPointerException if {@code config} is null
   */
  public ShardClient(ShardClientConfig config) {
    this.config = requireNonNull(config, "config is null");
    this.permits = new Semaphore(config.maxConcurrentRequests(), true);
    this.workers = Executors.newCachedThreadPool(new DaemonThreadFactory("shard-worker"));
    this.watchdog = Executors.newSingleThreadScheduledExecutor(new DaemonThreadFactory("shard-watchdog"));
    Timeout connect = Timeout.of(config.connectTimeout());
    // The watchdog enforces the request timeout (and deadlines); the socket timeout is only a backstop for a read that
    // the watchdog could not interrupt.
    Timeout socket = Timeout.of(config.requestTimeout().plus(config.connectTimeout()));
    PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
        .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX) // per-route pools, no global lock
        .setMaxConnTotal(MAX_POOLED_CONNECTIONS)
        .setMaxConnPerRoute(config.maxConcurrentRequests())
        .setTlsSocketStrategy(DefaultClientTlsStrategy.createSystemDefault()) // javax.net.ssl.* as the JDK client
        .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).setSoTimeout(socket).build())
        // A connection idle for longer than this is checked before reuse (a read of at most 1 ms): a shard may have
        // closed it meanwhile (idle timeout), and a POST on a dead connection would fail, not be retried.
        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connect).setSocketTimeout(socket)
            .setValidateAfterInactivity(VALIDATE_AFTER_IDLE).build())
        .build();
    this.queryConfig = RequestConfig.custom().setConnectionRequestTimeout(connect).setResponseTimeout(socket)
        .build();
    this.healthConfig = RequestConfig.custom().setConnectionRequestTimeout(connect)
        .setResponseTimeout(Timeout.of(config.requestTimeout())).build();
    this.http = HttpClients.custom()
        .setConnectionManager(connections)
        .disableAutomaticRetries() // FanOutStream retries, within its policy, budget and deadline
        .disableRedirectHandling()
        .disableContentCompression()
        .disableCookieManagement()
        .disableAuthCaching()
        .disableConnectionState()
        .setUserAgent("sqlotel-shard-client")
        .evictIdleConnections(org.apache.hc.core5.util.TimeValue.ofMinutes(1)) // e.g. shards that left the catalog
        .build();
    // At most 100 ms between checks, so that query deadlines (which may be short) are enforced promptly.
    long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(5),
        Math.min(config.requestTimeout().toNanos() / 8, TimeUnit.MILLISECONDS.toNanos(100)));
    watchdog.scheduleWithFixedDelay(this::expireOverdue, tick, tick, TimeUnit.NANOSECONDS);
  }

  /** Returns the configuration the client was created with. */
  public ShardClientConfig config() {
    return config;
  }

  /**
   * Sends every request in parallel and decodes each answer, while it streams in, into Arrow batches of
   * {@code schema}. Columns are positional: the i-th JSON column fills the i-th field, and the column counts must
   * match. At most {@code maxInFlight} requests of this call run at once, and at most
   * {@code config.maxConcurrentRequests()} across all calls on this client; requests start in list order.
   *
   * @param requests the requests; may be empty (the stream then ends at once)
   * @param schema the schema of every batch; each field must be Int(64), Int(32), FloatingPoint(DOUBLE), Utf8,
   *     Binary, Bool or Timestamp(NANOSECOND, null)
   * @param allocator where the batches are allocated (typically the query's child allocator); close the stream
   *     before closing it
   * @param maxInFlight the most requests of this call in flight at once, at least 1
   * @param listener told once per request how it went; use {@link ShardRequestListener#NONE} to ignore
   * @return the stream of batches; the caller must close it
   * @throws IllegalArgumentException if a field type is unsupported or {@code maxInFlight < 1}
   * @throws IllegalStateException if the client is closed
   */
  public ShardBatchStream query(List<ShardRequest> requests, Schema schema, BufferAllocator allocator,
      int maxInFlight, ShardRequestListener listener) {
    return query(requests, schema, allocator, maxInFlight, listener, FanOutOptions.DEFAULTS);
  }

  /**
   * Like {@link #query(List, Schema, BufferAllocator, int, ShardRequestListener)}, with a deadline, retries and
   * optionally tolerated shard failures (partial results); see {@link FanOutOptions}. The listener is told of every
   * request once, after its last attempt ({@link ShardRequestStats#retries()} says how many retries it took); a
   * tolerated failure is reported there only.
   *
   * @param options deadline, retry policy and budget, failure tolerance
   * @throws IllegalArgumentException if a field type is unsupported or {@code maxInFlight < 1}
   * @throws IllegalStateException if the client is closed
   */
  public ShardBatchStream query(List<ShardRequest> requests, Schema schema, BufferAllocator allocator,
      int maxInFlight, ShardRequestListener listener, FanOutOptions options) {
    requireNonNull(options, "options is null");
    requireNonNull(requests, "requests is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(allocator, "allocator is null");
    requireNonNull(listener, "listener is null");
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
    }
    JsonBatchDecoder.requireSupported(schema);
    ensureOpen();
    FanOutStream stream = new FanOutStream(this, List.copyOf(requests), schema, allocator, maxInFlight, listener,
        options);
    streams.add(stream);
    stream.start();
    return stream;
  }

  /**
   * Runs one small query on the calling thread and returns all its rows, for schema discovery such as
   * {@code SELECT name, type, "notnull" FROM pragma_table_info('t')}. Without a schema, values are typed by their
   * JSON form: Long for integers, Double for other numbers, String for strings (so a BLOB comes back as base64 text
   * and an integer from an {@code int64AsText} shard as a String), Long 1/0 for true/false, null for null.
   *
   * @param shard the shard to ask
   * @param sql the SQL, without parameters
   * @return the rows, each a list as long as the answer's column list (values may be null)
   * @throws ShardException naming the shard if the request fails, times out, the answer is malformed or has more
   *     than {@link #MAX_QUERY_ROWS} rows
   * @throws IllegalStateException if the client is closed
   */
  public List<List<Object>> queryRows(ShardDescriptor shard, String sql) {
    return queryRows(shard, sql, List.of());
  }

  /**
   * Like {@link #queryRows(ShardDescriptor, String)}, with bind parameters.
   *
   * @param params the parameters, typed as for {@link ShardRequest}
   * @throws ShardException naming the shard if the request fails
   * @throws IllegalArgumentException if a parameter has an unsupported type
   * @throws IllegalStateException if the client is closed
   */
  public List<List<Object>> queryRows(ShardDescriptor shard, String sql, List<Object> params) {
    ShardRequest request = new ShardRequest(shard, sql, params);
    ensureOpen();
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ShardException(shard.id(), Kind.CANCELLED, null, null, "interrupted while waiting for a permit", e);
    }
    Exchange exchange = open(shard);
    boolean reuse = false;
    try {
      int status = exchange.send(http, queryRequest(request));
      checkStatus(exchange, status);
      List<List<Object>> rows = JsonRowsReader.read(exchange.body(), shard.id(), MAX_QUERY_ROWS).rows();
      reuse = true;
      return rows;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.cancel();
      throw exchange.classify(e);
    } catch (Exception e) {
      throw exchange.classify(e);
    } finally {
      exchange.closeBody(reuse);
      release(exchange);
      permits.release();
    }
  }

  /**
   * Asks {@code GET <baseUrl>/health}, waiting at most the connect timeout plus the request timeout.
   *
   * @return true if the shard answered 2xx; false if it answered anything else or could not be reached
   * @throws IllegalStateException if the client is closed
   */
  public boolean isHealthy(ShardDescriptor shard) {
    requireNonNull(shard, "shard is null");
    ensureOpen();
    HttpGet get = new HttpGet(shard.healthUri());
    get.setConfig(healthConfig);
    if (shard.bearerToken() != null) {
      get.setHeader("Authorization", "Bearer " + shard.bearerToken());
    }
    try {
      int status = http.execute(get, response -> {
        EntityUtils.consume(response.getEntity());
        return response.getCode();
      });
      return status >= 200 && status < 300;
    } catch (IOException | RuntimeException e) {
      LOG.debug("shard '{}' health check failed: {}", shard.id(), e.toString());
      return false;
    }
  }

  /**
   * Closes the open streams (cancelling their requests), then stops the threads and closes every pooled HTTP
   * connection. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (FanOutStream stream : streams) {
      stream.close();
    }
    for (Exchange exchange : active) {
      exchange.cancel(); // queryRows calls in progress
    }
    workers.shutdownNow();
    watchdog.shutdownNow();
    http.close(CloseMode.IMMEDIATE);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the shard client is closed");
    }
  }

  private void expireOverdue() {
    try {
      long now = System.nanoTime();
      for (Exchange exchange : active) {
        if (exchange.pastDeadline(now)) {
          LOG.debug("shard '{}' is still awaited when the query deadline passed", exchange.shard().id());
          exchange.expireDeadline();
        } else if (exchange.overdue(now)) {
          LOG.debug("shard '{}' exceeded the request timeout", exchange.shard().id());
          exchange.expire();
        }
      }
    } catch (RuntimeException e) {
      LOG.error("shard request watchdog failed", e); // never let the periodic task die
    }
  }

  // ---- for FanOutStream ----

  CloseableHttpClient http() {
    return http;
  }

  ExecutorService workers() {
    return workers;
  }

  Semaphore permits() {
    return permits;
  }

  /** Creates an exchange watched by the timeout watchdog; {@link #release} it when done. */
  Exchange open(ShardDescriptor shard) {
    return open(shard, Deadline.NONE);
  }

  /** Like {@link #open(ShardDescriptor)}, also abandoned by the watchdog once {@code deadline} passes. */
  Exchange open(ShardDescriptor shard, Deadline deadline) {
    Exchange exchange = new Exchange(shard, config.requestTimeout().toNanos(), deadline);
    active.add(exchange);
    return exchange;
  }

  void release(Exchange exchange) {
    active.remove(exchange);
  }

  void forget(FanOutStream stream) {
    streams.remove(stream);
  }

  /** Builds {@code POST <baseUrl>/query} with the JSON body and, if the shard has one, the bearer token. */
  HttpPost queryRequest(ShardRequest request) {
    ShardDescriptor shard = request.shard();
    HttpPost post = new HttpPost(shard.queryUri());
    post.setConfig(queryConfig);
    post.setHeader("Accept", "application/json");
    if (shard.bearerToken() != null) {
      post.setHeader("Authorization", "Bearer " + shard.bearerToken());
    }
    post.setEntity(new ByteArrayEntity(RequestBodies.query(request.sql(), request.params(), shard.int64AsText()),
        JSON));
    return post;
  }

  /**
   * Turns a non-2xx answer into a ShardException: 4xx is QUERY_ERROR with the shard's message and code, 5xx is
   * UNAVAILABLE, anything else BAD_RESPONSE.
   *
   * @throws ShardException for a non-2xx status
   * @throws IOException if reading the error body fails
   */
  void checkStatus(Exchange exchange, int status) throws IOException {
    if (status >= 200 && status < 300) {
      return;
    }
    ErrorBody body = ErrorBodies.read(exchange.body());
    Kind kind = status >= 400 && status < 500 ? Kind.QUERY_ERROR
        : status >= 500 && status < 600 ? Kind.UNAVAILABLE : Kind.BAD_RESPONSE;
    throw new ShardException(exchange.shard().id(), kind, status, body.code(), body.message(), null);
  }
}
