package io.sqlotel.bench.mode;

import static java.util.Objects.requireNonNull;

import io.sqlotel.bench.ProcessCpu;
import io.sqlotel.bench.suite.BenchQuery;
import io.sqlotel.coordinator.DistributedQueryEngine;
import io.sqlotel.coordinator.EngineConfig;
import io.sqlotel.coordinator.QueryStats;
import io.sqlotel.flight.FlightServerConfig;
import io.sqlotel.flight.SqlotelFlightServer;
import io.sqlotel.planner.catalog.Catalog;
import io.sqlotel.planner.catalog.OtelTables;
import io.sqlotel.shard.client.ShardClient;
import io.sqlotel.shard.client.ShardRequestStats;
import io.sqlotel.shard.meta.ShardDescriptor;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Modes 1 and 2: the real sqlotel path. A {@link DistributedQueryEngine} (pushdown on or off) behind its own
 * {@link SqlotelFlightServer}, queried through the Arrow Flight SQL JDBC driver like any client; the engine's
 * per-query statistics give the rows and bytes received from the shards and the shards' own execution times.
 */
public final class SqlotelMode implements BenchMode {
  private static final long STATS_WAIT_MILLIS = 10_000;

  private final String id;
  private final String label;
  private final DistributedQueryEngine engine;
  private final SqlotelFlightServer server;
  private final Connection connection;
  private final BlockingQueue<QueryStats> stats = new LinkedBlockingQueue<>();
  private final boolean pushdown;

  /**
   * Starts the engine and its Flight SQL server on an ephemeral loopback port, and connects to it.
   *
   * @param id the mode id
   * @param label the mode's description
   * @param shards the shards (their URLs may point at a WAN proxy)
   * @param client the shard client (owned by the caller)
   * @param pushdown true for mode 1, false for mode 2 (filtered raw rows pulled, everything else in the coordinator)
   * @throws SQLException if the JDBC connection fails
   */
  public SqlotelMode(String id, String label, List<ShardDescriptor> shards, ShardClient client, boolean pushdown)
      throws SQLException {
    this.id = requireNonNull(id, "id is null");
    this.label = requireNonNull(label, "label is null");
    this.pushdown = pushdown;
    this.engine = new DistributedQueryEngine(Catalog.of(shards, OtelTables.definitions()), client,
        EngineConfig.defaults().withPushdown(pushdown));
    engine.addQueryListener(stats::add);
    this.server = SqlotelFlightServer.start(engine, FlightServerConfig.defaults().withPort(0));
    try {
      this.connection = DriverManager.getConnection(server.jdbcUrl());
    } catch (SQLException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String label() {
    return label;
  }

  /** Mode 1 is warmed up: its queries are quick, and the planner and coordinator code it runs is shared by mode 2. */
  @Override
  public boolean jitWarmup() {
    return pushdown;
  }

  /** The engine (for direct planning measurements). */
  public DistributedQueryEngine engine() {
    return engine;
  }

  @Override
  public Sample run(BenchQuery query) {
    return run(query.sqlotelSql());
  }

  /** Runs one SQL text through JDBC and collects the engine's statistics for it. */
  public Sample run(String sql) {
    stats.clear();
    long cpu0 = ProcessCpu.nanos();
    long t0 = System.nanoTime();
    long rows;
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rows = JdbcResults.drain(rs);
    } catch (SQLException | RuntimeException e) {
      return Sample.failed(Sample.Status.ERROR, JdbcResults.message(e));
    }
    long elapsed = System.nanoTime() - t0;
    long cpu = ProcessCpu.nanos() - cpu0;
    QueryStats s = awaitStats(sql);
    if (s == null) {
      return new Sample(Sample.Status.OK, "no engine statistics", elapsed, rows, -1, -1, -1, -1, -1, cpu);
    }
    long slowest = 0;
    for (ShardRequestStats r : s.requests()) {
      slowest = Math.max(slowest, Math.round(r.shardDurationMs() * 1_000_000));
    }
    return new Sample(Sample.Status.OK, "", elapsed, rows, s.rowsReceived(), s.bytesReceived(), slowest,
        s.planningNanos(), s.requests().size(), cpu);
  }

  /** The engine reports a query's statistics when its resources are released, just after the last row. */
  private QueryStats awaitStats(String sql) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STATS_WAIT_MILLIS);
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        QueryStats s = stats.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
        if (s == null) {
          return null;
        }
        if (s.sql().equals(sql)) {
          return s;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // closing anyway
    }
    server.close();
  }
}
