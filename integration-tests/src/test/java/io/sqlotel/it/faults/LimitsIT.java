package io.sqlotel.it.faults;

import static io.sqlotel.it.faults.FaultsIT.WAIT;
import static io.sqlotel.it.faults.FaultsIT.failure;
import static io.sqlotel.it.faults.FaultsIT.flightStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.coordinator.EngineConfig;
import io.sqlotel.coordinator.QueryStats;
import io.sqlotel.flight.producer.ProducerOptions;
import io.sqlotel.it.Oracle;
import io.sqlotel.it.ParityQuery;
import io.sqlotel.it.faults.FaultyShard.Fault;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/**
 * Deadlines chosen by the client (a JDBC URL property, a gRPC call deadline), memory limits per query and for all
 * queries, and the coverage check of the catalog's time range.
 */
class LimitsIT {
  private static final ParityQuery SMALL = ParityQuery.of("small aggregate", false,
      "SELECT SeverityText, COUNT(*) FROM otel_logs GROUP BY SeverityText");
  private static final String BIG = "SELECT * FROM otel_logs";

  @Test
  void theClientsDeadlineBoundsTheQuery() throws Exception {
    try (FaultCluster cluster = FaultCluster.start(2)) {
      try (Connection c = cluster.connect(); Connection oracle = cluster.connectOracle()) {
        new Oracle(c, oracle).assertSameResult(SMALL); // warm up: the healthy shard must answer within the deadline
      }
      cluster.proxies.get(1).set(Fault.HANG);
      String hung = cluster.shardId(1);
      // A URL property: 500 ms, well below the shard timeout (1 s) and the server's query timeout (2.5 s).
      long start = System.nanoTime();
      Exception e = failure(cluster.jdbcUrl("&sqlotel.query_timeout_ms=500"), SMALL.sqlotelSql());
      assertEquals(FlightStatusCode.TIMED_OUT, flightStatus(e), e.toString());
      // The deadline fired, not the 1 s shard timeout (whose message says "request timeout").
      assertTrue(e.getMessage().contains("shard '" + hung + "'")
          && e.getMessage().contains("query deadline of 500 ms"), e.getMessage());
      assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "promptly");

      // A gRPC deadline on the DoGet call: the server stops waiting for the shard when the client stops waiting.
      cluster.stats.clear();
      try (BufferAllocator allocator = new RootAllocator();
          FlightClient client = FlightClient.builder(allocator, cluster.flight.location()).build();
          FlightSqlClient sql = new FlightSqlClient(client)) {
        var ticket = sql.execute(SMALL.sqlotelSql()).getEndpoints().get(0).getTicket();
        FlightRuntimeException timeout = assertThrows(FlightRuntimeException.class, () -> {
          try (FlightStream stream = sql.getStream(ticket, CallOptions.timeout(600, TimeUnit.MILLISECONDS))) {
            while (stream.next()) {
              // drain
            }
          }
        });
        assertEquals(FlightStatusCode.TIMED_OUT, timeout.status().code());
        assertTrue(timeout.getMessage().contains("shard '" + hung + "'"),
            "the server's answer (naming the shard) came before the client gave up: " + timeout.getMessage());
      }
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (cluster.stats.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      QueryStats q = cluster.stats.get(0);
      String error = q.requests().stream().filter(r -> r.error() != null).map(r -> r.error().getMessage())
          .findFirst().orElseThrow();
      assertTrue(error.contains("query deadline of") && !error.contains("2500 ms"),
          "the server used the client's deadline, not its own: " + error);
      assertEquals(0, cluster.awaitAllocatorIdle(WAIT));
    }
  }

  @Test
  void aQueryOverItsMemoryLimitFailsAloneAndFreesEverything() throws Exception {
    ProducerOptions small = ProducerOptions.defaults().withQueryMemoryLimitBytes(1 << 20);
    ProducerOptions smallGlobal = ProducerOptions.defaults().withGlobalMemoryLimitBytes(1 << 20);
    for (ProducerOptions limits : new ProducerOptions[] {small, smallGlobal}) {
      try (FaultCluster cluster = FaultCluster.start(2, c -> c, limits, Set.of());
          Connection c = cluster.connect(); Connection oracle = cluster.connectOracle()) {
        for (int i = 0; i < 3; i++) {
          Exception e = failure(c, BIG);
          assertEquals(FlightStatusCode.RESOURCE_EXHAUSTED, flightStatus(e), e.toString());
          assertTrue(e.getMessage().contains("memory"), e.getMessage());
          assertEquals(0, cluster.awaitAllocatorIdle(WAIT), "everything of the failed query was freed");
          new Oracle(c, oracle).assertSameResult(SMALL); // and the server keeps serving
        }
      } // closing checks the root allocator
    }
  }

  @Test
  void exactPercentileValuesCountAgainstTheQueryMemoryLimit() throws Exception {
    // Each of the ~3000 spans is a group: four percentiles keep about 2.5 MB of value states on the heap, while the
    // query's Arrow buffers stay under 512 KiB (it ran within 1 MiB while those states were not charged).
    String percentiles = "SELECT SpanId, PERCENTILE_CONT(0.1) WITHIN GROUP (ORDER BY Duration),"
        + " PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY Duration),"
        + " PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY Duration),"
        + " PERCENTILE_DISC(0.99) WITHIN GROUP (ORDER BY Duration) FROM otel_traces GROUP BY SpanId";
    String few = "SELECT ServiceName, PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY Duration) FROM otel_traces"
        + " GROUP BY ServiceName";
    ProducerOptions small = ProducerOptions.defaults().withQueryMemoryLimitBytes(1 << 20);
    try (FaultCluster cluster = FaultCluster.start(2, c -> c, small, Set.of());
        Connection c = cluster.connect(); Connection oracle = cluster.connectOracle()) {
      for (int i = 0; i < 2; i++) {
        Exception e = failure(c, percentiles);
        assertEquals(FlightStatusCode.RESOURCE_EXHAUSTED, flightStatus(e), e.toString());
        assertTrue(e.getMessage().contains("query memory limit exceeded")
            && e.getMessage().contains("exact percentile values"), e.getMessage());
        assertEquals(0, cluster.awaitAllocatorIdle(WAIT), "the failed query's charge was released");
        new Oracle(c, oracle).assertSameResult(SMALL); // the server keeps serving
        assertEquals(rows(oracle, "SELECT DISTINCT ServiceName FROM otel_traces"), rows(c, few),
            "percentiles over few groups fit");
      }
    }
  }

