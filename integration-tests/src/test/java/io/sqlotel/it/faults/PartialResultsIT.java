package io.sqlotel.it.faults;

import static io.sqlotel.it.faults.FaultsIT.WAIT;
import static io.sqlotel.it.faults.FaultsIT.failure;
import static io.sqlotel.it.faults.FaultsIT.flightStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.it.Oracle;
import io.sqlotel.it.ParityQuery;
import io.sqlotel.it.ShardedCluster;
import io.sqlotel.it.faults.FaultyShard.Fault;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.CloseSessionRequest;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.GetSessionOptionsRequest;
import org.apache.arrow.flight.SessionOptionValueFactory;
import org.apache.arrow.flight.SetSessionOptionsRequest;
import org.apache.arrow.flight.SetSessionOptionsResult;
import org.apache.arrow.flight.client.ClientCookieMiddleware;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Opt-in partial results: with the second of two shards down, a query asked with
 * {@code sqlotel.partial_results=true} (JDBC URL property, or Flight SQL session option) answers exactly what the
 * first shard holds and reports the failed shard in the stream; without the option, or if every shard fails, the
 * query fails.
 */
class PartialResultsIT {
  private static final long NOON = ShardedCluster.nanos("2026-01-01 12:00:00");
  private static final String AGGREGATE =
      "SELECT ServiceName, COUNT(*), SUM(SeverityNumber), MIN(\"Timestamp\") FROM otel_logs GROUP BY ServiceName";
  private static final String ROWS =
      "SELECT \"Timestamp\", ServiceName, Body FROM otel_logs WHERE SeverityNumber >= 17";

  private static FaultCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = FaultCluster.start(2);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @AfterEach
  void heal() throws Exception {
    cluster.heal();
    assertEquals(0, cluster.awaitAllocatorIdle(WAIT), "Arrow bytes still held by the Flight server");
  }

  /** {@code sql} for sqlotel; for the oracle, the same restricted to the first shard's half of the day. */
  private static ParityQuery firstHalfOnly(String name, String sql) {
    String oracle = sql.contains("WHERE") ? sql.replace("WHERE", "WHERE \"Timestamp\" < " + NOON + " AND")
        : sql.replace("FROM otel_logs", "FROM otel_logs WHERE \"Timestamp\" < " + NOON);
    return new ParityQuery(name, false, sql, oracle, null);
  }

  @Test
  void aJdbcUrlPropertyAsksForPartialResults() throws Exception {
    cluster.proxies.get(1).set(Fault.REFUSE);
    String down = cluster.shardId(1);
    // Without the option the query fails, naming the shard.
    Exception e = failure(cluster.jdbcUrl(""), AGGREGATE);
    assertEquals(FlightStatusCode.UNAVAILABLE, flightStatus(e));
    assertTrue(e.getMessage().contains(down), e.getMessage());
    // With it, aggregates and plain rows answer from the first shard, exactly.
    try (Connection c = DriverManager.getConnection(cluster.jdbcUrl("&sqlotel.partial_results=true"));
        Connection oracle = cluster.connectOracle()) {
      Oracle o = new Oracle(c, oracle);
      o.assertSameResult(firstHalfOnly("aggregate", AGGREGATE));
      o.assertSameResult(firstHalfOnly("rows", ROWS));
      o.assertSameResult(firstHalfOnly("sorted top-N",
          "SELECT ServiceName, COUNT(*) AS n FROM otel_logs GROUP BY ServiceName"
              + " ORDER BY n DESC, ServiceName LIMIT 3"));
    }
    // A bad answer is tolerated too, and so is a shard slower than the request timeout.
    for (Fault f : new Fault[] {Fault.GARBAGE, Fault.WRONG_SCHEMA, Fault.HANG}) {
      cluster.proxies.get(1).set(f);
      try (Connection c = DriverManager.getConnection(cluster.jdbcUrl("&sqlotel.partial_results=true"));
          Connection oracle = cluster.connectOracle()) {
        new Oracle(c, oracle).assertSameResult(firstHalfOnly("aggregate with " + f, AGGREGATE));
      }
    }
  }

  @Test
  void theStreamReportsTheFailedShardsAndSessionOptionsPersist() throws Exception {
    cluster.proxies.get(1).set(Fault.STATUS_503);
    String down = cluster.shardId(1);
    try (BufferAllocator allocator = new RootAllocator();
        FlightClient client = FlightClient.builder(allocator, cluster.flight.location())
            .intercept(new ClientCookieMiddleware.Factory()).build();
        FlightSqlClient sql = new FlightSqlClient(client);
        Connection oracle = cluster.connectOracle()) {
      SetSessionOptionsResult set = sql.setSessionOptions(new SetSessionOptionsRequest(Map.of(
          "sqlotel.partial_results", SessionOptionValueFactory.makeSessionOptionValue(true))));
      assertFalse(set.hasErrors(), String.valueOf(set.getErrors()));
      SetSessionOptionsResult bad = sql.setSessionOptions(new SetSessionOptionsRequest(Map.of(
          "sqlotel.query_timeout_ms", SessionOptionValueFactory.makeSessionOptionValue("soon"),
          "sqlotel.no_such_setting", SessionOptionValueFactory.makeSessionOptionValue(true))));
      assertEquals(SetSessionOptionsResult.ErrorValue.INVALID_VALUE,
          bad.getErrors().get("sqlotel.query_timeout_ms").value);
      assertEquals(SetSessionOptionsResult.ErrorValue.INVALID_NAME,
          bad.getErrors().get("sqlotel.no_such_setting").value);
      assertTrue(sql.getSessionOptions(new GetSessionOptionsRequest()).getSessionOptions()
          .containsKey("sqlotel.partial_results"));

      FlightInfo info = sql.execute(AGGREGATE);
      FlightResults.Read read;
      try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket())) {
        read = FlightResults.read(stream);
      }
      // The aggregate heard from every shard before its first batch: the schema lists the failure already.
      String inSchema = read.schemaMetadata().get("sqlotel.failed_shards");
      assertNotNull(inSchema, "schema metadata " + read.schemaMetadata());
      assertTrue(inSchema.contains("\"shard\":\"" + down + "\"") && inSchema.contains("UNAVAILABLE"), inSchema);
      // The final (empty) message lists every failed shard in its app_metadata.
      assertEquals(List.of(down), read.failedShards(), read.lastAppMetadata());
      new Oracle(oracle, oracle).assertSameResult(firstHalfOnly("aggregate", AGGREGATE), read.result());

      // Closing the session forgets the option: the same query fails again.
      sql.closeSession(new CloseSessionRequest());
      FlightRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(FlightRuntimeException.class, () -> {
        try (FlightStream stream = sql.getStream(sql.execute(AGGREGATE).getEndpoints().get(0).getTicket())) {
          FlightResults.read(stream);
        }
      });
      assertEquals(FlightStatusCode.UNAVAILABLE, e.status().code());
    }
  }

  @Test
  void aResultWithoutAnyShardIsNotAPartialResult() throws Exception {
    cluster.proxies.get(0).set(Fault.REFUSE);
    cluster.proxies.get(1).set(Fault.STATUS_500);
    for (String sql : List.of(AGGREGATE, ROWS, "SELECT COUNT(*) FROM otel_logs")) {
      Exception e = failure(cluster.jdbcUrl("&sqlotel.partial_results=true"), sql);
      assertEquals(FlightStatusCode.UNAVAILABLE, flightStatus(e), sql + ": " + e);
      assertTrue(e.getMessage().contains("all 2 shard(s)"), e.getMessage());
    }
  }
}
