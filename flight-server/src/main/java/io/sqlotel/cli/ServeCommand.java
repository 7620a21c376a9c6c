package io.sqlotel.cli;

import io.sqlotel.coordinator.EngineConfig;
import io.sqlotel.coordinator.QueryEngine;
import io.sqlotel.flight.FlightServerConfig;
import io.sqlotel.flight.SqlotelFlightServer;
import io.sqlotel.flight.producer.ProducerOptions;
import io.sqlotel.planner.catalog.Catalog;
import io.sqlotel.planner.catalog.CatalogLoader;
import io.sqlotel.planner.catalog.OtelTables;
import io.sqlotel.shard.client.ShardClient;
import io.sqlotel.shard.client.RetryPolicy;
import io.sqlotel.shard.client.ShardClientConfig;
import io.sqlotel.shard.demo.DemoDataGenerator;
import io.sqlotel.shard.demo.DemoSpec;
import io.sqlotel.shard.demo.GeneratedShard;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sqlotel serve}: runs the Flight SQL server over the demo data ({@code --demo}) or over the shards of a
 * catalog file ({@code --catalog FILE}) until the process is stopped.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
        "Serve SQL over Arrow Flight SQL until stopped.",
        "--demo generates deterministic OpenTelemetry demo data (hourly shards, the last one ending at the current"
            + " hour), starts one reference shard server per shard on loopback and serves them;"
            + " --catalog serves the shards of a YAML catalog file."})
