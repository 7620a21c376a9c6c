package io.sqlotel.it;

import static java.util.Objects.requireNonNull;

import io.sqlotel.coordinator.DistributedQueryEngine;
import io.sqlotel.coordinator.EngineConfig;
import io.sqlotel.coordinator.QueryStats;
import io.sqlotel.flight.FlightServerConfig;
import io.sqlotel.flight.SqlotelFlightServer;
import io.sqlotel.flight.producer.ProducerOptions;
import io.sqlotel.planner.catalog.Catalog;
import io.sqlotel.planner.catalog.OtelTables;
import io.sqlotel.planner.catalog.TableDef;
import io.sqlotel.shard.client.ShardClient;
import io.sqlotel.shard.client.ShardClientConfig;
import io.sqlotel.shard.demo.DemoDataGenerator;
import io.sqlotel.shard.demo.DemoSpec;
import io.sqlotel.shard.demo.GeneratedShard;
import io.sqlotel.shard.demo.ShardFiles;
import io.sqlotel.shard.meta.ShardDescriptor;
import io.sqlotel.shard.meta.TimeRange;
import io.sqlotel.shard.server.ShardServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.sqlite.SQLiteConfig;

/**
 * A whole sqlotel deployment on loopback: deterministic demo data split into {@code N} SQLite shards (plus the
 * {@code edge_values} table), one real {@link ShardServer} per shard, the real {@link DistributedQueryEngine}, the
 * real Flight SQL server on an ephemeral port, and the unsharded oracle database holding the union of all shards.
 *
 * <p>All clusters cover the same day, {@link #T0} to {@code T0 + 24h}, whatever their shard count: the 1-shard
 * cluster has one 24-hour slice, the 2-shard cluster two 12-hour slices, the 24-shard cluster hourly slices with
 * shards {@link #EMPTY_OF_24} empty. The day holds about 3000 spans, 3000 log records and 960 metric points (fewer
 * with empty shards) plus the {@link EdgeValues} rows, so a cluster starts in one to three seconds. Use
 * {@link #shared(int)} to reuse one cluster per shard count within a JVM.
 */
public final class ShardedCluster implements AutoCloseable {
  /** One hour in nanoseconds. */
  public static final long HOUR = DemoSpec.HOUR_NANOS;
  /** Start of the data: 2026-01-01T00:00:00Z in nanoseconds since the epoch. */
  public static final long T0 = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
  /** End of the data (exclusive). */
  public static final long END = T0 + 24 * HOUR;
  /** Seed of the demo data. */
  public static final long SEED = 424_242L;
  /** The empty shards (hours) of the 24-shard cluster. */
  public static final Set<Integer> EMPTY_OF_24 = Set.of(3, 11, 19);

  /** Spans, logs and metric points over the whole day (before removing empty shards). */
  private static final int SPANS = 3_000;
  private static final int LOGS = 3_000;
  private static final int METRIC_POINTS = 960;

  private static final Map<String, ShardedCluster> SHARED = new HashMap<>();

  private final int shardCount;
  private final Path dir;
  private final Path oracleFile;
  private final List<GeneratedShard> generated;
  private final List<ShardServer> servers;
  private final ShardClient client;
  private final DistributedQueryEngine engine;
  private final SqlotelFlightServer flight;
  private final List<QueryStats> stats = new CopyOnWriteArrayList<>();

  private ShardedCluster(int shardCount, Path dir, Path oracleFile, List<GeneratedShard> generated,
      List<ShardServer> servers, ShardClient client, DistributedQueryEngine engine, SqlotelFlightServer flight) {
    this.shardCount = shardCount;
    this.dir = dir;
    this.oracleFile = oracleFile;
    this.generated = generated;
    this.servers = servers;
    this.client = client;
    this.engine = engine;
    this.flight = flight;
    engine.addQueryListener(stats::add);
  }

  /**
   * Returns the cluster with {@code shardCount} shards shared by every test of this JVM, starting it on first use;
   * it is closed (and its files deleted) when the JVM exits.
   *
   * @param shardCount 1, 2 or 24 (any count that divides 24 works)
   * @return the running cluster; tests must not close it
   */
  public static ShardedCluster shared(int shardCount) {
    return shared(shardCount, false);
  }

