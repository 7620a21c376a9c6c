package io.sqlotel.it.faults;

import static io.sqlotel.it.faults.FaultsIT.flightStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.it.Oracle;
import io.sqlotel.it.ParityQuery;
import io.sqlotel.it.faults.FaultyShard.Fault;
import io.sqlotel.shard.meta.ShardDescriptor;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.SessionOptionValueFactory;
import org.apache.arrow.flight.SetSessionOptionsRequest;
import org.apache.arrow.flight.client.ClientCookieMiddleware;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/**
 * A bounded load test: {@value #CLIENTS} concurrent clients run an aggregate suite for {@value #SECONDS} s against
 * 24 shards, each behind a {@link FaultyShard} that injects a random fault into about {@value #FAULT_PERCENT}% of the
 * requests. Most clients use the JDBC driver with the default settings: each answer must equal the oracle's, or be a
 * clear error (UNAVAILABLE, TIMED_OUT or INTERNAL naming a shard). A quarter use a Flight SQL client with partial
 * results on (a session option): each answer must equal the oracle's over the shards the result did not report as
 * failed. Nothing may hang, and the Flight server's memory must return to zero.
 */
class LoadIT {
  static final int CLIENTS = 32;
  static final int PARTIAL_CLIENTS = 8;
  static final int SECONDS = 20;
  static final int FAULT_PERCENT = 3;

  /** A query: the SQL for sqlotel, and for the oracle a template whose {@code %s} takes a time condition. */
  record LoadQuery(String name, boolean ordered, String sql, String oracleTemplate, String timeColumn) {
    ParityQuery parity(List<ShardDescriptor> excluded) {
      StringBuilder cond = new StringBuilder("1 = 1");
      for (ShardDescriptor s : excluded) {
        cond.append(" AND NOT (\"").append(timeColumn).append("\" >= ").append(s.range().startNanos())
            .append(" AND \"").append(timeColumn).append("\" < ").append(s.range().endNanos()).append(')');
      }
      return new ParityQuery(name, ordered, ParityQuery.sqlotel(sql),
          String.format(ParityQuery.oracle(oracleTemplate), cond), null);
    }
  }

  static final List<LoadQuery> SUITE = List.of(
      new LoadQuery("spans per service", false,
          "SELECT ServiceName, COUNT(*), SUM(Duration), MIN(Duration), MAX(Duration) FROM otel_traces"
              + " GROUP BY ServiceName",
          "SELECT ServiceName, COUNT(*), SUM(Duration), MIN(Duration), MAX(Duration) FROM otel_traces WHERE %s"
              + " GROUP BY ServiceName", "Timestamp"),
      new LoadQuery("logs per severity", false,
          "SELECT SeverityText, COUNT(*) FROM otel_logs GROUP BY SeverityText",
          "SELECT SeverityText, COUNT(*) FROM otel_logs WHERE %s GROUP BY SeverityText", "Timestamp"),
      new LoadQuery("global count", true,
          "SELECT COUNT(*), SUM(SeverityNumber) FROM otel_logs",
          "SELECT COUNT(*), SUM(SeverityNumber) FROM otel_logs WHERE %s", "Timestamp"),
      new LoadQuery("error latency", false,
          "SELECT ServiceName, AVG(Duration), COUNT(*) FROM otel_traces WHERE StatusCode = 'Error'"
              + " GROUP BY ServiceName",
          "SELECT ServiceName, AVG(Duration), COUNT(*) FROM otel_traces WHERE StatusCode = 'Error' AND %s"
              + " GROUP BY ServiceName", "Timestamp"),
      new LoadQuery("hourly buckets", false,
          "SELECT FLOOR(\"Timestamp\" TO HOUR), COUNT(*) FROM otel_traces GROUP BY FLOOR(\"Timestamp\" TO HOUR)",
          "SELECT (\"Timestamp\" / 3600000000000) * 3600000000000, COUNT(*) FROM otel_traces WHERE %s GROUP BY 1",
          "Timestamp"),
      new LoadQuery("top services", true,
          "SELECT ServiceName, COUNT(*) AS n FROM otel_logs GROUP BY ServiceName ORDER BY n DESC, ServiceName"
              + " LIMIT 5",
          "SELECT ServiceName, COUNT(*) AS n FROM otel_logs WHERE %s GROUP BY ServiceName ORDER BY n DESC,"
              + " ServiceName LIMIT 5", "Timestamp"),
      new LoadQuery("gauges", false,
          "SELECT MetricName, COUNT(*), MAX(\"Value\") FROM otel_metrics_gauge GROUP BY MetricName",
          "SELECT MetricName, COUNT(*), MAX(\"Value\") FROM otel_metrics_gauge WHERE %s GROUP BY MetricName",
          "TimeUnix"),
      new LoadQuery("half a day", false,
          "SELECT ServiceName, COUNT(*) FROM otel_traces WHERE \"Timestamp\" >= {ts '2026-01-01 06:00:00'}"
              + " AND \"Timestamp\" < {ts '2026-01-01 18:00:00'} GROUP BY ServiceName",
          "SELECT ServiceName, COUNT(*) FROM otel_traces WHERE \"Timestamp\" >= {ts '2026-01-01 06:00:00'}"
              + " AND \"Timestamp\" < {ts '2026-01-01 18:00:00'} AND %s GROUP BY ServiceName", "Timestamp"));

