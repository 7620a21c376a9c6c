package io.sqlotel.it.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.coordinator.DistributedQueryEngine;
import io.sqlotel.coordinator.EngineConfig;
import io.sqlotel.flight.FlightServerConfig;
import io.sqlotel.flight.SqlotelFlightServer;
import io.sqlotel.flight.producer.ProducerOptions;
import io.sqlotel.otlp.OtlpLoader;
import io.sqlotel.planner.catalog.Catalog;
import io.sqlotel.planner.catalog.WorkerCatalog;
import io.sqlotel.shard.client.ShardClient;
import io.sqlotel.shard.client.ShardClientConfig;
import io.sqlotel.shard.meta.ShardDescriptor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConfig;

/**
 * The Cloudflare shard worker ({@code shard-worker/}) run locally in workerd through Miniflare: OTLP/JSON files are
 * ingested through its {@code /v1/logs} and {@code /v1/traces}, the catalog comes from its {@code GET /catalog}
 * ({@link WorkerCatalog}), and queries sent through the Flight SQL JDBC driver must equal an oracle: the same files
 * loaded by the Java otlp-loader into one SQLite file, queried directly. Nanosecond timestamps must be exact.
 */
class WorkerShardIT {
  private static final String TOKEN = "it-s3cret";

  private static Process worker;
  private static Path tmp;
  private static String workerUrl;
  private static Catalog catalog;
  private static ShardClient client;
  private static DistributedQueryEngine engine;
  private static SqlotelFlightServer flight;
  private static Path oracle;

