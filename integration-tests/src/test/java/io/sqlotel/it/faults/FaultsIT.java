package io.sqlotel.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sqlotel.it.Oracle;
import io.sqlotel.it.ParityQuery;
import io.sqlotel.it.faults.FaultyShard.Fault;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every fault of {@link FaultyShard}, injected into the second of two shards and seen through the Flight SQL JDBC
 * driver: the query fails with the right status and a message naming the shard, a query that does not need the
 * faulty shard still answers correctly, the server answers the next query once the shard is healthy, and the Flight
 * server's allocator returns to zero.
 */
class FaultsIT {
  static final Duration WAIT = Duration.ofSeconds(10);
  /** Touches both shards (00:00-12:00 and 12:00-24:00). */
  static final ParityQuery BOTH = ParityQuery.of("both shards", false,
      "SELECT ServiceName, COUNT(*), SUM(SeverityNumber) FROM otel_logs GROUP BY ServiceName");
  /** Pruned to the first shard. */
  static final ParityQuery FIRST_HALF = ParityQuery.of("first half", false,
      "SELECT ServiceName, COUNT(*), MAX(\"Timestamp\") FROM otel_logs"
          + " WHERE \"Timestamp\" < {ts '2026-01-01 12:00:00'} GROUP BY ServiceName");

  private static FaultCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = FaultCluster.start(2);
  }

  @AfterAll
  static void stop() {
    cluster.close(); // throws if the Flight server's root allocator leaked
  }

  @AfterEach
  void healAndCheckTheAllocator() throws Exception {
    cluster.heal();
    assertEquals(0, cluster.awaitAllocatorIdle(WAIT), "Arrow bytes still held by the Flight server");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "REFUSE,       UNAVAILABLE, cannot connect",
      "STATUS_500,   UNAVAILABLE, disk I/O error",
      "STATUS_502,   UNAVAILABLE, 502 Bad Gateway",
      "STATUS_503,   UNAVAILABLE, database is locked",
      "RESET,        UNAVAILABLE, failed",
      "HANG,         TIMED_OUT,   no answer",
      "TRICKLE,      TIMED_OUT,   query deadline",
      "TRUNCATE,     INTERNAL,    truncated JSON",
      "GARBAGE,      INTERNAL,    malformed JSON",
      "WRONG_SCHEMA, INTERNAL,    column(s)",
      "NON_UTF8,     INTERNAL,    UTF-8"})
  void aFaultyShardFailsTheQueryWithItsNameAndTheServerKeepsServing(Fault fault, FlightStatusCode status,
      String detail) throws Exception {
    String faulty = cluster.shardId(1);
    cluster.proxies.get(1).set(fault);
    long start = System.nanoTime();
    try (Connection c = cluster.connect(); Connection oracle = cluster.connectOracle()) {
      Exception e = failure(c, BOTH.sqlotelSql());
      assertEquals(status, flightStatus(e), fault + ": " + e);
      assertTrue(e.getMessage().contains("shard '" + faulty + "'"), "names the shard: " + e.getMessage());
      assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains(detail.toLowerCase(Locale.ROOT)),
          "says why (" + detail + "): " + e.getMessage());
      assertTrue(System.nanoTime() - start < Duration.ofSeconds(8).toNanos(), "fails promptly");
      // While the shard is still faulty, queries that do not need it answer, and correctly.
      new Oracle(c, oracle).assertSameResult(FIRST_HALF);
      cluster.heal();
      new Oracle(c, oracle).assertSameResult(BOTH);
    }
  }

  @Test
  void aSlowButTimelyShardAnswersCorrectly() throws Exception {
    cluster.proxies.get(1).set(Fault.DELAY);
    try (Connection c = cluster.connect(); Connection oracle = cluster.connectOracle()) {
      new Oracle(c, oracle).assertSameResult(BOTH);
    }
  }

  @Test
  void transientFailuresAreRetriedAndTheAnswerIsExact() throws Exception {
    for (Fault f : new Fault[] {Fault.STATUS_503, Fault.STATUS_502, Fault.RESET}) {
      AtomicInteger calls = new AtomicInteger();
      cluster.proxies.get(1).setPlan(() -> calls.getAndIncrement() < 2 ? f : Fault.NONE);
      cluster.stats.clear();
      try (Connection c = cluster.connect(); Connection oracle = cluster.connectOracle()) {
        new Oracle(c, oracle).assertSameResult(BOTH);
      }
      assertTrue(calls.get() >= 3, f + ": two failures and one success, got " + calls.get() + " request(s)");
      // The statistics arrive when the query's resources are released, a moment after the client's last row.
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (cluster.stats.stream().flatMap(s -> s.requests().stream()).noneMatch(r -> r.retries() == 2)) {
        assertTrue(System.nanoTime() < deadline, f + ": the statistics record the retries: " + cluster.stats);
        Thread.sleep(5);
      }
    }
  }

  @Test
  void shardErrorsThatAreNotTransientAreNotRetried() throws Exception {
    for (Fault f : new Fault[] {Fault.STATUS_500, Fault.GARBAGE, Fault.TRUNCATE}) {
      FaultyShard proxy = cluster.proxies.get(1);
      proxy.set(f);
      long before = proxy.requests();
      try (Connection c = cluster.connect()) {
        failure(c, BOTH.sqlotelSql());
      }
      assertEquals(1, proxy.requests() - before, f + " is not retried");
    }
  }

  /** The failure of running {@code sql} to its end: from executeQuery, or from next() once rows were streamed. */
  static Exception failure(Connection c, String sql) {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        // drain
      }
    } catch (SQLException | FlightRuntimeException e) {
      return e;
    }
    return fail("expected " + sql + " to fail");
  }

  /** The Flight status code in the cause chain of {@code e}, or null. */
  static FlightStatusCode flightStatus(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof FlightRuntimeException f) {
        return f.status().code();
      }
    }
    return null;
  }

  /** Runs {@code sql} through a new JDBC connection to {@code url}, returning its failure. */
  static Exception failure(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url)) {
      return failure(c, sql);
    }
  }
}
