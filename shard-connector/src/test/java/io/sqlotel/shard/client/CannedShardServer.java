package io.sqlotel.shard.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sqlotel.shard.meta.ShardDescriptor;
import io.sqlotel.shard.meta.TimeRange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server (JDK httpserver on 127.0.0.1, ephemeral port) answering canned bodies, one handler per shard
 * name under {@code /<name>/query}. Counts requests in flight and records arrival order, bodies and headers.
 */
final class CannedShardServer implements AutoCloseable {

  /** Answers one request. */
  interface Handler {
    void handle(HttpExchange exchange) throws Exception;
  }

  final List<String> arrivals = Collections.synchronizedList(new ArrayList<>());
  final Map<String, String> bodies = new ConcurrentHashMap<>();
  final Map<String, String> authorizations = new ConcurrentHashMap<>();
  /** Run by {@link #send} just before a whole response is written: ends the request's in-flight count. */
  private static final ThreadLocal<Runnable> BEFORE_RESPONSE = new ThreadLocal<>();

  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  /** Stalling handlers wait on this; {@link #close()} releases them. */
  final CountDownLatch release = new CountDownLatch(1);

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "canned-shard");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Handler> handlers = new ConcurrentHashMap<>();

  CannedShardServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    server.setExecutor(executor);
    server.createContext("/", this::dispatch);
    server.start();
  }

  /** Registers a shard and returns its descriptor. */
  ShardDescriptor shard(String name, Handler handler) {
    return shard(name, handler, null, false);
  }

  ShardDescriptor shard(String name, Handler handler, String token, boolean int64AsText) {
    handlers.put(name, handler);
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name);
    return new ShardDescriptor(name, base, TimeRange.ALL, token, int64AsText);
  }

  private void dispatch(HttpExchange ex) throws IOException {
    String[] parts = ex.getRequestURI().getPath().split("/");
    String name = parts.length > 1 ? parts[1] : "";
    try {
      if (parts.length > 2 && parts[2].equals("health")) {
        send(ex, 200, "{\"status\":\"ok\"}");
        return;
      }
      arrivals.add(name);
      bodies.put(name, new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      if (auth != null) {
        authorizations.put(name, auth);
      }
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      // A request stops counting as in flight just before its response is written: once the client has the whole
      // body it may start its next request, possibly before this handler thread runs its finally block.
      java.util.concurrent.atomic.AtomicBoolean counted = new java.util.concurrent.atomic.AtomicBoolean(true);
      BEFORE_RESPONSE.set(() -> {
        if (counted.getAndSet(false)) {
          inFlight.decrementAndGet();
        }
      });
      try {
        Handler h = handlers.get(name);
        if (h == null) {
          send(ex, 404, "{\"error\": {\"message\": \"no shard " + name + "\", \"code\": \"NOT_FOUND\"}}");
        } else {
          h.handle(ex);
        }
      } finally {
        BEFORE_RESPONSE.get().run();
        BEFORE_RESPONSE.remove();
      }
    } catch (Exception e) {
      // The client went away (cancellation tests) or the test is over.
    } finally {
      ex.close();
    }
  }

  /** Sends a whole body with a Content-Length. */
  static void send(HttpExchange ex, int status, String body) throws IOException {
    Runnable beforeResponse = BEFORE_RESPONSE.get();
    if (beforeResponse != null) {
      beforeResponse.run();
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Returns a handler that answers 200 with the body. */
  static Handler ok(String body) {
    return ex -> send(ex, 200, body);
  }

  /** Returns a handler that waits {@code millis} (or until close) and then answers 200 with the body. */
  Handler delayed(long millis, String body) {
    return ex -> {
      release.await(millis, TimeUnit.MILLISECONDS);
      send(ex, 200, body);
    };
  }

  /** Returns a handler streaming rows {@code [i, "row-i"]} (chunked) until the client goes away or close(). */
  Handler endless() {
    return ex -> {
      ex.sendResponseHeaders(200, 0);
      try (OutputStream out = ex.getResponseBody()) {
        out.write("{\"columns\": [\"v\", \"s\"], \"rows\": [[0, \"row-0\"]".getBytes(StandardCharsets.UTF_8));
        for (long i = 1; release.getCount() > 0; i++) {
          out.write((",[" + i + ", \"row-" + i + "\"]").getBytes(StandardCharsets.UTF_8));
          if (i % 256 == 0) {
            out.flush();
          }
        }
      }
    };
  }

  /** Returns a handler that sends the first part of a body, then stalls until close(). */
  Handler stallAfter(String part) {
    return ex -> {
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      out.write(part.getBytes(StandardCharsets.UTF_8));
      out.flush();
      release.await(10, TimeUnit.SECONDS);
      out.close();
    };
  }

  /** Returns an answer with columns {@code v, s} and rows {@code [first + i, "row-<first + i>"]}. */
  static String rows(long first, int count) {
    StringBuilder sb = new StringBuilder("{\"columns\": [\"v\", \"s\"], \"rows\": [");
    for (int i = 0; i < count; i++) {
      sb.append(i == 0 ? "" : ", ").append('[').append(first + i).append(", \"row-").append(first + i).append("\"]");
    }
    return sb.append("], \"meta\": {\"rows_read\": ").append(count * 2).append(", \"duration_ms\": 0.25}}").toString();
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