public final class ServeCommand implements Callable<Integer>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  /** A query that finds data in the demo (the last hour of spans, per service). */
  static final String EXAMPLE_QUERY = "SELECT ServiceName, COUNT(*) AS spans, AVG(Duration) / 1e6 AS avg_ms"
      + " FROM otel_traces WHERE \"Timestamp\" >= CURRENT_TIMESTAMP - INTERVAL '1' HOUR"
      + " GROUP BY ServiceName ORDER BY spans DESC";

  /** Hourly demo shards unless {@code --shards} says otherwise: one day. */
  static final int DEFAULT_SHARDS = 24;

  @Spec
  CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  /** Where the data comes from: exactly one of the two. */
  static final class Source {
    @Option(names = "--demo", required = true, description = "Generate and serve the demo data.")
    boolean demo;

    @Option(names = "--catalog", required = true, paramLabel = "FILE",
        description = "Serve the shards of this YAML catalog.")
    Path catalog;
  }

  @Option(names = "--port", defaultValue = "" + FlightServerConfig.DEFAULT_PORT, paramLabel = "N",
      description = "Flight SQL port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--host", defaultValue = FlightServerConfig.DEFAULT_HOST, paramLabel = "HOST",
      description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--no-pushdown", description = "Pull filtered raw rows and aggregate, sort and limit in the "
      + "coordinator (what a naive federation does); for comparisons only.")
  private boolean noPushdown;

  @Option(names = "--partial-results", description = "By default, answer queries from the shards that responded when"
      + " others are down, too slow or send bad answers; the result's metadata (sqlotel.failed_shards) and the query"
      + " log list the failed shards. Clients choose per connection with sqlotel.partial_results=true|false.")
  boolean partialResults;

  @Option(names = "--allow-gaps", description = "Run queries whose time range includes a gap of the catalog (a time no"
      + " shard covers) instead of failing them; their results lack that time.")
  boolean allowGaps;

  @Option(names = "--query-timeout", defaultValue = "300", paramLabel = "SECONDS",
      description = "Longest time a query may wait for its shards (default: ${DEFAULT-VALUE}); clients may ask for"
          + " less (sqlotel.query_timeout_ms, or a gRPC deadline).")
  long queryTimeoutSeconds;

  @Option(names = "--shard-timeout", defaultValue = "60", paramLabel = "SECONDS",
      description = "Longest single wait for a shard: for its first byte, and between two reads of its answer"
          + " (default: ${DEFAULT-VALUE}).")
  long shardTimeoutSeconds;

  @Option(names = "--shard-retries", defaultValue = "2", paramLabel = "N",
      description = "Times a shard request that failed before any row arrived (connection refused or reset, HTTP"
          + " 502/503/504) is sent again, with exponential backoff (default: ${DEFAULT-VALUE}; 0 never).")
  int shardRetries;

  @Option(names = "--query-memory-limit", defaultValue = "1024", paramLabel = "MIB",
      description = "Arrow memory one query may use, MiB (default: ${DEFAULT-VALUE}); beyond it the query fails with"
          + " RESOURCE_EXHAUSTED.")
  long queryMemoryMib;

  @Option(names = "--memory-limit", paramLabel = "MIB",
      description = "Arrow memory all queries together may use, MiB (default: three quarters of the maximum heap).")
  Long memoryMib;

  @Option(names = "--token", paramLabel = "T",
      description = "Require this bearer token from clients (JDBC: add &token=T to the URL).")
  String token;

  @Option(names = "--users", paramLabel = "FILE",
      description = "Let clients log in with a user name and password (JDBC: user=U&password=P) listed in FILE, one"
          + " user:salt:sha256hex(salt+password) per line; --token keeps working alongside.")
  Path usersFile;

  @Option(names = "--tls-cert", paramLabel = "FILE",
      description = "Serve TLS with this PEM certificate chain (needs --tls-key; JDBC: useEncryption=true).")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE",
      description = "The PEM (PKCS#8) private key of --tls-cert.")
  Path tlsKey;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "With --demo: write the shard files here (default: a temporary directory deleted on exit).")
  Path dataDir;

  @Option(names = "--shards", paramLabel = "N",
      description = "With --demo: number of hourly shards (default: " + DEFAULT_SHARDS + ").")
  Integer shards;

  @Option(names = "--catalog-refresh", defaultValue = "60", paramLabel = "SECONDS",
      description = "With a catalog that has a shard worker (worker: {url, token_env}): read the worker's GET /catalog"
          + " again every SECONDS so new time slices become queryable (default: ${DEFAULT-VALUE}; 0 never; the Flight"
          + " action refresh_catalog refreshes at any time).")
  long catalogRefreshSeconds;

  @Option(names = "--max-endpoints", defaultValue = "" + ProducerOptions.DEFAULT_MAX_ENDPOINTS, paramLabel = "N",
      description = "Most endpoints of a query whose rows may arrive in any order (a scan, filter or projection of one"
          + " table, no aggregate, ORDER BY, LIMIT or join) over several shards: each endpoint is a group of shards that"
          + " clients may fetch in parallel (default: ${DEFAULT-VALUE}; 1 never splits).")
  int maxEndpoints;

  @Option(names = "--replica", paramLabel = "URI",
      description = "Location of a server replica (grpc+tcp://host:port or grpc+tls://host:port), repeatable: split"
          + " endpoints list every replica so clients spread their fetches (default: none, clients fetch from the"
          + " server they asked). List this server too if it should serve parts.")
  List<java.net.URI> replicas = new java.util.ArrayList<>();

  /** Looks up environment variables (the worker's {@code token_env}); replaced by tests. */
  java.util.function.Function<String, String> env = System::getenv;

  /** Resources to close at shutdown, most recent first. */
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  /** Starts everything, prints how to connect, and blocks until the JVM shuts down. */
  @Override
  public Integer call() throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      close();
      stopped.countDown();
    }, "sqlotel-serve-shutdown"));
    start();
    stopped.await();
    return 0;
  }

  /**
   * Starts the shards (demo), the engine and the Flight SQL server, and prints how to connect; {@link #close()}
   * stops them.
   *
   * @return the running Flight SQL server
   * @throws ParameterException for inconsistent options
   * @throws Exception if something cannot start (what started is stopped again)
   */
  public SqlotelFlightServer start() throws Exception {
    validate();
    io.sqlotel.flight.BasicUsers users = usersFile == null ? null : loadUsers();
    PrintWriter out = spec.commandLine().getOut();
    try {
      ShardClientConfig defaults = ShardClientConfig.defaults();
      ShardClient client = new ShardClient(new ShardClientConfig(defaults.maxConcurrentRequests(),
          defaults.connectTimeout(), Duration.ofSeconds(shardTimeoutSeconds), defaults.batchRows()));
      resources.push(client);
      com.fasterxml.jackson.databind.JsonNode catalogTree = source.demo ? null : CatalogLoader.readTree(source.catalog);
      Catalog catalog = source.demo ? demoCatalog(out) : CatalogLoader.parse(catalogTree, client::queryRows, env);
      RetryPolicy retry = RetryPolicy.defaults();
      EngineConfig engineConfig = EngineConfig.defaults()
          .withPushdown(!noPushdown)
          .withPartialResults(partialResults)
          .withCoverageCheck(!allowGaps)
          .withQueryTimeout(Duration.ofSeconds(queryTimeoutSeconds))
          .withRetry(shardRetries == 0 ? RetryPolicy.NONE : new RetryPolicy(shardRetries,
              Math.max(retry.maxRetriesPerQuery(), shardRetries), retry.initialBackoff(), retry.maxBackoff()));
      QueryEngine engine = EngineFactory.create(catalog, client, engineConfig);
      resources.push(engine);
      if (catalogTree != null && CatalogLoader.hasWorker(catalogTree)
          && engine instanceof io.sqlotel.coordinator.DistributedQueryEngine distributed) {
        startCatalogRefresh(distributed, catalogTree);
      }
      ProducerOptions limits = ProducerOptions.defaults().withQueryMemoryLimitBytes(queryMemoryMib << 20);
      if (memoryMib != null) {
        limits = limits.withGlobalMemoryLimitBytes(memoryMib << 20);
      }
      limits = limits.withMaxEndpoints(maxEndpoints).withReplicas(replicas);
      FlightServerConfig config = new FlightServerConfig(host, port, token, limits).withTls(tlsCert, tlsKey)
          .withUsers(users);
      SqlotelFlightServer server = SqlotelFlightServer.start(engine, config);
      resources.push(server);
      out.println();
      out.println("sqlotel is serving " + catalog.shards().size() + " shard(s) on " + server.location().getUri());
      out.println("JDBC URL:  " + server.jdbcUrl() + (token == null ? "" : "&token=<token>")
          + (usersFile == null ? "" : (token == null ? "" : " or") + "&user=<user>&password=<password>"));
      out.println("Example:   " + EXAMPLE_QUERY);
      out.println("Stop with Ctrl-C.");
      out.flush();
      return server;
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  /** Stops what {@link #start()} started, most recent first (server, engine, shard client, shards, demo files). */
  @Override
  public synchronized void close() {
    while (!resources.isEmpty()) {
      AutoCloseable r = resources.pop();
      try {
        r.close();
      } catch (Exception e) {
        LOG.warn("error while stopping: {}", e.toString());
      }
    }
  }

  /**
   * Makes the engine's catalog refreshable from the worker (the Flight action {@code refresh_catalog}) and, unless
   * {@code --catalog-refresh 0}, refreshes it periodically; a failed refresh is logged and the old catalog stays.
   */
  private void startCatalogRefresh(io.sqlotel.coordinator.DistributedQueryEngine engine,
      com.fasterxml.jackson.databind.JsonNode catalogTree) {
    engine.setCatalogSource(() -> CatalogLoader.refresh(engine.catalog(), catalogTree, env));
    if (catalogRefreshSeconds <= 0) {
      return;
    }
    java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, "sqlotel-catalog-refresh");
          t.setDaemon(true);
          return t;
        });
    timer.scheduleWithFixedDelay(() -> {
      try {
        engine.refreshCatalog();
      } catch (Exception | Error e) {
        LOG.warn("catalog refresh failed, the previous catalog stays: {}", e.toString());
      }
    }, catalogRefreshSeconds, catalogRefreshSeconds, java.util.concurrent.TimeUnit.SECONDS);
    resources.push(timer::shutdownNow);
  }

  private void validate() {
    if (!source.demo && (dataDir != null || shards != null)) {
      throw new ParameterException(spec.commandLine(), "--data-dir and --shards only apply to --demo");
    }
    if (source.demo && shards != null && shards < 1) {
      throw new ParameterException(spec.commandLine(), "--shards must be at least 1");
    }
    if (queryTimeoutSeconds < 1 || shardTimeoutSeconds < 1 || shardRetries < 0 || queryMemoryMib < 1
        || (memoryMib != null && memoryMib < 1)) {
      throw new ParameterException(spec.commandLine(), "--query-timeout, --shard-timeout, --query-memory-limit and"
          + " --memory-limit must be at least 1, --shard-retries at least 0");
    }
    if (catalogRefreshSeconds < 0) {
      throw new ParameterException(spec.commandLine(), "--catalog-refresh must be at least 0");
    }
    if (maxEndpoints < 1) {
      throw new ParameterException(spec.commandLine(), "--max-endpoints must be at least 1");
    }
    for (java.net.URI r : replicas) {
      String scheme = r.getScheme() == null ? "" : r.getScheme();
      if (!List.of("grpc", "grpc+tcp", "grpc+tls").contains(scheme) || r.getHost() == null || r.getPort() < 0) {
        throw new ParameterException(spec.commandLine(),
            "--replica must be grpc+tcp://host:port or grpc+tls://host:port, got " + r);
      }
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new ParameterException(spec.commandLine(), "--tls-cert and --tls-key go together");
    }
    for (Path f : new Path[] {tlsCert, tlsKey, usersFile}) {
      if (f != null && !Files.isRegularFile(f)) {
        throw new ParameterException(spec.commandLine(), "no such file: " + f);
      }
    }
    if (source.catalog != null && !Files.isRegularFile(source.catalog)) {
      throw new ParameterException(spec.commandLine(), "no such catalog file: " + source.catalog);
    }
  }

  private io.sqlotel.flight.BasicUsers loadUsers() throws IOException {
    try {
      return io.sqlotel.flight.BasicUsers.load(usersFile);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--users: " + e.getMessage());
    }
  }

  private Catalog demoCatalog(PrintWriter out) throws IOException, java.sql.SQLException {
    Path dir = dataDir;
    if (dir == null) {
      Path temp = Files.createTempDirectory("sqlotel-demo-");
      // Pushed before the shard servers, so it is deleted after they stop.
      resources.push(() -> deleteRecursively(temp));
      dir = temp;
    } else {
      Files.createDirectories(dir);
    }
    int count = shards == null ? DEFAULT_SHARDS : shards;
    DemoSpec demo = DemoWindow.spec(count, Instant.now());
    out.println("Generating " + count + " hourly demo shard(s) from " + instantOf(demo.startNanos()) + " to "
        + instantOf(demo.endNanos()) + " in " + dir + " ...");
    out.flush();
    List<GeneratedShard> generated = DemoDataGenerator.generate(dir, demo);
    ShardCluster cluster = ShardCluster.start(generated);
    resources.push(cluster);
    return Catalog.of(cluster.descriptors(), OtelTables.definitions());
  }

  private static Instant instantOf(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
