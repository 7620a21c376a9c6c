package io.sqlotel.it.faults;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A real HTTP server (JDK {@link HttpServer} on loopback) in front of a real shard server, speaking the shard protocol
 * and injecting one {@link Fault} per {@code POST /query} as its fault plan says: answer normally (proxied), refuse
 * connections, delay, hang, answer 500/502/503, drop the connection before answering, truncate the JSON, send garbage,
 * add a column (wrong schema), trickle the answer byte by byte, or corrupt it with bytes that are not UTF-8.
 *
 * <p>Each faulty answer is counted by kind ({@link #injected()}). {@code GET /health} is always proxied.
 */
final class FaultyShard implements AutoCloseable {
  /** What happens to one request. */
  enum Fault {
    /** Proxied unchanged. */
    NONE,
    /** Nothing listens: the server is stopped until {@link #setPlan} chooses another fault (connection refused). */
    REFUSE,
    /** Proxied after {@link #DELAY_MILLIS}. */
    DELAY,
    /** Never answers (until the client gives up or the server closes). */
    HANG,
    /** 500 with the protocol's error body (a shard fault: not retried). */
    STATUS_500,
    /** 502 with an HTML body, as a failing reverse proxy sends (retried). */
    STATUS_502,
    /** 503 with the protocol's error body (busy: retried). */
    STATUS_503,
    /** The connection is closed before any answer (retried). */
    RESET,
    /** 200 with the first half of the real answer, then the body ends. */
    TRUNCATE,
    /** 200 with bytes that are not JSON. */
    GARBAGE,
    /** 200 with one more column than asked for, in the header and in every row. */
    WRONG_SCHEMA,
    /** 200 with the real answer, one byte every {@link #TRICKLE_MILLIS} ms (never a long silence, but slow). */
    TRICKLE,
    /** 200 with the real answer whose first text (a column name) holds bytes that are not UTF-8. */
    NON_UTF8
  }

  /** How long {@link Fault#DELAY} waits, milliseconds. */
  static final long DELAY_MILLIS = 150;
  /** The pause between two bytes of {@link Fault#TRICKLE}, milliseconds. */
  static final long TRICKLE_MILLIS = 20;
  /** The longest {@link Fault#HANG} holds a request, milliseconds (the client gives up long before). */
  private static final long HANG_MILLIS = 30_000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient UPSTREAM = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final URI target;
  private final int port;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "faulty-shard");
    t.setDaemon(true);
    return t;
  });
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Map<Fault, AtomicInteger> injected = new EnumMap<>(Fault.class);
  private final AtomicLong requests = new AtomicLong();
  private final AtomicInteger active = new AtomicInteger();
  private volatile Supplier<Fault> plan = () -> Fault.NONE;
  private HttpServer server; // guarded by this; null while refusing

  /**
   * Starts a server on an ephemeral loopback port in front of {@code target}.
   *
   * @param target the base URL of the real shard
   */
  FaultyShard(URI target) throws IOException {
    this.target = requireNonNull(target, "target is null");
    for (Fault f : Fault.values()) {
      injected.put(f, new AtomicInteger());
    }
    this.server = bind(0);
    this.port = server.getAddress().getPort();
  }

  private HttpServer bind(int p) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", p), 64);
    s.setExecutor(executor);
    s.createContext("/", this::handle);
    s.start();
    return s;
  }

  /** The base URL clients use (the port stays the same across {@link Fault#REFUSE}). */
  URI baseUri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /**
   * Injects {@code fault} into every request from now on; {@link Fault#REFUSE} stops listening at once, any later
   * call listens again.
   */
  synchronized void set(Fault fault) {
    requireNonNull(fault, "fault is null");
    setPlan(() -> fault);
    if (fault == Fault.REFUSE) {
      stopListening();
    }
  }

  /**
   * Chooses each request's fault with {@code next} (called once per request). A {@link Fault#REFUSE} it returns
   * drops that request's connection and stops listening until the next {@link #set}/{@code setPlan}.
   */
  synchronized void setPlan(Supplier<Fault> next) {
    this.plan = requireNonNull(next, "next is null");
    if (server == null) {
      try {
        server = bind(port);
      } catch (IOException e) {
        throw new IllegalStateException("cannot listen on port " + port + " again", e);
      }
    }
  }

  /** Faulty answers so far, by kind (NONE counts the normal ones). */
  Map<Fault, Integer> injected() {
    Map<Fault, Integer> out = new EnumMap<>(Fault.class);
    injected.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** Requests received so far. */
  long requests() {
    return requests.get();
  }

  /** {@code POST /query} requests being answered now (one ends when its answer is sent or its client went away). */
  int active() {
    return active.get();
  }

  private synchronized void stopListening() {
    if (server != null) {
      server.stop(0);
      server = null;
      injected.get(Fault.REFUSE).incrementAndGet();
    }
  }

  private void handle(HttpExchange ex) {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      byte[] requestBody = ex.getRequestBody().readAllBytes();
      if (path.equals("/health")) {
        proxy(ex, "GET", path, requestBody);
        return;
      }
      requests.incrementAndGet();
      active.incrementAndGet();
      try {
        answer(ex, path, requestBody);
      } finally {
        active.decrementAndGet();
      }
    } catch (IOException | RuntimeException e) {
      // the client went away (timeouts, cancellations): nothing to answer
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void answer(HttpExchange ex, String path, byte[] requestBody) throws IOException, InterruptedException {
    Fault fault = plan.get();
    injected.get(fault).incrementAndGet();
    switch (fault) {
      case NONE -> proxy(ex, "POST", path, requestBody);
      case REFUSE -> stopListening(); // this exchange just closes
      case DELAY -> {
        sleep(DELAY_MILLIS);
        proxy(ex, "POST", path, requestBody);
      }
      case HANG -> closing.await(HANG_MILLIS, TimeUnit.MILLISECONDS);
      case STATUS_500 -> send(ex, 500,
          "{\"error\":{\"message\":\"disk I/O error (injected)\",\"code\":\"INTERNAL\"}}");
      case STATUS_502 -> send(ex, 502, "<html><body><h1>502 Bad Gateway</h1>injected</body></html>");
      case STATUS_503 -> send(ex, 503, "{\"error\":{\"message\":\"database is locked (injected)\","
          + "\"code\":\"UNAVAILABLE\"}}");
      case RESET -> { } // closing the exchange without an answer drops the connection
      case TRUNCATE -> {
        byte[] body = upstream(path, requestBody);
        sendRaw(ex, 200, java.util.Arrays.copyOf(body, body.length / 2), 0);
      }
      case GARBAGE -> sendRaw(ex, 200, "\u0000\u0001<html>surprise</html>{]".getBytes(StandardCharsets.UTF_8), 0);
      case WRONG_SCHEMA -> sendRaw(ex, 200, extraColumn(upstream(path, requestBody)), 0);
      case TRICKLE -> sendRaw(ex, 200, upstream(path, requestBody), TRICKLE_MILLIS);
      case NON_UTF8 -> sendRaw(ex, 200, notUtf8(upstream(path, requestBody)), 0);
      default -> throw new AssertionError(fault);
    }
  }

  private void sleep(long millis) throws InterruptedException {
    closing.await(millis, TimeUnit.MILLISECONDS);
  }

  /** Forwards the request and streams the real answer back unchanged. */
  private void proxy(HttpExchange ex, String method, String path, byte[] body) throws IOException,
      InterruptedException {
    HttpResponse<InputStream> r = UPSTREAM.send(request(method, path, body), HttpResponse.BodyHandlers.ofInputStream());
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(r.statusCode(), 0);
    try (InputStream in = r.body(); OutputStream out = ex.getResponseBody()) {
      in.transferTo(out);
    }
  }

  /** The real answer's bytes (whatever its status). */
  private byte[] upstream(String path, byte[] body) throws IOException, InterruptedException {
    return UPSTREAM.send(request("POST", path, body), HttpResponse.BodyHandlers.ofByteArray()).body();
  }

  private HttpRequest request(String method, String path, byte[] body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(target.resolve(path)).timeout(Duration.ofSeconds(30));
    if (method.equals("GET")) {
      b.GET();
    } else {
      b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }
    return b.build();
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Sends {@code body} chunked, pausing {@code pauseMillis} after each byte if positive. */
  private void sendRaw(HttpExchange ex, int status, byte[] body, long pauseMillis) throws IOException,
      InterruptedException {
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, 0);
    try (OutputStream out = ex.getResponseBody()) {
      if (pauseMillis <= 0) {
        out.write(body);
        return;
      }
      for (byte b : body) {
        out.write(b);
        out.flush();
        if (closing.await(pauseMillis, TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    }
  }

  /** The answer with a column {@code injected_extra} appended to the header and every row. */
  private static byte[] extraColumn(byte[] answer) throws IOException {
    JsonNode root = JSON.readTree(answer);
    if (root instanceof ObjectNode o && o.get("columns") instanceof ArrayNode columns
        && o.get("rows") instanceof ArrayNode rows) {
      columns.add("injected_extra");
      for (JsonNode row : rows) {
        ((ArrayNode) row).add(42);
      }
    }
    return JSON.writeValueAsBytes(root);
  }

  /** The answer with the bytes 0xC3 0x28 (an invalid UTF-8 sequence) inside its first string. */
  private static byte[] notUtf8(byte[] answer) {
    int quote = -1;
    for (int i = 0; i < answer.length; i++) {
      if (answer[i] == '[') { // the columns array; its first string is a column name
        for (int j = i; j < answer.length; j++) {
          if (answer[j] == '"') {
            quote = j;
            break;
          }
        }
        break;
      }
    }
    if (quote < 0) {
      return answer;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(answer.length + 2);
    out.write(answer, 0, quote + 1);
    out.write(0xC3);
    out.write(0x28);
    out.write(answer, quote + 1, answer.length - quote - 1);
    return out.toByteArray();
  }

  @Override
  public synchronized void close() {
    closing.countDown();
    if (server != null) {
      server.stop(0);
      server = null;
    }
    executor.shutdownNow();
  }
}