  /** The faults drawn at random, weighted: the slow ones (a second or more each) are rarer. */
  private static final Fault[] FAULTS = {Fault.STATUS_500, Fault.STATUS_502, Fault.STATUS_503, Fault.STATUS_503,
      Fault.RESET, Fault.RESET, Fault.TRUNCATE, Fault.GARBAGE, Fault.WRONG_SCHEMA, Fault.NON_UTF8, Fault.DELAY,
      Fault.DELAY, Fault.HANG, Fault.TRICKLE};

  private final AtomicLong queries = new AtomicLong();
  private final AtomicLong exact = new AtomicLong();
  private final AtomicLong partial = new AtomicLong();
  private final Map<FlightStatusCode, AtomicLong> errors = new ConcurrentHashMap<>();
  private final List<String> wrong = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong slowestMillis = new AtomicLong();

  @Test
  void concurrentClientsUnderRandomFaultsGetExactAnswersOrClearErrors() throws Exception {
    try (FaultCluster cluster = FaultCluster.start(24)) {
      Supplier<Fault> random = () -> ThreadLocalRandom.current().nextInt(100) < FAULT_PERCENT
          ? FAULTS[ThreadLocalRandom.current().nextInt(FAULTS.length)] : Fault.NONE;
      cluster.proxies.forEach(p -> p.setPlan(random));
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      for (int i = 0; i < CLIENTS; i++) {
        boolean partialClient = i < PARTIAL_CLIENTS;
        pool.execute(() -> {
          try {
            if (partialClient) {
              runPartialClient(cluster, end);
            } else {
              runJdbcClient(cluster, end);
            }
          } catch (Throwable t) {
            wrong.add("client crashed: " + t);
          }
        });
      }
      pool.shutdown();
      boolean finished = pool.awaitTermination(SECONDS + 30, TimeUnit.SECONDS);
      cluster.heal();
      long leaked = cluster.awaitAllocatorIdle(Duration.ofSeconds(10));

      Map<Fault, Integer> injected = new EnumMap<>(Fault.class);
      for (FaultyShard p : cluster.proxies) {
        p.injected().forEach((k, v) -> injected.merge(k, v, Integer::sum));
      }
      int faults = injected.entrySet().stream().filter(e -> e.getKey() != Fault.NONE)
          .mapToInt(Map.Entry::getValue).sum();
      injected.remove(Fault.NONE);
      System.out.printf("LoadIT: %d clients for %d s over 24 shards: queries run=%d, exact answers=%d (%d of them"
              + " partial, leaving failed shards out), clear errors=%s, faults injected=%d %s, wrong answers=%d,"
              + " leaks=%d (bytes still allocated: %d), hung clients=%s, slowest query=%d ms%n",
          CLIENTS, SECONDS, queries.get(), exact.get(), partial.get(), errors, faults, injected, wrong.size(),
          leaked == 0 ? 0 : 1, leaked, finished ? 0 : "some", slowestMillis.get());
      assertTrue(finished, "a client hung");
      assertEquals(List.of(), wrong.subList(0, Math.min(5, wrong.size())), "wrong answers: " + wrong.size());
      assertEquals(0, leaked, "Arrow bytes still allocated after the load");
      assertTrue(queries.get() >= CLIENTS, "every client ran queries: " + queries.get());
      assertTrue(faults > 0 && exact.get() > 0, "faults were injected and answers came back");
    }
  }