  /**
   * Like {@link #shared(int)}, optionally with shard servers that send INTEGER values as JSON strings (as a
   * JavaScript shard does; {@code ShardDescriptor.int64AsText}).
   *
   * @param shardCount the number of shards
   * @param int64AsText true for shards that send integers as strings
   * @return the running cluster; tests must not close it
   */
  public static synchronized ShardedCluster shared(int shardCount, boolean int64AsText) {
    String key = shardCount + (int64AsText ? "-text" : "");
    ShardedCluster c = SHARED.get(key);
    if (c == null) {
      try {
        Path dir = Files.createTempDirectory("sqlotel-it-" + key + "-");
        c = start(dir, shardCount, int64AsText);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot generate the shards", e);
      }
      SHARED.put(key, c);
      ShardedCluster started = c;
      Runtime.getRuntime().addShutdownHook(new Thread(started::closeQuietly, "close-cluster-" + key));
    }
    return c;
  }

  /**
   * Generates the data into {@code dir} and starts a cluster the caller owns and must close.
   *
   * @param dir an empty directory for the shard files and the oracle; deleted by {@link #close()}
   * @param shardCount the number of shards; must divide 24
   * @return the running cluster
   * @throws IOException if files cannot be written or a server cannot bind
   * @throws SQLException if SQLite fails while writing the data
   */
  public static ShardedCluster start(Path dir, int shardCount) throws IOException, SQLException {
    return start(dir, shardCount, false);
  }

