package io.sqlotel.shard.demo;

import static java.util.Objects.requireNonNull;

import io.sqlotel.shard.demo.DemoCatalog.Endpoint;
import io.sqlotel.shard.demo.DemoCatalog.Service;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates the traces of one shard and writes {@code otel_traces} and {@code otel_traces_trace_id_ts}.
 *
 * <p>Each trace is a tree: a root Server span in an entry service; for each downstream call a Client span
 * in the caller with a Server span of the callee below it; and Internal spans (database, cache) below
 * server spans. Children lie inside their parent's time span. A failure in a callee makes its Client span
 * fail and, usually, the caller's Server span too, so errors propagate towards the root. Traces never
 * cross the slice: every span start is clamped into {@code [sliceStart, sliceEnd)}.
 */
final class TraceGenerator {
  private static final String[] OWN_FAILURES = {
      "connection reset by peer", "deadline exceeded", "upstream unavailable", "invalid argument"};
  private static final String[] OWN_EXCEPTIONS = {
      "java.net.SocketException", "java.util.concurrent.TimeoutException", "java.io.IOException",
      "java.lang.IllegalArgumentException"};

  private final Rand rand;
  private final int targetSpans;
  private final List<Span> spans = new ArrayList<>();
  private String traceId;

  /**
   * @param rand random source owned by this generator
   * @param targetSpans exact number of spans to generate
   */
  TraceGenerator(Rand rand, int targetSpans) {
    this.rand = requireNonNull(rand, "rand is null");
    this.targetSpans = targetSpans;
  }

  /**
   * Generates exactly {@code targetSpans} spans spread evenly over the slice.
   *
   * @param sliceStart inclusive slice start, nanoseconds since the epoch
   * @param sliceEnd exclusive slice end, nanoseconds since the epoch
   * @return the spans, trace by trace, each trace root first; absolute starts assigned
   */
  List<Span> generate(long sliceStart, long sliceEnd) {
    List<Integer> traceStarts = new ArrayList<>(); // index in spans of each trace's root
    while (spans.size() < targetSpans) {
      traceStarts.add(spans.size());
      traceId = rand.hex32();
      Service svc = DemoCatalog.service(DemoCatalog.ROOT_SERVICES.get(rand.weighted(DemoCatalog.ROOT_WEIGHTS)));
      Endpoint ep = rand.pick(svc.endpoints());
      long rootDuration = rand.logNormalNanos(svc.medianMillis() * 1.5, 0.9);
      serve(svc, ep, "", 0, rootDuration);
    }
    long sliceNanos = sliceEnd - sliceStart;
    int traces = traceStarts.size();
    long step = traces == 0 ? 0 : sliceNanos / traces;
    for (int t = 0; t < traces; t++) {
      long rootStart = step > 0 ? sliceStart + step * t + rand.nextLong(step) : sliceStart + rand.nextLong(sliceNanos);
      int end = t + 1 < traces ? traceStarts.get(t + 1) : spans.size();
      for (int i = traceStarts.get(t); i < end; i++) {
        Span s = spans.get(i);
        // Clamp: a trace starting just before the slice end keeps all its rows in this shard.
        s.start = rootStart + Math.min(s.relStart, sliceEnd - 1 - rootStart);
      }
    }
    return spans;
  }

  /** Adds the server span of {@code svc} serving {@code ep} and its subtree; returns true if it failed. */
  private boolean serve(Service svc, Endpoint ep, String parentSpanId, long relStart, long duration) {
    int host = rand.nextInt(DemoCatalog.HOSTS_PER_SERVICE);
    Span server = new Span(traceId, rand.hex16(), parentSpanId, ep.method() + " " + ep.route(), "Server", svc,
        host, DemoCatalog.HTTP_SCOPE, relStart, duration);
    spans.add(server);
    boolean failed = rand.chance(svc.errorRate());
    String message = "";
    String exception = null;
    if (failed) {
      int f = rand.nextInt(OWN_FAILURES.length);
      message = OWN_FAILURES[f];
      exception = OWN_EXCEPTIONS[f];
    }
    int internals = rand.nextInt(3);
    for (int k = 0; k < internals && spans.size() < targetSpans; k++) {
      addInternal(server);
    }
    for (String calleeName : ep.downstream()) {
      if (!rand.chance(0.9) || spans.size() + 2 > targetSpans) {
        continue;
      }
      Service callee = DemoCatalog.service(calleeName);
      if (call(server, callee) && !failed && rand.chance(0.7)) {
        failed = true;
        message = "dependency " + callee.name() + " failed";
        exception = "io.demo.DependencyException";
      }
    }
    String status = failed ? "500" : rand.chance(0.03) ? "404" : "200";
    server.attributes = JsonText.object("http.method", ep.method(), "http.route", ep.route(),
        "http.status_code", status, "net.host.port", "8080");
    if (failed) {
      server.fail(message, exception);
    } else if (rand.chance(0.1)) {
      server.statusCode = "Ok";
    }
    return failed;
  }

