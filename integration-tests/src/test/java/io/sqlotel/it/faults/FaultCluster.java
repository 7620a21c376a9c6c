package io.sqlotel.it.faults;

import io.sqlotel.coordinator.DistributedQueryEngine;
import io.sqlotel.coordinator.EngineConfig;
import io.sqlotel.coordinator.QueryStats;
import io.sqlotel.flight.FlightServerConfig;
import io.sqlotel.flight.SqlotelFlightServer;
import io.sqlotel.flight.producer.ProducerOptions;
import io.sqlotel.it.ShardedCluster;
import io.sqlotel.planner.catalog.Catalog;
import io.sqlotel.planner.catalog.OtelTables;
import io.sqlotel.shard.client.RetryPolicy;
import io.sqlotel.shard.client.ShardClient;
import io.sqlotel.shard.client.ShardClientConfig;
import io.sqlotel.shard.demo.GeneratedShard;
import io.sqlotel.shard.meta.ShardDescriptor;
import io.sqlotel.shard.meta.TimeRange;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * A sqlotel deployment whose every shard sits behind a {@link FaultyShard}: the shard servers and the oracle of a
 * shared {@link ShardedCluster} (data generated once per JVM), and its own shard client, engine and Flight SQL server,
 * configured with short timeouts so that faults resolve in about a second. Closing it stops the proxies, the Flight
 * server (which throws if its allocator leaked), the engine and the client; the shared cluster stays.
 */
final class FaultCluster implements AutoCloseable {
  /** The shard client's request timeout (no byte for this long fails the shard). */
  static final Duration SHARD_TIMEOUT = Duration.ofSeconds(1);
  /** The engine's query timeout. */
  static final Duration QUERY_TIMEOUT = Duration.ofMillis(2500);
  /** Fast retries: 2 per request, 16 per query, 10 ms doubling up to 100 ms. */
  static final RetryPolicy RETRY = new RetryPolicy(2, 16, Duration.ofMillis(10), Duration.ofMillis(100));

  final ShardedCluster data;
  final List<FaultyShard> proxies;
  final List<ShardDescriptor> descriptors;
  final ShardClient client;
  final DistributedQueryEngine engine;
  final SqlotelFlightServer flight;
  final List<QueryStats> stats = new CopyOnWriteArrayList<>();

  private FaultCluster(ShardedCluster data, List<FaultyShard> proxies, List<ShardDescriptor> descriptors,
      ShardClient client, DistributedQueryEngine engine, SqlotelFlightServer flight) {
    this.data = data;
    this.proxies = proxies;
    this.descriptors = descriptors;
    this.client = client;
    this.engine = engine;
    this.flight = flight;
    engine.addQueryListener(stats::add);
  }

  /** A cluster over {@code ShardedCluster.shared(shards)} with the default test settings. */
  static FaultCluster start(int shards) throws IOException {
    return start(shards, c -> c, ProducerOptions.defaults(), Set.of());
  }

  /**
   * A cluster over {@code ShardedCluster.shared(shards)}.
   *
   * @param engineSettings adjusts the engine settings (short timeouts and fast retries by default)
   * @param limits the Flight producer's memory limits
   * @param leftOut indexes of shards left out of the catalog (to make gaps)
   */
  static FaultCluster start(int shards, UnaryOperator<EngineConfig> engineSettings, ProducerOptions limits,
      Set<Integer> leftOut) throws IOException {
    ShardedCluster data = ShardedCluster.shared(shards);
    List<FaultyShard> proxies = new ArrayList<>();
    List<ShardDescriptor> descriptors = new ArrayList<>();
    ShardClient client = null;
    DistributedQueryEngine engine = null;
    try {
      for (int i = 0; i < data.shards().size(); i++) {
        GeneratedShard g = data.shards().get(i);
        FaultyShard proxy = new FaultyShard(data.shardServers().get(i).baseUri());
        proxies.add(proxy);
        if (!leftOut.contains(i)) {
          descriptors.add(new ShardDescriptor(g.id(), proxy.baseUri(), new TimeRange(g.startNanos(), g.endNanos()),
              null, false));
        }
      }
      client = new ShardClient(new ShardClientConfig(64, Duration.ofSeconds(1), SHARD_TIMEOUT, 4096));
      EngineConfig config = engineSettings.apply(EngineConfig.defaults().withQueryTimeout(QUERY_TIMEOUT)
          .withRetry(RETRY));
      engine = new DistributedQueryEngine(Catalog.of(descriptors, OtelTables.definitions()), client, config);
      SqlotelFlightServer flight = SqlotelFlightServer.start(engine,
          new FlightServerConfig("127.0.0.1", 0, null, limits));
      return new FaultCluster(data, List.copyOf(proxies), List.copyOf(descriptors), client, engine, flight);
    } catch (IOException | RuntimeException e) {
      if (client != null) {
        client.close();
      }
      proxies.forEach(FaultyShard::close);
      throw e;
    }
  }

  /** The JDBC URL of this cluster's Flight SQL server, with extra URL properties ({@code &k=v...}) appended. */
  String jdbcUrl(String extra) {
    return flight.jdbcUrl() + extra;
  }

  /** A JDBC connection to this cluster. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(flight.jdbcUrl());
  }

  /** A JDBC connection to the unsharded oracle. */
  Connection connectOracle() throws SQLException {
    return data.connectOracle();
  }

  /** The id of shard {@code i}. */
  String shardId(int i) {
    return data.shards().get(i).id();
  }

  /** Waits until the Flight server holds no Arrow memory; returns the bytes still held after {@code timeout}. */
  long awaitAllocatorIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long bytes = flight.allocatedBytes();
    while (bytes != 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
      bytes = flight.allocatedBytes();
    }
    return bytes;
  }

  /** Sets every proxy back to answering normally. */
  void heal() {
    proxies.forEach(p -> p.set(FaultyShard.Fault.NONE));
  }

  @Override
  public void close() {
    try {
      flight.close();
    } finally {
      engine.close();
      client.close();
      proxies.forEach(FaultyShard::close);
    }
  }
}
