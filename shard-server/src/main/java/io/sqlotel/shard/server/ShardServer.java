package io.sqlotel.shard.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.core5.http.impl.bootstrap.HttpServer;
import org.apache.hc.core5.http.impl.bootstrap.ServerBootstrap;
import org.apache.hc.core5.http.impl.bootstrap.StandardFilter;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference shard: one SQLite database file, opened read-only, served over HTTP with the shard
 * protocol of {@code docs/shard-protocol.md} ({@code POST /query}, {@code GET /health}).
 *
 * <p>HTTP/1.1 is Apache HttpCore 5's classic (blocking) server: one listener thread per server, and one thread per
 * open connection that reads each request, runs it and writes the answer itself, with no hand-over between threads
 * (keep-alive, TCP_NODELAY; a connection idle for {@value #IDLE_TIMEOUT_MILLIS} ms is closed). Each statement runs on
 * one of {@value #WORKER_THREADS} read-only connections; further requests wait for one.
 * Answers up to 64 KiB are sent whole with a Content-Length; longer ones stream row by row with chunked transfer
 * encoding, so memory use does not grow with the result size.
 */
public final class ShardServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ShardServer.class);

  /** Read-only SQLite connections, hence statements running at once. */
  static final int WORKER_THREADS = 8;

  /** Entries kept by {@link #requestLog()}; older ones are dropped so a long-running server stays bounded. */
  static final int REQUEST_LOG_CAPACITY = 10_000;

  private static final int SHUTDOWN_WAIT_SECONDS = 5;

  /** A kept-alive connection idle this long is closed, and its thread ends. */
  static final int IDLE_TIMEOUT_MILLIS = 30_000;

  private final HttpServer http;
  private final AtomicInteger running = new AtomicInteger();
  private final ConnectionPool pool;
  private final QueryHandler queries;
  private final JsonFactory factory = new JsonFactory();
  private final byte[] expectedAuthorization; // null when no token is configured
  private final URI baseUri;
  private final Deque<String> requestLog = new ArrayDeque<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private ShardServer(Path dbFile, String host, int port, String bearerToken, boolean integersAsStrings,
      boolean immutable) throws IOException {
    requireNonNull(dbFile, "dbFile is null");
    requireNonNull(host, "host is null");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    this.expectedAuthorization =
        bearerToken == null ? null : ("Bearer " + bearerToken).getBytes(StandardCharsets.UTF_8);
    try {
      this.pool = new ConnectionPool(dbFile, WORKER_THREADS, immutable);
    } catch (SQLException e) {
      throw new IOException("cannot open shard database " + dbFile + ": " + e.getMessage(), e);
    }
    this.queries = new QueryHandler(pool, factory, integersAsStrings, this::logRequest);
    this.http = ServerBootstrap.bootstrap()
        .setLocalAddress(InetAddress.getByName(host))
        .setListenerPort(port)
        .setSocketConfig(SocketConfig.custom()
            .setTcpNoDelay(true)
            .setSoTimeout(Timeout.ofMilliseconds(IDLE_TIMEOUT_MILLIS))
            .setSoReuseAddress(true)
            .build())
        // After the standard Expect: 100-continue filter, instead of the request router: every path is ours.
        .addFilterBefore(StandardFilter.MAIN_HANDLER.name(), "shard",
            (request, trigger, context, chain) -> dispatch(new Exchange(request, trigger)))
        .register("*", (request, response, context) -> { // never reached: the filter answers every request
          throw new IllegalStateException("unrouted request " + request.getPath());
        })
        .setExceptionListener(new org.apache.hc.core5.http.ExceptionListener() {
          @Override
          public void onError(Exception ex) {
            LOG.debug("shard server: {}", ex.toString());
          }

          @Override
          public void onError(org.apache.hc.core5.http.HttpConnection connection, Exception ex) {
            LOG.debug("shard server connection {}: {}", connection, ex.toString());
          }
        })
        .create();
    try {
      http.start();
    } catch (IOException | RuntimeException e) {
      http.close(CloseMode.IMMEDIATE);
      pool.close();
      throw e;
    }
    String uriHost = host.contains(":") ? "[" + host + "]" : host;
    this.baseUri = URI.create("http://" + uriHost + ":" + http.getLocalPort());
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
    return new ShardServer(dbFile, host, port, bearerToken, false, false);
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
    return new ShardServer(dbFile, host, port, bearerToken, integersAsStrings, false);
  }

  /**
   * Like {@link #start(Path, String, int, String, boolean)}, optionally serving the file as <em>immutable</em>: a
   * sealed time slice that no process writes any more. SQLite then opens it with the URI parameter
   * {@code immutable=1} and skips, per statement, the file locking and change detection a read transaction otherwise
   * costs (four {@code fcntl} locks, two {@code stat}s of the journal/WAL names, an {@code fstat} and a header read;
   * see https://www.sqlite.org/uri.html#uriimmutable). Only for files that nothing modifies while they are served:
   * SQLite warns that it may then return wrong results or report corruption.
   *
   * @param dbFile an existing SQLite database file
   * @param host address to bind
   * @param port TCP port, or 0 for an ephemeral port
   * @param bearerToken required token for {@code /query}, or null for none
   * @param integersAsStrings true to write {@code "42"} instead of {@code 42}
   * @param immutable true if the file is sealed (nothing writes to it while it is served)
   * @return the running server
   * @throws IOException as for {@link #start(Path, String, int, String)}
   */
  public static ShardServer start(Path dbFile, String host, int port, String bearerToken,
      boolean integersAsStrings, boolean immutable) throws IOException {
    return new ShardServer(dbFile, host, port, bearerToken, integersAsStrings, immutable);
  }

  /**
   * Returns the TCP port the server listens on.
   *
   * @return the port, the ephemeral one chosen by the OS when started with port 0
   */
  public int port() {
    return http.getLocalPort();
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
    pool.shutdown(); // requests waiting for a connection give up
    http.close(CloseMode.IMMEDIATE); // closes the listening socket and every connection, interrupts their threads
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SHUTDOWN_WAIT_SECONDS);
    try {
      // Interrupt repeatedly: sqlite3_interrupt only stops statements running at the time of the call, and
      // a handler may start its statement just after one call.
      while (running.get() > 0 && System.nanoTime() < deadline) {
        pool.interruptAll();
        Thread.sleep(20);
      }
      if (running.get() > 0) {
        LOG.warn("shard server {}: {} requests still running after {} s", baseUri, running.get(),
            SHUTDOWN_WAIT_SECONDS);
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

  private void dispatch(Exchange ex) throws IOException {
    running.incrementAndGet();
    long start = System.nanoTime();
    String detail = "";
    IOException failure = null;
    try {
      detail = closed.get() ? fail(ex, new ShardError(ErrorCode.UNAVAILABLE, "shard server is shutting down"))
          : route(ex);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      detail = "interrupted";
      tryFail(ex, new ShardError(ErrorCode.UNAVAILABLE, "shard server is shutting down"));
    } catch (IOException e) {
      detail = "I/O error, client gone? " + e;
      failure = e;
    } catch (RuntimeException | AssertionError e) {
      LOG.error("shard server {}: bug while serving {}", baseUri, ex.path(), e);
      detail = "internal error " + e;
      tryFail(ex, new ShardError(ErrorCode.INTERNAL, "internal error: " + e));
    } finally {
      running.decrementAndGet();
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("{} {} -> {} in {} us {}", ex.method(), ex.path(), ex.responseCode(),
          (System.nanoTime() - start) / 1_000, detail);
    }
    if (failure != null) {
      throw failure; // the server closes the connection: the client sees a cut-off body
    }
  }

  private String route(Exchange ex) throws IOException, InterruptedException {
    String path = ex.path();
    String method = ex.method();
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
      ex.setHeader("WWW-Authenticate", "Bearer");
      return fail(ex, new ShardError(ErrorCode.UNAUTHORIZED, "missing or wrong bearer token"));
    }
    if (!"POST".equals(method)) {
      return methodNotAllowed(ex, "POST");
    }
    return queries.handle(ex);
  }

  private boolean authorized(Exchange ex) {
    if (expectedAuthorization == null) {
      return true;
    }
    String presented = ex.header("Authorization");
    // Constant-time comparison: the token must not leak through response timing.
    return presented != null
        && MessageDigest.isEqual(expectedAuthorization, presented.getBytes(StandardCharsets.UTF_8));
  }

  private String methodNotAllowed(Exchange ex, String allowed) throws IOException {
    ex.setHeader("Allow", allowed);
    return fail(ex, new ShardError(ErrorCode.METHOD_NOT_ALLOWED,
        ex.method() + " is not allowed here; use " + allowed));
  }

  private String fail(Exchange ex, ShardError error) throws IOException {
    HttpResponses.sendError(ex, factory, error);
    return "error=" + error.code();
  }

  /** Reports an error if the status line was not sent yet; otherwise the client sees a cut-off body. */
  private void tryFail(Exchange ex, ShardError error) {
    if (ex.responseCode() >= 0) {
      return;
    }
    try {
      HttpResponses.sendError(ex, factory, error);
    } catch (IOException e) {
      LOG.debug("could not report {} to the client: {}", error.code(), e.toString());
    }
  }
}
