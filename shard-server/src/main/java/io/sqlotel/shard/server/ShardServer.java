package io.sqlotel.shard.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference shard: one SQLite database file, opened read-only, served over HTTP with the shard
 * protocol of {@code docs/shard-protocol.md} ({@code POST /query}, {@code GET /health}).
 *
 * <p>Loading this class sets the system property {@code sun.net.httpserver.nodelay=true} (TCP_NODELAY for the
 * JDK HTTP server) unless it is already set, to avoid a 40 ms delayed-ACK stall per kept-alive request.
 *
 * <p>Requests run on {@value #WORKER_THREADS} worker threads, each statement on one of as many read-only
 * connections; further requests wait in an unbounded queue. Results are streamed row by row with chunked
 * transfer encoding, so memory use does not grow with the result size.
 */
public final class ShardServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ShardServer.class);

  /** Worker threads, and read-only SQLite connections (one per worker). */
  static final int WORKER_THREADS = 8;

  /** Entries kept by {@link #requestLog()}; older ones are dropped so a long-running server stays bounded. */
  static final int REQUEST_LOG_CAPACITY = 10_000;

  private static final int SHUTDOWN_WAIT_SECONDS = 5;

  static {
    // The JDK server leaves Nagle's algorithm on by default: on a kept-alive connection a small response
    // written after its headers then waits for the client's delayed ACK, about 40 ms per request. The
    // property is read once per JVM, when the JDK server classes load; an explicit setting is respected.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer http;
  private final ExecutorService workers;
  private final ConnectionPool pool;
  private final QueryHandler queries;
  private final JsonFactory factory = new JsonFactory();
  private final byte[] expectedAuthorization; // null when no token is configured
  private final URI baseUri;
  private final Deque<String> requestLog = new ArrayDeque<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private ShardServer(Path dbFile, String host, int port, String bearerToken, boolean integersAsStrings)
      throws IOException {
    requireNonNull(dbFile, "dbFile is null");
    requireNonNull(host, "host is null");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    this.expectedAuthorization =
        bearerToken == null ? null : ("Bearer " + bearerToken).getBytes(StandardCharsets.UTF_8);
    try {
      this.pool = new ConnectionPool(dbFile, WORKER_THREADS);
    } catch (SQLException e) {
      throw new IOException("cannot open shard database " + dbFile + ": " + e.getMessage(), e);
    }
    this.queries = new QueryHandler(pool, factory, integersAsStrings, this::logRequest);
    try {
      this.http = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException | RuntimeException e) {
      pool.close();
      throw e;
    }
    this.workers = new ThreadPoolExecutor(WORKER_THREADS, WORKER_THREADS, 0L, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), workerThreads(http.getAddress().getPort()));
    String uriHost = host.contains(":") ? "[" + host + "]" : host;
    this.baseUri = URI.create("http://" + uriHost + ":" + http.getAddress().getPort());
    http.setExecutor(workers);
    http.createContext("/", this::dispatch);
    http.start(); // last: the dispatcher thread must see every field assigned above
    LOG.info("shard server for {} listening on {}", dbFile, baseUri);
  }

  /**
   * Opens {@code dbFile} read-only and starts serving it.
   *
   * @param dbFile an existing SQLite database file
   * @param host address to bind, e.g. {@code "127.0.0.1"} or {@code "0.0.0.0"}
   * @param port TCP port, or 0 for an ephemeral port (see {@link #port()})
   * @param bearerToken when non-null, every {@code /query} request must carry
   *     {@code Authorization: Bearer <token>}; {@code /health} never requires it
   * @return the running server
   * @throws IOException if the file is missing or not a SQLite database, or the address cannot be bound
   * @throws IllegalArgumentException if the port is outside 0..65535
   */
  public static ShardServer start(Path dbFile, String host, int port, String bearerToken) throws IOException {
    return new ShardServer(dbFile, host, port, bearerToken, false);
  }

  /**
   * Like {@link #start(Path, String, int, String)}, optionally writing INTEGER values as JSON strings of
   * their decimal digits, the way a JavaScript shard that cannot hold int64 in a number would; useful to
   * test that clients accept both encodings.
   *
   * @param dbFile an existing SQLite database file
   * @param host address to bind
   * @param port TCP port, or 0 for an ephemeral port
   * @param bearerToken required token for {@code /query}, or null for none
   * @param integersAsStrings true to write {@code "42"} instead of {@code 42}
   * @return the running server
   * @throws IOException as for {@link #start(Path, String, int, String)}
   */
  public static ShardServer start(Path dbFile, String host, int port, String bearerToken,
      boolean integersAsStrings) throws IOException {
    return new ShardServer(dbFile, host, port, bearerToken, integersAsStrings);
  }

  /**
   * Returns the TCP port the server listens on.
   *
   * @return the port, the ephemeral one chosen by the OS when started with port 0
   */
  public int port() {
    return http.getAddress().getPort();
  }

  /**
   * Returns the base URI to which {@code /query} and {@code /health} are appended.
   *
   * @return e.g. {@code http://127.0.0.1:PORT}, built from the host given to {@code start}, no trailing slash
   */
  public URI baseUri() {
    return baseUri;
  }

  /**
   * Returns the SQL of the {@code /query} requests received, oldest first: every request whose body was
   * well-formed, whether the statement then succeeded or not. Only the latest {@value #REQUEST_LOG_CAPACITY}
   * are kept.
   *
   * @return an unmodifiable snapshot, safe to use while requests keep arriving
   */
  public List<String> requestLog() {
    synchronized (requestLog) {
      return List.copyOf(requestLog);
    }
  }

  /** Forgets every logged request. */
  public void clearRequestLog() {
    synchronized (requestLog) {
      requestLog.clear();
    }
  }

  /**
   * Stops accepting requests, aborts running statements, and closes the connections. Idempotent; waits at
   * most a few seconds for running handlers.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    http.stop(0);
    workers.shutdownNow();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SHUTDOWN_WAIT_SECONDS);
    try {
      // Interrupt repeatedly: sqlite3_interrupt only stops statements running at the time of the call, and
      // a handler may start its statement just after one call.
      do {
        pool.interruptAll();
      } while (!workers.awaitTermination(50, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline);
      if (!workers.isTerminated()) {
        LOG.warn("shard server {}: workers still running after {} s", baseUri, SHUTDOWN_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.close();
  }

  private void logRequest(String sql) {
    synchronized (requestLog) {
      if (requestLog.size() == REQUEST_LOG_CAPACITY) {
        requestLog.removeFirst();
      }
      requestLog.addLast(sql);
    }
  }

  private void dispatch(HttpExchange ex) {
    long start = System.nanoTime();
    String detail = "";
    try {
      detail = route(ex);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      detail = "interrupted (server closing)";
      tryFail(ex, new ShardError(ErrorCode.UNAVAILABLE, "shard server is shutting down"));
    } catch (IOException e) {
      detail = "I/O error, client gone? " + e;
    } catch (RuntimeException | AssertionError e) {
      LOG.error("shard server {}: bug while serving {}", baseUri, ex.getRequestURI(), e);
      detail = "internal error " + e;
      tryFail(ex, new ShardError(ErrorCode.INTERNAL, "internal error: " + e));
    } finally {
      ex.close();
    }
    LOG.debug("{} {} -> {} in {} us {}", ex.getRequestMethod(), ex.getRequestURI().getPath(),
        ex.getResponseCode(), (System.nanoTime() - start) / 1_000, detail);
  }

  private String route(HttpExchange ex) throws IOException, InterruptedException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    if ("/health".equals(path)) {
      if (!"GET".equals(method)) {
        return methodNotAllowed(ex, "GET");
      }
      HttpResponses.send(ex, 200, "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
      return "";
    }
    if (!"/query".equals(path)) {
      return fail(ex, new ShardError(ErrorCode.NOT_FOUND, "no such endpoint: " + path));
    }
    if (!authorized(ex)) {
      ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
      return fail(ex, new ShardError(ErrorCode.UNAUTHORIZED, "missing or wrong bearer token"));
    }
    if (!"POST".equals(method)) {
      return methodNotAllowed(ex, "POST");
    }
    return queries.handle(ex);
  }

  private boolean authorized(HttpExchange ex) {
    if (expectedAuthorization == null) {
      return true;
    }
    String presented = ex.getRequestHeaders().getFirst("Authorization");
    // Constant-time comparison: the token must not leak through response timing.
    return presented != null
        && MessageDigest.isEqual(expectedAuthorization, presented.getBytes(StandardCharsets.UTF_8));
  }

  private String methodNotAllowed(HttpExchange ex, String allowed) throws IOException {
    ex.getResponseHeaders().set("Allow", allowed);
    return fail(ex, new ShardError(ErrorCode.METHOD_NOT_ALLOWED,
        ex.getRequestMethod() + " is not allowed here; use " + allowed));
  }

  private String fail(HttpExchange ex, ShardError error) throws IOException {
    HttpResponses.sendError(ex, factory, error);
    return "error=" + error.code();
  }

  /** Reports an error if the status line was not sent yet; otherwise the client sees a cut-off body. */
  private void tryFail(HttpExchange ex, ShardError error) {
    if (ex.getResponseCode() >= 0) {
      return;
    }
    try {
      HttpResponses.sendError(ex, factory, error);
    } catch (IOException e) {
      LOG.debug("could not report {} to the client: {}", error.code(), e.toString());
    }
  }

  private static ThreadFactory workerThreads(int port) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "shard-server-" + port + "-worker-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
