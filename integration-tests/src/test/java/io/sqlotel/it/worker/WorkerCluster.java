package io.sqlotel.it.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sqlotel.coordinator.DistributedQueryEngine;
import io.sqlotel.coordinator.EngineConfig;
import io.sqlotel.coordinator.QueryStats;
import io.sqlotel.flight.FlightServerConfig;
import io.sqlotel.flight.SqlotelFlightServer;
import io.sqlotel.flight.producer.ProducerOptions;
import io.sqlotel.otlp.OtlpLoader;
import io.sqlotel.planner.catalog.Catalog;
import io.sqlotel.planner.catalog.WorkerCatalog;
import io.sqlotel.shard.client.ShardClient;
import io.sqlotel.shard.client.ShardClientConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.sqlite.SQLiteConfig;

/**
 * The shard worker ({@code shard-worker/}) run locally in workerd through Miniflare, fed with OTLP/JSON files through
 * its {@code /v1/logs}, {@code /v1/traces} and {@code /v1/metrics} (a {@code .jsonl} file one request per line), plus
 * the oracle: the same files loaded by the Java otlp-loader into one SQLite file. sqlotel (engine and Flight SQL
 * server on ephemeral ports) reads its shard list from the worker's {@code GET /catalog}. {@link #shared()} starts
 * one per JVM, stopped when the JVM exits; tests are skipped when npm is not installed.
 */
final class WorkerCluster {
  static final String TOKEN = "it-cluster-s3cret";

  private static WorkerCluster shared;

  private final Process worker;
  private final Path tmp;
  final String workerUrl;
  final Catalog catalog;
  final Path oracleFile;
  private final ShardClient client;
  final DistributedQueryEngine engine;
  final SqlotelFlightServer flight;
  private final List<QueryStats> stats = new CopyOnWriteArrayList<>();

  private WorkerCluster(Process worker, Path tmp, String workerUrl, Catalog catalog, Path oracleFile,
      ShardClient client, DistributedQueryEngine engine, SqlotelFlightServer flight) {
    this.worker = worker;
    this.tmp = tmp;
    this.workerUrl = workerUrl;
    this.catalog = catalog;
    this.oracleFile = oracleFile;
    this.client = client;
    this.engine = engine;
    this.flight = flight;
    engine.addQueryListener(stats::add);
  }