  /**
   * Like {@link #start(Path, int)}, optionally with shard servers that send INTEGER values as JSON strings.
   *
   * @param dir an empty directory for the shard files and the oracle; deleted by {@link #close()}
   * @param shardCount the number of shards; must divide 24
   * @param int64AsText true for shards that send integers as strings
   * @return the running cluster
   * @throws IOException if files cannot be written or a server cannot bind
   * @throws SQLException if SQLite fails while writing the data
   */
  public static ShardedCluster start(Path dir, int shardCount, boolean int64AsText) throws IOException, SQLException {
    requireNonNull(dir, "dir is null");
    if (shardCount < 1 || 24 % shardCount != 0) {
      throw new IllegalArgumentException("shardCount must divide 24: " + shardCount);
    }
    long t0 = System.nanoTime();
    DemoSpec spec = new DemoSpec(T0, shardCount, 24 * HOUR / shardCount, SPANS / shardCount, LOGS / shardCount,
        METRIC_POINTS / shardCount, SEED, shardCount == 24 ? EMPTY_OF_24 : Set.of());
    List<GeneratedShard> generated = DemoDataGenerator.generate(dir.resolve("shards"), spec);
    List<Path> files = new ArrayList<>();
    for (GeneratedShard g : generated) {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + g.file().toAbsolutePath())) {
        EdgeValues.write(c, g.startNanos(), g.endNanos());
      }
      files.add(g.file());
    }
    Path oracle = dir.resolve("oracle.sqlite");
    ShardFiles.mergeInto(oracle, files);
    copyEdgeValues(oracle, files);

    List<ShardServer> servers = new ArrayList<>();
    ShardClient client = null;
    try {
      List<ShardDescriptor> descriptors = new ArrayList<>();
      for (GeneratedShard g : generated) {
        ShardServer s = ShardServer.start(g.file(), "127.0.0.1", 0, null, int64AsText);
        servers.add(s);
        descriptors.add(new ShardDescriptor(g.id(), s.baseUri(), new TimeRange(g.startNanos(), g.endNanos()), null,
            int64AsText));
      }
      List<TableDef> tables = new ArrayList<>(OtelTables.definitions());
      tables.add(EdgeValues.tableDef());
      client = new ShardClient(ShardClientConfig.defaults());
      DistributedQueryEngine engine = new DistributedQueryEngine(Catalog.of(descriptors, tables), client,
          EngineConfig.defaults());
      SqlotelFlightServer flight = SqlotelFlightServer.start(engine,
          new FlightServerConfig("127.0.0.1", 0, null, ProducerOptions.defaults()));
      ShardedCluster cluster = new ShardedCluster(shardCount, dir, oracle, generated, List.copyOf(servers), client,
          engine, flight);
      System.out.printf("ShardedCluster: %d shards%s generated and started in %d ms%n", shardCount,
          int64AsText ? " (integers sent as text)" : "", (System.nanoTime() - t0) / 1_000_000);
      return cluster;
    } catch (RuntimeException | Error e) {
      if (client != null) {
        client.close();
      }
      servers.forEach(ShardServer::close);
      throw e;
    }
  }

  /** Appends every shard's {@code edge_values} rows to the oracle ({@link ShardFiles#mergeInto} copies OTel tables). */
  private static void copyEdgeValues(Path oracle, List<Path> shardFiles) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + oracle.toAbsolutePath());
        Statement s = c.createStatement()) {
      s.executeUpdate(EdgeValues.DDL);
      for (Path shard : shardFiles) {
        try (PreparedStatement attach = c.prepareStatement("ATTACH DATABASE ? AS src")) {
          attach.setString(1, shard.toAbsolutePath().toString());
          attach.execute();
        }
        try {
          s.executeUpdate("INSERT INTO main.edge_values (ts, i, r, t, b, m) SELECT ts, i, r, t, b, m FROM src.edge_values");
        } finally {
          s.execute("DETACH DATABASE src");
        }
      }
    }
  }

  /** Nanoseconds since the epoch of a UTC wall-clock time {@code yyyy-MM-dd HH:mm:ss}. */
  public static long nanos(String utc) {
    LocalDateTime t = LocalDateTime.parse(utc.replace(' ', 'T'));
    Instant i = t.toInstant(ZoneOffset.UTC);
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  /** The number of shards. */
  public int shardCount() {
    return shardCount;
  }

  /** The JDBC URL of the Flight SQL server. */
  public String jdbcUrl() {
    return flight.jdbcUrl();
  }

  /** Opens a new connection to sqlotel through the Arrow Flight SQL JDBC driver. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl());
  }

  /** The unsharded oracle database file. */
  public Path oracleFile() {
    return oracleFile;
  }

  /** Opens a new read-only sqlite-jdbc connection to the oracle. */
  public Connection connectOracle() throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    return DriverManager.getConnection("jdbc:sqlite:" + oracleFile.toAbsolutePath(), config.toProperties());
  }

  /** The shard servers, in shard (time) order. */
  public List<ShardServer> shardServers() {
    return servers;
  }

  /** The generated shards, in shard (time) order. */
  public List<GeneratedShard> shards() {
    return generated;
  }

  /** The engine behind the Flight server (to run queries with other {@code QueryOptions}). */
  public DistributedQueryEngine engine() {
    return engine;
  }

  /** The Flight SQL server. */
  public SqlotelFlightServer flightServer() {
    return flight;
  }

  /** The statistics of the queries finished since the last {@link #clearStatsAndRequestLogs()}, oldest first. */
  public List<QueryStats> stats() {
    return List.copyOf(stats);
  }

  /** Forgets the statistics of earlier queries and the request logs of every shard server. */
  public void clearStatsAndRequestLogs() {
    stats.clear();
    servers.forEach(ShardServer::clearRequestLog);
  }

  /**
   * Waits for the statistics of the query with exactly this SQL text (the engine reports them when the query's
   * resources are released, which may be just after the client read the last row).
   *
   * @param sql the SQL text as sent
   * @param timeout the longest wait
   * @return the most recent matching statistics
   * @throws AssertionError if none arrive in time
   */
  public QueryStats awaitStats(String sql, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (int i = stats.size() - 1; i >= 0; i--) {
        QueryStats s = stats.get(i);
        if (s.sql().equals(sql)) {
          return s;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no statistics for query within " + timeout + ": " + sql);
      }
      Thread.sleep(5);
    }
  }

  /**
   * Waits until the Flight server holds no Arrow memory, which it frees when a query's stream ends (a moment after
   * the client saw the last row).
   *
   * @return the bytes still allocated after at most {@code timeout}; 0 when all was freed
   */
  public long awaitAllocatorIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long bytes = flight.allocatedBytes();
    while (bytes != 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
      bytes = flight.allocatedBytes();
    }
    return bytes;
  }

  /** Stops every server and deletes the files; throws if the Flight server's allocator leaked. */
  @Override
  public void close() {
    try {
      flight.close();
    } finally {
      engine.close();
      client.close();
      servers.forEach(ShardServer::close);
      deleteRecursively(dir);
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (RuntimeException e) {
      System.err.println("closing the " + shardCount + "-shard cluster failed: " + e);
    }
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temp directory left behind is harmless
    }
  }
}
