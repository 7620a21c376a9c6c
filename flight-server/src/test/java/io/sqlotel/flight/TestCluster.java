package io.sqlotel.flight;

import io.sqlotel.coordinator.DistributedQueryEngine;
import io.sqlotel.coordinator.EngineConfig;
import io.sqlotel.coordinator.QueryEngine;
import io.sqlotel.flight.producer.ProducerOptions;
import io.sqlotel.planner.catalog.Catalog;
import io.sqlotel.planner.catalog.OtelTables;
import io.sqlotel.shard.client.ShardClient;
import io.sqlotel.shard.client.ShardClientConfig;
import io.sqlotel.shard.demo.OtelSchema;
import io.sqlotel.shard.meta.ShardDescriptor;
import io.sqlotel.shard.meta.TimeRange;
import io.sqlotel.shard.server.ShardServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Two real SQLite shards behind real shard servers, the real {@link DistributedQueryEngine} over them, and a
 * sqlotel Flight SQL server on an ephemeral port.
 *
 * <p>Data: shard-0 holds {@code [T0, T0 + 1h)}, shard-1 {@code [T0 + 1h, T0 + 2h)}. {@code otel_logs} has the five
 * rows of {@link #LOGS}; {@code otel_traces} has {@link #SPANS} rows in shard-0, each with a wide attribute string,
 * so results span several engine batches and several Flight messages.
 */
final class TestCluster implements AutoCloseable {
  static final long HOUR = 3_600_000_000_000L;
  static final long SECOND = 1_000_000_000L;
  /** 2024-06-01T00:00:00Z in nanoseconds. */
  static final long T0 = Instant.parse("2024-06-01T00:00:00Z").getEpochSecond() * SECOND;
  /** Spans in shard-0. */
  static final int SPANS = 5_000;
  /** Small enough that a 4096-row batch of spans is split into several Flight messages. */
  static final long MAX_BATCH_BYTES = 64 * 1024;

  /** The SpanAttributes of every span. */
  static final String WIDE_ATTRIBUTES = "{\"padding\":\"" + "x".repeat(200) + "\"}";

  /** One log row: time, service, severity number and text, body. */
  record Log(long ts, String service, int severity, String severityText, String body) {}

  static final List<Log> LOGS = List.of(
      new Log(T0 + SECOND, "frontend", 9, "INFO", "hello"),
      new Log(T0 + 2 * SECOND, "frontend", 17, "ERROR", "boom"),
      new Log(T0 + 3 * SECOND, "cart", 9, "INFO", "ok"),
      new Log(T0 + HOUR + SECOND, "cart", 13, "WARN", "slow"),
      new Log(T0 + HOUR + 2 * SECOND, "payment", 17, "ERROR", "declined"));

  final List<ShardServer> shards;
  final ShardClient client;
  final QueryEngine engine;
  final SqlotelFlightServer server;

  private TestCluster(List<ShardServer> shards, ShardClient client, QueryEngine engine, SqlotelFlightServer server) {
    this.shards = shards;
    this.client = client;
    this.engine = engine;
    this.server = server;
  }

  /** Creates the shard files in {@code dir} and starts everything; {@code token} protects the Flight server. */
  static TestCluster start(Path dir, String token) throws Exception {
    List<ShardServer> servers = new ArrayList<>();
    List<ShardDescriptor> descriptors = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Path file = dir.resolve("shard-" + i + ".sqlite");
      writeShard(file, i);
      ShardServer s = ShardServer.start(file, "127.0.0.1", 0, null);
      servers.add(s);
      descriptors.add(new ShardDescriptor("shard-" + i, s.baseUri(),
          new TimeRange(T0 + i * HOUR, T0 + (i + 1) * HOUR), null, false));
    }
    ShardClient client = new ShardClient(ShardClientConfig.defaults());
    QueryEngine engine = new DistributedQueryEngine(Catalog.of(descriptors, OtelTables.definitions()), client,
        EngineConfig.defaults());
    FlightServerConfig config = new FlightServerConfig("127.0.0.1", 0, token,
        new ProducerOptions(256L << 20, MAX_BATCH_BYTES, Duration.ofSeconds(30)));
    SqlotelFlightServer server = SqlotelFlightServer.start(engine, config);
    return new TestCluster(servers, client, engine, server);
  }

  /** The JDBC URL of the Flight server. */
  String jdbcUrl() {
    return server.jdbcUrl();
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      engine.close();
      client.close();
      shards.forEach(ShardServer::close);
    }
  }

  private static void writeShard(Path file, int index) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      OtelSchema.create(c);
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO otel_logs (Timestamp, ServiceName, SeverityNumber,"
          + " SeverityText, Body) VALUES (?, ?, ?, ?, ?)")) {
        for (Log l : LOGS) {
          if (l.ts() >= T0 + index * HOUR && l.ts() < T0 + (index + 1) * HOUR) {
            ps.setLong(1, l.ts());
            ps.setString(2, l.service());
            ps.setInt(3, l.severity());
            ps.setString(4, l.severityText());
            ps.setString(5, l.body());
            ps.addBatch();
          }
        }
        ps.executeBatch();
      }
      if (index == 0) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO otel_traces (Timestamp, TraceId, SpanId, SpanName,"
            + " ServiceName, SpanAttributes, Duration) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
          for (int i = 0; i < SPANS; i++) {
            ps.setLong(1, T0 + i * 1_000_000L);
            ps.setString(2, String.format("%032x", i / 10));
            ps.setString(3, String.format("%016x", i));
            ps.setString(4, "GET /api/" + (i % 7));
            ps.setString(5, i % 2 == 0 ? "frontend" : "cart");
            ps.setString(6, WIDE_ATTRIBUTES);
            ps.setLong(7, 1_000_000L + i);
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
      c.commit();
    }
  }
}