  @BeforeAll
  static void start() throws Exception {
    Path repo = Path.of("").toAbsolutePath().getParent();
    Path workerDir = repo.resolve("shard-worker");
    if (!Files.isDirectory(workerDir)) { // run from the repository root
      repo = Path.of("").toAbsolutePath();
      workerDir = repo.resolve("shard-worker");
    }
    WorkerCluster.requireNpm(workerDir); // skips without npm; npm ci when needed
    tmp = Files.createTempDirectory("sqlotel-worker-it-");
    List<Path> files = inputFiles(repo);

    worker = WorkerCluster.startWorker(workerDir, TOKEN);
    workerUrl = WorkerCluster.awaitReady(worker);

    HttpClient http = HttpClient.newHttpClient();
    for (Path f : files) {
      String body = Files.readString(f);
      String signal = body.contains("\"resourceSpans\"") ? "traces" : "logs";
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(workerUrl + "/v1/" + signal))
          .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), f + ": " + r.body());
      assertFalse(r.body().contains("partialSuccess"), f + ": " + r.body());
    }

    // the oracle: the same files through the Java loader, one slice wide enough for everything
    Path oracleDir = tmp.resolve("oracle");
    new OtlpLoader(oracleDir, Duration.ofDays(100_000), 9000, new PrintStream(OutputStream.nullOutputStream()))
        .load(files);
    try (Stream<Path> s = Files.list(oracleDir)) {
      oracle = s.filter(p -> p.toString().endsWith(".sqlite")).findFirst().orElseThrow();
    }

    catalog = WorkerCatalog.load(URI.create(workerUrl), TOKEN);
    client = new ShardClient(ShardClientConfig.defaults());
    // a worker has objects only for slices that received data: an hour without one is empty, not missing
    engine = new DistributedQueryEngine(catalog, client, EngineConfig.defaults().withCoverageCheck(false));
    flight = SqlotelFlightServer.start(engine, new FlightServerConfig("127.0.0.1", 0, null, ProducerOptions.defaults()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (flight != null) {
      flight.close();
    }
    if (engine != null) {
      engine.close();
    }
    if (client != null) {
      client.close();
    }
    if (worker != null) {
      WorkerCluster.stopWorker(worker);
    }
    if (tmp != null) {
      try (Stream<Path> s = Files.walk(tmp)) {
        s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void catalogListsHourlySlicesAsInt64AsTextShards() {
    // the generated file spans three hours of 2026-01-01, the shared samples one hour of 2018-12-13
    assertEquals(4, catalog.shards().size(), catalog.shards().toString());
    for (ShardDescriptor d : catalog.shards()) {
      assertTrue(d.int64AsText());
      assertEquals(3_600_000_000_000L, d.range().endNanos() - d.range().startNanos());
      assertEquals(0, d.range().startNanos() % 3_600_000_000_000L);
      assertEquals(TOKEN, d.bearerToken());
    }
  }

  @Test
  void counts() throws Exception {
    assertSame("SELECT COUNT(*) FROM otel_logs", "SELECT COUNT(*) FROM otel_logs");
    assertSame("SELECT COUNT(*) FROM otel_traces", "SELECT COUNT(*) FROM otel_traces");
  }

  @Test
  void groupByAggregates() throws Exception {
    assertSame("SELECT ServiceName, COUNT(*) AS n, SUM(Duration) AS d, MIN(\"Timestamp\") AS lo,"
            + " MAX(\"Timestamp\") AS hi FROM otel_traces GROUP BY ServiceName ORDER BY ServiceName",
        "SELECT ServiceName, COUNT(*) AS n, SUM(Duration) AS d, MIN(Timestamp) AS lo, MAX(Timestamp) AS hi"
            + " FROM otel_traces GROUP BY ServiceName ORDER BY ServiceName");
    assertSame("SELECT SeverityText, COUNT(*) AS n, MAX(\"Timestamp\") AS hi FROM otel_logs"
            + " GROUP BY SeverityText ORDER BY SeverityText",
        "SELECT SeverityText, COUNT(*) AS n, MAX(Timestamp) AS hi FROM otel_logs GROUP BY SeverityText"
            + " ORDER BY SeverityText");
  }

  @Test
  void rawTimestampsAndTraceIdsAreExact() throws Exception {
    assertSame("SELECT \"Timestamp\", TraceId FROM otel_logs ORDER BY \"Timestamp\", TraceId, SpanId",
        "SELECT Timestamp, TraceId FROM otel_logs ORDER BY Timestamp, TraceId, SpanId");
    assertSame("SELECT \"Timestamp\", TraceId, SpanId, Duration FROM otel_traces ORDER BY \"Timestamp\", SpanId",
        "SELECT Timestamp, TraceId, SpanId, Duration FROM otel_traces ORDER BY Timestamp, SpanId");
  }

  @Test
  void timeFilterAndEveryColumnMatchTheJavaLoader() throws Exception {
    assertSame("SELECT * FROM otel_logs WHERE \"Timestamp\" >= TIMESTAMP '2026-01-01 01:00:00.000000001'"
            + " ORDER BY \"Timestamp\", SpanId",
        "SELECT * FROM otel_logs WHERE Timestamp >= 1767229200000000001 ORDER BY Timestamp, SpanId");
    assertSame("SELECT * FROM otel_traces ORDER BY \"Timestamp\", SpanId",
        "SELECT * FROM otel_traces ORDER BY Timestamp, SpanId");
  }

  /** Runs {@code sql} through sqlotel (JDBC) and {@code oracleSql} on the oracle file; the rows must be equal. */
  private static void assertSame(String sql, String oracleSql) throws Exception {
    List<List<Object>> actual;
    java.util.Set<Integer> maps = new java.util.HashSet<>();
    try (Connection c = DriverManager.getConnection(flight.jdbcUrl()); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        if (rs.getMetaData().getColumnType(i) == Types.JAVA_OBJECT) {
          maps.add(i); // an attribute map: compared as a map, not as JSON text
        }
      }
      actual = rows(rs, true, maps);
    }
    List<List<Object>> expected;
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + oracle.toAbsolutePath(), config.toProperties());
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery(oracleSql)) {
      expected = rows(rs, false, maps);
    }
    assertFalse(expected.isEmpty(), "the oracle has no rows for " + oracleSql);
    assertEquals(expected, actual, sql);
  }

  private static List<List<Object>> rows(ResultSet rs, boolean sqlotel, java.util.Set<Integer> maps)
      throws Exception {
    ResultSetMetaData md = rs.getMetaData();
    List<List<Object>> rows = new ArrayList<>();
    while (rs.next()) {
      List<Object> row = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        Object v;
        if (maps.contains(i)) {
          v = sqlotel ? io.sqlotel.it.Oracle.sqlotelMap(rs.getObject(i))
              : rs.getString(i) == null ? null : io.sqlotel.it.Oracle.jsonMap(rs.getString(i));
        } else if (sqlotel) {
          // typed getters: getObject fails on some integer vectors with the 18.3 driver (AbstractMethodError)
          switch (md.getColumnType(i)) {
            case Types.TIMESTAMP -> {
              LocalDateTime t = rs.getObject(i, LocalDateTime.class);
              v = t == null ? null : t.toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L + t.getNano();
            }
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> {
              long l = rs.getLong(i);
              v = rs.wasNull() ? null : (Object) l;
            }
            default -> v = rs.getString(i);
          }
        } else {
          Object o = rs.getObject(i);
          v = o instanceof Number n ? (Object) n.longValue() : o == null ? null : o.toString();
        }
        row.add(v);
      }
      rows.add(row);
    }
    return rows;
  }

  /** The shared OTLP samples plus a generated file over three hours with odd nanoseconds. */
  private static List<Path> inputFiles(Path repo) throws IOException {
    Path shared = repo.resolve(Path.of("..", "shared")).normalize();
    if (!Files.isDirectory(shared.resolve("data"))) {
      shared = Path.of("/work/shared");
    }
    Path examples = shared.resolve("data").resolve("opentelemetry-proto-examples");
    List<Path> files = new ArrayList<>(List.of(examples.resolve("logs.json"), examples.resolve("trace.json"),
        examples.resolve("events.json")));
    Path generated = tmp.resolve("generated-logs.json");
    Files.writeString(generated, generatedLogs());
    files.add(generated);
    Path spans = tmp.resolve("generated-traces.json");
    Files.writeString(spans, generatedTraces());
    files.add(spans);
    return files;
  }

  /** 2026-01-01T00:00:00Z in nanoseconds. */
  private static final long T0 = 1_767_225_600_000_000_000L;
  private static final String[] SERVICES = {"cart", "checkout", "frontend"};

  private static String resource(String service) {
    return "{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"" + service
        + "\"}},{\"key\":\"host.id\",\"value\":{\"intValue\":\"9007199254740993\"}}]},";
  }

  private static String generatedLogs() {
    StringBuilder sb = new StringBuilder("{\"resourceLogs\":[");
    for (int s = 0; s < SERVICES.length; s++) {
      sb.append(s == 0 ? "" : ",").append(resource(SERVICES[s]))
          .append("\"scopeLogs\":[{\"scope\":{\"name\":\"gen\",\"version\":\"1\"},\"logRecords\":[");
      for (int i = 0; i < 40; i++) {
        long ts = T0 + i * 271_000_000_001L + s * 7 + 123_456_789L; // up to ~3 h, odd nanoseconds
        // every third record writes its time as a JSON number (beyond 2^53: must not go through a double)
        String time = i % 3 == 0 ? Long.toString(ts) : "\"" + ts + "\"";
        sb.append(i == 0 ? "" : ",").append("{\"timeUnixNano\":").append(time)
            .append(",\"severityNumber\":").append(i % 2 == 0 ? 9 : 17)
            .append(",\"severityText\":\"").append(i % 2 == 0 ? "INFO" : "ERROR").append('"')
            .append(",\"traceId\":\"").append(String.format("%032x", (long) s * 1000 + i)).append('"')
            .append(",\"spanId\":\"").append(String.format("%016x", (long) s * 1000 + i + 1)).append('"')
            .append(",\"body\":{\"stringValue\":\"message ").append(i).append(" ü\"}")
            .append(",\"attributes\":[{\"key\":\"n\",\"value\":{\"doubleValue\":").append(i * 0.1)
            .append("}},{\"key\":\"ok\",\"value\":{\"boolValue\":").append(i % 2 == 0).append("}}]}");
      }
      sb.append("]}]}");
    }
    return sb.append("]}").toString();
  }

  private static String generatedTraces() {
    StringBuilder sb = new StringBuilder("{\"resourceSpans\":[");
    for (int s = 0; s < SERVICES.length; s++) {
      sb.append(s == 0 ? "" : ",").append(resource(SERVICES[s]))
          .append("\"scopeSpans\":[{\"scope\":{\"name\":\"gen\"},\"spans\":[");
      for (int i = 0; i < 30; i++) {
        long start = T0 + i * 350_000_000_003L + s * 11 + 1;
        long end = start + 1_000_003L * (i + 1) * (s + 1);
        sb.append(i == 0 ? "" : ",").append("{\"traceId\":\"").append(String.format("%032X", 77L * s + i))
            .append("\",\"spanId\":\"").append(String.format("%016x", 1000L * s + i + 5)).append('"')
            .append(",\"name\":\"op").append(i % 4).append('"').append(",\"kind\":").append(1 + i % 5)
            .append(",\"startTimeUnixNano\":\"").append(start).append("\",\"endTimeUnixNano\":\"").append(end)
            .append("\",\"status\":{\"code\":").append(i % 7 == 0 ? 2 : 0).append("}")
            .append(",\"events\":[{\"timeUnixNano\":\"").append(start + 5).append("\",\"name\":\"ev\"}]}");
      }
      sb.append("]}]}");
    }
    return sb.append("]}").toString();
  }
}