  @Test
  void minMaxTextCopiesCountAgainstTheQueryMemoryLimit() throws Exception {
    // Each of the ~2600 spans is a group whose MIN and MAX of a ~110-byte text the aggregate copies to the heap:
    // about 0.7 MB. With two shards in flight and 256-row batches, the query's Arrow buffers peak under 200 KiB (it
    // ran within 512 KiB while those copies were not charged). Whichever allocation crosses the limit fails the
    // query: the charge's growth, or an Arrow buffer's once the charge fills the limit.
    String text = "TraceId || ' ' || SpanName || ' ' || ServiceName || ' ' || ScopeName || ' ' || ParentSpanId"
        + " || ' ' || SpanId";
    String minMax = "SELECT SpanId, MIN(" + text + "), MAX(" + text + ") FROM otel_traces GROUP BY SpanId";
    ParityQuery few = ParityQuery.of("MIN/MAX text over few groups", false,
        "SELECT ServiceName, MIN(" + text + "), MAX(SpanName) FROM otel_traces GROUP BY ServiceName");
    ProducerOptions small = ProducerOptions.defaults().withQueryMemoryLimitBytes(512 << 10);
    UnaryOperator<EngineConfig> narrow = c -> new EngineConfig(2, 256, c.pushdown(), c.queryTimeout(), c.retry(),
        c.partialResults(), c.coverageCheck());
    try (FaultCluster cluster = FaultCluster.start(24, narrow, small, Set.of());
        Connection c = cluster.connect(); Connection oracle = cluster.connectOracle()) {
      for (int i = 0; i < 2; i++) {
        Exception e = failure(c, minMax);
        assertEquals(FlightStatusCode.RESOURCE_EXHAUSTED, flightStatus(e), e.toString());
        assertTrue(e.getMessage().contains("query memory limit exceeded"), e.getMessage());
        assertEquals(0, cluster.awaitAllocatorIdle(WAIT), "the failed query's charge was released");
        Oracle o = new Oracle(c, oracle);
        o.assertSameResult(SMALL); // the server keeps serving
        o.assertSameResult(few);
      }
    }
  }

  private static int rows(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      int n = 0;
      while (rs.next()) {
        n++;
      }
      return n;
    }
  }

  @Test
  void aGapInTheCatalogFailsQueriesOverItUnlessAllowed() throws Exception {
    // 24 hourly shards, the one of 12:00-13:00 missing from the catalog.
    try (FaultCluster cluster = FaultCluster.start(24, c -> c, ProducerOptions.defaults(), Set.of(12));
        Connection c = cluster.connect(); Connection oracle = cluster.connectOracle()) {
      for (String sql : new String[] {"SELECT COUNT(*) FROM otel_logs",
          "SELECT ServiceName, COUNT(*) FROM otel_traces WHERE \"Timestamp\" >= TIMESTAMP '2026-01-01 06:00:00'"
              + " GROUP BY ServiceName",
          "SELECT COUNT(*) FROM otel_logs WHERE \"Timestamp\" BETWEEN TIMESTAMP '2026-01-01 12:30:00'"
              + " AND TIMESTAMP '2026-01-01 12:31:00'"}) {
        Exception e = failure(c, sql);
        assertEquals(FlightStatusCode.INVALID_ARGUMENT, flightStatus(e), sql + ": " + e);
        assertTrue(e.getMessage().contains("gap") && e.getMessage().contains("2026-01-01T12:"), e.getMessage());
      }
      Oracle o = new Oracle(c, oracle);
      // Ranges that avoid the gap, or reach past the catalog's end (no shard is known to be missing there), answer.
      o.assertSameResult(ParityQuery.of("before the gap", false, "SELECT ServiceName, COUNT(*) FROM otel_logs"
          + " WHERE \"Timestamp\" < {ts '2026-01-01 12:00:00'} GROUP BY ServiceName"));
      o.assertSameResult(ParityQuery.of("after the gap, open-ended", false, "SELECT COUNT(*) FROM otel_logs"
          + " WHERE \"Timestamp\" >= {ts '2026-01-01 13:00:00'}"));
      // The check can be switched off per connection; the answer then lacks the missing hour.
      try (Connection unchecked = DriverManager.getConnection(cluster.jdbcUrl("&sqlotel.check_coverage=false"))) {
        new Oracle(unchecked, oracle).assertSameResult(new ParityQuery("gap allowed", false,
            "SELECT COUNT(*) FROM otel_logs", "SELECT COUNT(*) FROM otel_logs WHERE \"Timestamp\" NOT BETWEEN "
                + io.sqlotel.it.ShardedCluster.nanos("2026-01-01 12:00:00") + " AND "
                + (io.sqlotel.it.ShardedCluster.nanos("2026-01-01 13:00:00") - 1), null));
      }
      assertEquals(0, cluster.awaitAllocatorIdle(WAIT));
    }
  }
}