  /** Adds a Client span under {@code parent} and the callee's server subtree; returns true if it failed. */
  private boolean call(Span parent, Service callee) {
    Endpoint ep = rand.pick(callee.endpoints());
    long offset = parent.relStart + rand.nextLong(Math.max(1, parent.duration / 2));
    long available = parent.relStart + parent.duration - offset;
    long duration = Math.max(1, Math.min(rand.logNormalNanos(callee.medianMillis(), 0.8), available));
    Span client = new Span(traceId, rand.hex16(), parent.spanId, ep.method() + " " + ep.route(), "Client",
        parent.service, parent.host, DemoCatalog.HTTP_SCOPE, offset, duration);
    spans.add(client);
    long network = Math.min(duration / 10, rand.nextLong(50_000, 500_000));
    boolean failed = serve(callee, ep, client.spanId, offset + network, Math.max(1, duration - 2 * network));
    client.attributes = JsonText.object("http.method", ep.method(),
        "http.url", "http://" + callee.name() + ":8080" + ep.route(),
        "http.status_code", failed ? "500" : "200", "peer.service", callee.name());
    if (failed) {
      client.fail("HTTP 500 from " + callee.name(), null);
    }
    return failed;
  }

  private void addInternal(Span parent) {
    long offset = parent.relStart + rand.nextLong(Math.max(1, parent.duration / 2));
    long available = parent.relStart + parent.duration - offset;
    long duration = Math.max(1, Math.min(rand.logNormalNanos(parent.service.medianMillis() / 4, 0.7), available));
    boolean db = rand.chance(0.6);
    Span s = new Span(traceId, rand.hex16(), parent.spanId, db ? "db.query" : "cache.get", "Internal",
        parent.service, parent.host, "io.demo." + parent.service.name(), offset, duration);
    s.attributes = db
        ? JsonText.object("db.system", "sqlite", "db.statement", "SELECT * FROM items WHERE id = ?",
            "db.rows", Integer.toString(rand.nextInt(50)))
        : JsonText.object("cache.hit", rand.chance(0.8) ? "true" : "false");
    spans.add(s);
  }

  /**
   * Inserts spans into {@code otel_traces} and one {@code otel_traces_trace_id_ts} row per trace.
   *
   * @param c connection inside the shard's write transaction
   * @param spans output of {@link #generate}
   * @throws SQLException if an insert fails
   */
  static void write(Connection c, List<Span> spans) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO otel_traces (Timestamp, TraceId, SpanId,"
        + " ParentSpanId, SpanName, SpanKind, ServiceName, ResourceAttributes, ScopeName, ScopeVersion,"
        + " SpanAttributes, Duration, StatusCode, StatusMessage, Events)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement ids = c.prepareStatement(
            "INSERT INTO otel_traces_trace_id_ts (TraceId, Start, End) VALUES (?, ?, ?)")) {
      String currentTrace = null;
      long min = 0;
      long max = 0;
      for (Span s : spans) {
        ps.setLong(1, s.start);
        ps.setString(2, s.traceId);
        ps.setString(3, s.spanId);
        ps.setString(4, s.parentSpanId);
        ps.setString(5, s.name);
        ps.setString(6, s.kind);
        ps.setString(7, s.service.name());
        ps.setString(8, s.service.resourceAttributes(s.host));
        ps.setString(9, s.scopeName);
        ps.setString(10, DemoCatalog.SCOPE_VERSION);
        ps.setString(11, s.attributes);
        ps.setLong(12, s.duration);
        ps.setString(13, s.statusCode);
        ps.setString(14, s.statusMessage);
        ps.setString(15, s.eventsJson());
        ps.executeUpdate();
        if (!s.traceId.equals(currentTrace)) {
          if (currentTrace != null) {
            insertTraceRange(ids, currentTrace, min, max);
          }
          currentTrace = s.traceId;
          min = s.start;
          max = s.start;
        } else {
          min = Math.min(min, s.start);
          max = Math.max(max, s.start);
        }
      }
      if (currentTrace != null) {
        insertTraceRange(ids, currentTrace, min, max);
      }
    }
  }

  private static void insertTraceRange(PreparedStatement ids, String traceId, long start, long end)
      throws SQLException {
    ids.setString(1, traceId);
    ids.setLong(2, start);
    ids.setLong(3, end);
    ids.executeUpdate();
  }
}