  /** The cluster over {@link WorkerData#files} shared by this JVM's tests, started on first use. */
  static synchronized WorkerCluster shared() throws Exception {
    if (shared == null) {
      Path tmp = Files.createTempDirectory("sqlotel-worker-cluster-");
      shared = start(tmp, WorkerData.files(repo(), tmp));
      WorkerCluster c = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(c::close, "stop-worker-cluster"));
    }
    return shared;
  }

  /** The repository root (the tests run in integration-tests/ or in the root). */
  static Path repo() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("shard-worker")) ? here : here.getParent();
  }

  private static WorkerCluster start(Path tmp, List<Path> files) throws Exception {
    Path workerDir = repo().resolve("shard-worker");
    requireNpm(workerDir);
    Process worker = startWorker(workerDir, TOKEN);
    String url;
    try {
      url = awaitReady(worker);
      ingest(url, files);
    } catch (Exception | AssertionError e) {
      worker.destroyForcibly();
      throw e;
    }
    Path oracleDir = tmp.resolve("oracle");
    new OtlpLoader(oracleDir, Duration.ofDays(100_000), 9000, new PrintStream(OutputStream.nullOutputStream()))
        .load(files);
    Path oracle;
    try (Stream<Path> s = Files.list(oracleDir)) {
      oracle = s.filter(p -> p.toString().endsWith(".sqlite")).findFirst().orElseThrow();
    }
    Catalog catalog = WorkerCatalog.load(URI.create(url), TOKEN);
    ShardClient client = new ShardClient(ShardClientConfig.defaults());
    // a worker has objects only for slices that received data: an hour without one is empty, not missing
    DistributedQueryEngine engine = new DistributedQueryEngine(catalog, client,
        EngineConfig.defaults().withCoverageCheck(false));
    SqlotelFlightServer flight = SqlotelFlightServer.start(engine,
        new FlightServerConfig("127.0.0.1", 0, null, ProducerOptions.defaults()));
    return new WorkerCluster(worker, tmp, url, catalog, oracle, client, engine, flight);
  }

  /** Skips the calling test when npm is missing; runs {@code npm ci} when the worker's dependencies are not installed. */
  static void requireNpm(Path workerDir) throws IOException, InterruptedException {
    Assumptions.assumeTrue(commandWorks(workerDir, "npm", "--version"),
        "SKIPPED: npm is not installed (needed to run the shard worker in workerd)");
    if (!Files.isDirectory(workerDir.resolve("node_modules").resolve("miniflare"))
        || !Files.isDirectory(workerDir.resolve("node_modules").resolve("wrangler"))) {
      run(workerDir, Duration.ofMinutes(4), "npm", "ci", "--no-audit", "--no-fund");
    }
  }

  /**
   * Starts the shard worker in workerd (Miniflare) on an ephemeral loopback port with 1 h slices; its stderr goes to
   * target/worker-stderr.log (never to the test fork's stdout). Wait for it with {@link #awaitReady}.
   */
  static Process startWorker(Path workerDir, String token) throws IOException {
    Files.createDirectories(Path.of("target"));
    ProcessBuilder pb = new ProcessBuilder("node", "scripts/start-local.mjs", "--host", "127.0.0.1", "--port", "0",
        "--token", token, "--slice-width", "1h").directory(workerDir.toFile())
        .redirectError(ProcessBuilder.Redirect.appendTo(new java.io.File("target/worker-stderr.log")));
    pb.environment().put("WRANGLER_SEND_METRICS", "false");
    pb.environment().put("CLOUDFLARE_CF_FETCH_ENABLED", "false");
    return pb.start();
  }

  /** Stops a worker started by {@link #startWorker}: politely, then forcibly after 5 s; never throws. */
  static void stopWorker(Process worker) {
    worker.destroy();
    try {
      if (!worker.waitFor(5, TimeUnit.SECONDS)) {
        worker.destroyForcibly();
        worker.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      worker.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Waits (60 s at most) for the worker's READY line and returns its URL; its further output is discarded. */
  static String awaitReady(Process worker) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
      try {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.startsWith("READY ")) {
            return line.substring(6).trim();
          }
        }
        throw new IllegalStateException("the worker exited before it was ready (see target/worker-stderr.log)");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    String url = ready.get(60, TimeUnit.SECONDS);
    Thread drain = new Thread(() -> {
      try {
        out.transferTo(java.io.Writer.nullWriter());
      } catch (IOException ignored) {
        // the worker stopped
      }
    }, "worker-stdout");
    drain.setDaemon(true);
    drain.start();
    return url;
  }

  /** Posts every file (a .jsonl file line by line) to the endpoint of its signal; each must be taken whole. */
  private static void ingest(String url, List<Path> files) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (Path f : files) {
      List<String> bodies = f.toString().endsWith(".jsonl")
          ? Files.readAllLines(f).stream().filter(l -> !l.isBlank()).toList() : List.of(Files.readString(f));
      for (String body : bodies) {
        String signal = body.contains("\"resourceSpans\"") ? "traces"
            : body.contains("\"resourceMetrics\"") ? "metrics" : "logs";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/" + signal))
            .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), f + ": " + r.body());
        assertFalse(r.body().contains("partialSuccess"), f + ": " + r.body());
      }
    }
  }

  /** A JDBC connection to sqlotel's Flight SQL server. */
  Connection connect() throws Exception {
    return DriverManager.getConnection(flight.jdbcUrl());
  }

  /** A read-only JDBC connection to the oracle file. */
  Connection connectOracle() throws Exception {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    return DriverManager.getConnection("jdbc:sqlite:" + oracleFile.toAbsolutePath(), config.toProperties());
  }

  /** Forgets the statistics of earlier queries. */
  void clearStats() {
    stats.clear();
  }

  /** Waits up to 10 s for the statistics of the query with exactly this SQL text (reported once it is released). */
  QueryStats awaitStats(String sql) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      for (int i = stats.size() - 1; i >= 0; i--) {
        if (stats.get(i).sql().equals(sql)) {
          return stats.get(i);
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no statistics for query: " + sql);
      }
      Thread.sleep(5);
    }
  }

  private void close() {
    try {
      flight.close();
    } catch (Exception ignored) {
      // shutting down
    }
    try {
      engine.close();
      client.close();
    } catch (Exception ignored) {
      // shutting down
    }
    stopWorker(worker);
    try (Stream<Path> s = Files.walk(tmp)) {
      s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort
    }
  }

  private static boolean commandWorks(Path dir, String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      p.getInputStream().transferTo(OutputStream.nullOutputStream());
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static void run(Path dir, Duration timeout, String... cmd) throws IOException, InterruptedException {
    Files.createDirectories(Path.of("target"));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        // never the fork's own stdout: surefire reads it
        .redirectOutput(ProcessBuilder.Redirect.appendTo(new java.io.File("target/worker-npm.log"))).start();
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", cmd) + " did not finish within " + timeout);
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed with exit code " + p.exitValue()
          + " (see target/worker-npm.log)");
    }
  }

  /** The shard SQL of a finished query's requests. */
  static List<String> shardSql(QueryStats s) {
    List<String> sql = new ArrayList<>();
    s.requests().forEach(r -> sql.add(r.sql()));
    return sql;
  }
}
