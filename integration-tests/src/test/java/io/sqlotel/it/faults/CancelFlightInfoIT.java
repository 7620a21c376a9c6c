package io.sqlotel.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.it.faults.FaultyShard.Fault;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelFlightInfoResult;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Flight's CancelFlightInfo through Arrow's {@link FlightSqlClient} (what ADBC and Flight SQL libraries send): a query
 * whose shards answer slowly (every shard trickles its answer, one byte per {@value FaultyShard#TRICKLE_MILLIS} ms) is
 * cancelled while its DoGet streams wait; the streams end with CANCELLED, the shard requests stop (the proxies see
 * their clients go away), the server frees the query's memory and answers the next query correctly.
 */
class CancelFlightInfoIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String SLOW = "SELECT ServiceName, Body FROM otel_logs WHERE SeverityNumber >= 0";

  private static FaultCluster cluster;
  private static BufferAllocator allocator;
  private static FlightSqlClient sql;

  @BeforeAll
  static void start() throws Exception {
    // a long query timeout: only the cancellation may end the slow query
    cluster = FaultCluster.start(2, c -> c.withQueryTimeout(Duration.ofSeconds(120)),
        io.sqlotel.flight.producer.ProducerOptions.defaults().withMaxEndpoints(4), Set.of());
    allocator = new RootAllocator();
    sql = new FlightSqlClient(FlightClient.builder(allocator, cluster.flight.location()).build());
  }

  @AfterAll
  static void stop() throws Exception {
    if (sql != null) {
      sql.close();
    }
    if (allocator != null) {
      allocator.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void heal() {
    cluster.heal();
  }

  private static int activeShardRequests() {
    return cluster.proxies.stream().mapToInt(FaultyShard::active).sum();
  }

  private static long shardRequests() {
    return cluster.proxies.stream().mapToLong(FaultyShard::requests).sum();
  }

  private static void await(String what, IntSupplier value, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (value.getAsInt() != expected) {
      assertTrue(System.nanoTime() < deadline, what + ": still " + value.getAsInt() + " after " + WAIT);
      Thread.sleep(10);
    }
  }

  /** Reads a whole endpoint; returns the rows or throws what the stream threw. */
  private static long drain(FlightEndpoint endpoint) throws Exception {
    long rows = 0;
    try (FlightStream s = sql.getStream(endpoint.getTicket())) {
      while (s.next()) {
        rows += s.getRoot().getRowCount();
      }
    }
    return rows;
  }

  @Test
  void cancelStopsTheRunningQueryAndItsShardRequests() throws Exception {
    cluster.proxies.forEach(p -> p.set(Fault.TRICKLE));
    FlightInfo info = sql.execute(SLOW);
    assertEquals(2, info.getEndpoints().size(), "one endpoint per shard");
    ExecutorService readers = Executors.newFixedThreadPool(info.getEndpoints().size());
    try {
      List<Future<Long>> streams = new ArrayList<>();
      for (FlightEndpoint e : info.getEndpoints()) {
        streams.add(readers.submit(() -> drain(e)));
      }
      // both shards are being asked (one request each, trickling)
      await("shard requests in flight", CancelFlightInfoIT::activeShardRequests, cluster.proxies.size());
      long asked = shardRequests();

      long t0 = System.nanoTime();
      CancelFlightInfoResult result = sql.cancelFlightInfo(new CancelFlightInfoRequest(info));
      assertEquals(CancelStatus.CANCELLED, result.getStatus());

      for (Future<Long> f : streams) {
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
            () -> f.get(WAIT.toSeconds(), TimeUnit.SECONDS), "a cancelled stream must fail, not finish");
        FlightRuntimeException fre = assertInstanceOfCause(e);
        assertEquals(FlightStatusCode.CANCELLED, fre.status().code(), fre.toString());
      }
      await("shard requests in flight after the cancellation", CancelFlightInfoIT::activeShardRequests, 0);
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      // a trickled answer takes minutes: the shard requests stopped because the query cancelled them
      assertTrue(ms < 5_000, "shard requests stopped " + ms + " ms after the cancellation");
      assertEquals(asked, shardRequests(), "no shard request was retried or sent after the cancellation");
    } finally {
      readers.shutdownNow();
    }
    assertEquals(0, cluster.awaitAllocatorIdle(WAIT), "the cancelled query released its Arrow memory");

    // the server keeps serving: the same query, healed, equals the oracle's count
    cluster.heal();
    long rows = 0;
    for (FlightEndpoint e : sql.execute(SLOW).getEndpoints()) {
      rows += drain(e);
    }
    try (Connection oracle = cluster.connectOracle(); Statement st = oracle.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM otel_logs WHERE SeverityNumber >= 0")) {
      rs.next();
      assertEquals(rs.getLong(1), rows);
    }
    assertEquals(0, cluster.awaitAllocatorIdle(WAIT));
  }

  @Test
  void aQueryCancelledBeforeItsDoGetIsRefusedAndAFinishedOneIsNotCancellable() throws Exception {
    FlightInfo pending = sql.execute(SLOW);
    long before = shardRequests();
    assertEquals(CancelStatus.CANCELLED, sql.cancelFlightInfo(new CancelFlightInfoRequest(pending)).getStatus());
    for (FlightEndpoint e : pending.getEndpoints()) {
      FlightRuntimeException fre = assertThrows(FlightRuntimeException.class, () -> drain(e));
      assertEquals(FlightStatusCode.CANCELLED, fre.status().code(), fre.toString());
    }
    assertEquals(before, shardRequests(), "a cancelled query never reaches a shard");

    FlightInfo done = sql.execute("SELECT COUNT(*) FROM otel_logs");
    assertEquals(1, done.getEndpoints().size());
    assertTrue(drain(done.getEndpoints().get(0)) == 1);
    assertEquals(CancelStatus.NOT_CANCELLABLE,
        sql.cancelFlightInfo(new CancelFlightInfoRequest(done)).getStatus());
    assertEquals(0, cluster.awaitAllocatorIdle(WAIT));
  }

  private static FlightRuntimeException assertInstanceOfCause(Throwable t) {
    Throwable c = t;
    while (c != null && !(c instanceof FlightRuntimeException)) {
      c = c.getCause();
    }
    assertTrue(c != null, "expected a FlightRuntimeException, got " + t);
    return (FlightRuntimeException) c;
  }
}
