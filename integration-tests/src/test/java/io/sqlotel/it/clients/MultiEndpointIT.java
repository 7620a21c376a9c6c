package io.sqlotel.it.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.coordinator.DistributedQueryEngine;
import io.sqlotel.coordinator.EngineConfig;
import io.sqlotel.coordinator.QueryStats;
import io.sqlotel.flight.FlightServerConfig;
import io.sqlotel.flight.SqlotelFlightServer;
import io.sqlotel.flight.producer.ProducerOptions;
import io.sqlotel.it.Oracle;
import io.sqlotel.it.ParityQuery;
import io.sqlotel.it.ShardedCluster;
import io.sqlotel.shard.client.ShardClient;
import io.sqlotel.shard.client.ShardClientConfig;
import io.sqlotel.shard.server.ShardServer;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several endpoints per query through the Flight SQL JDBC driver (which reads the endpoints concurrently) over the
 * 24-shard cluster: an unordered scan is split into groups of shards, the union of the endpoints equals the oracle's
 * result and every selected shard receives exactly one request; with replicas configured, the endpoints name them and
 * the driver fetches every part from the replicas (the server that answered GetFlightInfo runs none); ordered,
 * limited and aggregated queries keep one endpoint.
 *
 * <p>Servers: {@code split} (4 endpoints, no location), {@code front} (6 endpoints listing replicas {@code r1} and
 * {@code r2}); each has its own engine and shard client over the shared cluster's shards.
 */
class MultiEndpointIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String SCAN = "SELECT ServiceName, SeverityText, Body, \"Timestamp\" FROM otel_logs"
      + " WHERE SeverityNumber >= 9";

  private static ShardedCluster data;
  private static final List<AutoCloseable> resources = new ArrayList<>();
  private static Node split;
  private static Node front;
  private static Node r1;
  private static Node r2;

  /** One Flight server with its own engine (queries it executed are recorded). */
  record Node(DistributedQueryEngine engine, SqlotelFlightServer server, List<QueryStats> executed) {
    String jdbcUrl() {
      return server.jdbcUrl();
    }

    /** The executions of {@code sql} reported so far (reports arrive just after the client read the last row). */
    long executed(String sql) {
      return executed.stream().filter(s -> s.sql().equals(sql)).count();
    }

    /** Waits up to {@link #WAIT} for {@code n} executions of {@code sql}; returns the count then. */
    long awaitExecuted(String sql, long n) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (executed(sql) < n && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      return executed(sql);
    }
  }

  private static Node node(ProducerOptions options) {
    ShardClient client = new ShardClient(ShardClientConfig.defaults());
    resources.add(client);
    DistributedQueryEngine engine = new DistributedQueryEngine(data.engine().catalog(), client,
        EngineConfig.defaults());
    List<QueryStats> executed = new CopyOnWriteArrayList<>();
    engine.addQueryListener(executed::add);
    SqlotelFlightServer server = SqlotelFlightServer.start(engine,
        new FlightServerConfig("127.0.0.1", 0, null, options));
    resources.add(0, server);
    return new Node(engine, server, executed);
  }

  @BeforeAll
  static void start() {
    data = ShardedCluster.shared(24);
    split = node(ProducerOptions.defaults().withMaxEndpoints(4));
    r1 = node(ProducerOptions.defaults());
    r2 = node(ProducerOptions.defaults());
    front = node(ProducerOptions.defaults().withMaxEndpoints(6).withReplicas(List.of(
        r1.server().location().getUri(), r2.server().location().getUri())));
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable r : resources) {
      r.close(); // servers first: they throw if a query leaked Arrow memory
    }
  }

  @BeforeEach
  void clearLogs() {
    data.clearStatsAndRequestLogs();
  }

  /** For each shard server, the requests it received for {@code table}. */
  private static List<Integer> requestsPerShard(String table) {
    List<Integer> counts = new ArrayList<>();
    for (ShardServer s : data.shardServers()) {
      counts.add((int) s.requestLog().stream().filter(sql -> sql.contains(table)).count());
    }
    return counts;
  }

  private static void assertEachShardOnce(String table) {
    List<Integer> counts = requestsPerShard(table);
    assertEquals(data.shardCount(), counts.size());
    assertTrue(counts.stream().allMatch(c -> c == 1), "requests per shard: " + counts);
  }

  private static FlightInfo flightInfo(Node node, String sql) throws Exception {
    try (BufferAllocator a = new RootAllocator();
        FlightSqlClient client = new FlightSqlClient(FlightClient.builder(a, node.server().location()).build())) {
      return client.execute(sql);
    }
  }

  @Test
  void anUnorderedScanIsSplitAndTheUnionEqualsTheOracle() throws Exception {
    FlightInfo info = flightInfo(split, SCAN);
    assertEquals(4, info.getEndpoints().size());
    info.getEndpoints().forEach(e -> assertTrue(e.getLocations().isEmpty(), "no replica configured"));
    data.clearStatsAndRequestLogs();

    try (Connection c = DriverManager.getConnection(split.jdbcUrl()); Connection o = data.connectOracle()) {
      Oracle.Result r = new Oracle(c, o).assertSameResult(ParityQuery.of("split scan", false, SCAN));
      assertTrue(r.rows().size() > 100, "rows: " + r.rows().size());
    }
    assertEachShardOnce("otel_logs");
    assertEquals(4, split.awaitExecuted(SCAN, 4), "one execution per endpoint");
    assertEquals(0, data.awaitAllocatorIdle(WAIT));
  }

  @Test
  void preparedStatementsWithParametersAreSplitToo() throws Exception {
    String sql = "SELECT ServiceName, Body FROM otel_logs WHERE SeverityNumber >= ? AND ServiceName <> ?";
    List<List<Object>> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(split.jdbcUrl());
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, 13);
      ps.setString(2, "frontend");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(List.of(rs.getString(1), rs.getString(2)));
        }
      }
    }
    List<List<Object>> expected = new ArrayList<>();
    try (Connection o = data.connectOracle(); Statement st = o.createStatement();
        ResultSet rs = st.executeQuery("SELECT ServiceName, Body FROM otel_logs WHERE SeverityNumber >= 13"
            + " AND ServiceName <> 'frontend'")) {
      while (rs.next()) {
        expected.add(List.of(rs.getString(1), rs.getString(2)));
      }
    }
    assertTrue(expected.size() > 10, "the oracle finds rows: " + expected.size());
    assertEquals(sorted(expected), sorted(rows));
    assertEachShardOnce("otel_logs");
    assertEquals(24, split.engine().prepare(sql, List.of(13L, "frontend"), io.sqlotel.coordinator.QueryOptions.now())
        .unorderedShards().size(), "splittable with its parameters bound");
    assertEquals(4, split.awaitExecuted(sql, 4));
  }

  @Test
  void replicasServeTheEndpointsTheFrontServerListed() throws Exception {
    FlightInfo info = flightInfo(front, SCAN);
    assertEquals(6, info.getEndpoints().size());
    Location a = new Location(r1.server().location().getUri());
    Location b = new Location(r2.server().location().getUri());
    for (int i = 0; i < 6; i++) {
      FlightEndpoint e = info.getEndpoints().get(i);
      assertEquals(i % 2 == 0 ? List.of(a, b) : List.of(b, a), e.getLocations(), "endpoint " + i);
    }
    data.clearStatsAndRequestLogs();

    try (Connection c = DriverManager.getConnection(front.jdbcUrl()); Connection o = data.connectOracle()) {
      new Oracle(c, o).assertSameResult(ParityQuery.of("scan over replicas", false, SCAN));
    }
    assertEachShardOnce("otel_logs");
    assertEquals(6, r1.awaitExecuted(SCAN, 1) + r2.awaitExecuted(SCAN, 6 - r1.executed(SCAN)),
        "the replicas ran every endpoint");
    assertEquals(0, front.executed(SCAN), "the front server only planned");
  }

  @Test
  void orderedLimitedAndAggregatedQueriesKeepOneEndpoint() throws Exception {
    for (String sql : List.of(SCAN + " ORDER BY \"Timestamp\", Body",
        SCAN + " LIMIT 50",
        "SELECT ServiceName, COUNT(*) FROM otel_logs GROUP BY ServiceName",
        "SELECT DISTINCT ServiceName FROM otel_logs",
        "SELECT l.Body FROM otel_logs l JOIN otel_traces t ON l.TraceId = t.TraceId AND l.SpanId = t.SpanId")) {
      FlightInfo info = flightInfo(front, sql);
      assertEquals(1, info.getEndpoints().size(), sql);
      assertTrue(info.getEndpoints().get(0).getLocations().isEmpty(), sql);
    }
    String ordered = SCAN + " ORDER BY \"Timestamp\", Body, ServiceName, SeverityText";
    try (Connection c = DriverManager.getConnection(front.jdbcUrl()); Connection o = data.connectOracle()) {
      new Oracle(c, o).assertSameResult(ParityQuery.of("ordered scan", true, ordered));
    }
    assertEachShardOnce("otel_logs");
    assertEquals(1, front.awaitExecuted(ordered, 1));
  }

  private static List<String> sorted(List<List<Object>> rows) {
    return rows.stream().map(Object::toString).sorted().toList();
  }
}