  private void runJdbcClient(FaultCluster cluster, long end) throws SQLException {
    try (Connection c = cluster.connect(); Connection oracle = cluster.connectOracle()) {
      Oracle o = new Oracle(c, oracle);
      while (System.nanoTime() < end) {
        LoadQuery q = SUITE.get(ThreadLocalRandom.current().nextInt(SUITE.size()));
        ParityQuery p = q.parity(List.of());
        long start = System.nanoTime();
        Oracle.Result actual;
        try {
          actual = Oracle.runSqlotel(c, p.sqlotelSql());
        } catch (SQLException | FlightRuntimeException e) {
          finished(start);
          classify(q, e);
          continue;
        }
        finished(start);
        check(o, p, actual, List.of());
      }
    }
  }

  private void runPartialClient(FaultCluster cluster, long end) throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        FlightClient client = FlightClient.builder(allocator, cluster.flight.location())
            .intercept(new ClientCookieMiddleware.Factory()).build();
        FlightSqlClient sql = new FlightSqlClient(client);
        Connection oracle = cluster.connectOracle()) {
      if (sql.setSessionOptions(new SetSessionOptionsRequest(Map.of("sqlotel.partial_results",
          SessionOptionValueFactory.makeSessionOptionValue(true)))).hasErrors()) {
        wrong.add("the session option was refused");
        return;
      }
      Oracle o = new Oracle(oracle, oracle); // only its oracle side is used (assertSameResult with a result)
      while (System.nanoTime() < end) {
        LoadQuery q = SUITE.get(ThreadLocalRandom.current().nextInt(SUITE.size()));
        long start = System.nanoTime();
        FlightResults.Read read;
        try (FlightStream stream = sql.getStream(sql.execute(ParityQuery.sqlotel(q.sql())).getEndpoints().get(0)
            .getTicket())) {
          read = FlightResults.read(stream);
        } catch (FlightRuntimeException e) {
          finished(start);
          classify(q, e);
          continue;
        }
        finished(start);
        List<ShardDescriptor> excluded = new ArrayList<>();
        for (String id : read.failedShards()) {
          cluster.descriptors.stream().filter(d -> d.id().equals(id)).forEach(excluded::add);
        }
        check(o, q.parity(excluded), read.result(), excluded);
      }
    }
  }

  private void finished(long start) {
    queries.incrementAndGet();
    slowestMillis.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), Math::max);
  }

  private void check(Oracle o, ParityQuery p, Oracle.Result actual, List<ShardDescriptor> excluded) {
    try {
      o.assertSameResult(p, actual);
      exact.incrementAndGet();
      if (!excluded.isEmpty()) {
        partial.incrementAndGet();
      }
    } catch (AssertionError | SQLException e) {
      wrong.add("wrong answer (" + excluded.size() + " shard(s) reported failed): " + e.getMessage());
    }
  }

  /** Counts a failure if it is clear (a shard fault's status, naming the shard), else records it as wrong. */
  private void classify(LoadQuery q, Exception e) {
    FlightStatusCode code = flightStatus(e);
    String m = String.valueOf(e.getMessage());
    boolean clear = (code == FlightStatusCode.UNAVAILABLE || code == FlightStatusCode.TIMED_OUT
        || code == FlightStatusCode.INTERNAL) && m.contains("shard '") && !m.contains("internal error (");
    if (clear) {
      errors.computeIfAbsent(code, k -> new AtomicLong()).incrementAndGet();
    } else {
      wrong.add("unclear error for " + q.name() + ": " + code + " " + m);
    }
  }
}
