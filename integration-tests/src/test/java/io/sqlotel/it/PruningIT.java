package io.sqlotel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.coordinator.QueryStats;
import io.sqlotel.shard.server.ShardServer;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Time-range pruning over the 24 hourly shards, observed at the shard servers themselves: which servers received a
 * request, and what SQL they received (pushed time filter as integer nanoseconds, only the needed columns).
 */
class PruningIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  /** 2026-01-01 05:00:00 and 07:00:00 UTC in nanoseconds: the bounds the shard SQL must carry. */
  private static final long FIVE = ShardedCluster.nanos("2026-01-01 05:00:00");
  private static final long SEVEN = ShardedCluster.nanos("2026-01-01 07:00:00");
  private static final long HALF_HOUR = 1_800_000_000_000L;
  /** A SELECT list that is a star (SELECT *, SELECT t.*). */
  private static final Pattern STAR = Pattern.compile("(?i)select\\s+(distinct\\s+)?([\\w\"]+\\.)?\\*");

  private static ShardedCluster cluster;
  private static Connection sqlotel;
  private static Connection oracleConnection;
  private static Oracle oracle;

  @BeforeAll
  static void connect() throws Exception {
    cluster = ShardedCluster.shared(24);
    sqlotel = cluster.connect();
    oracleConnection = cluster.connectOracle();
    oracle = new Oracle(sqlotel, oracleConnection);
  }

  @AfterAll
  static void close() throws Exception {
    sqlotel.close();
    oracleConnection.close();
  }

  @BeforeEach
  void clearLogs() {
    cluster.clearStatsAndRequestLogs();
  }

  @AfterEach
  void allocatorIsIdle() throws InterruptedException {
    assertEquals(0, cluster.awaitAllocatorIdle(WAIT), "Arrow bytes still allocated by the Flight server");
  }

  @Test
  void windowAsksExactlyTwoShardsWithTheFilterAndOnlyTheNeededColumns() throws Exception {
    ParityQuery q = ParityQuery.of("90 min window rows", false,
        "SELECT SpanId, Duration FROM otel_traces"
            + " WHERE \"Timestamp\" >= {ts '2026-01-01 05:30:00'} AND \"Timestamp\" < {ts '2026-01-01 07:00:00'}"
            + " AND ServiceName = 'checkout'");
    oracle.assertSameResult(q);

    List<Integer> asked = askedShards();
    assertEquals(List.of(5, 6), asked, "shards that received a request");
    for (int shard : asked) {
      List<String> log = cluster.shardServers().get(shard).requestLog();
      assertEquals(1, log.size(), "requests to shard " + shard + ": " + log);
      String sql = log.get(0);
      System.out.println("PruningIT: shard " + shard + " received: " + sql);
      if (shard == 5) {
        assertTrue(sql.contains(Long.toString(FIVE + HALF_HOUR)) && sql.contains(Long.toString(SEVEN)),
            "the shard the window cuts gets the window as integer nanoseconds: " + sql);
      } else {
        assertFalse(sql.contains("\"Timestamp\""), "shard 6 lies inside the window: no time conjuncts: " + sql);
      }
      assertTrue(sql.contains("'checkout'"), "the service filter is pushed too: " + sql);
      assertFalse(STAR.matcher(sql).find(), "no SELECT *: " + sql);
      assertTrue(sql.contains("\"SpanId\"") && sql.contains("\"Duration\""), "the needed columns: " + sql);
      for (String unneeded : List.of("SpanAttributes", "ResourceAttributes", "Events", "Links", "StatusMessage",
          "TraceState", "ParentSpanId")) {
        assertFalse(sql.contains(unneeded), "column " + unneeded + " is not needed: " + sql);
      }
    }
    QueryStats stats = cluster.awaitStats(q.sqlotelSql(), WAIT);
    assertEquals(2, stats.shardsAsked(), "shards asked");
    assertEquals(22, stats.shardsPruned(), "shards pruned");
    assertEquals(2, stats.requests().size(), "shard requests");
  }

  @Test
  void aggregateOverTwoHourWindowPushesFilterAndAggregate() throws Exception {
    ParityQuery q = ParityQuery.of("2h window aggregate", false,
        "SELECT ServiceName, COUNT(*), SUM(Duration) FROM otel_traces"
            + " WHERE \"Timestamp\" >= {ts '2026-01-01 05:00:00'} AND \"Timestamp\" < {ts '2026-01-01 07:00:00'}"
            + " GROUP BY ServiceName");
    oracle.assertSameResult(q);
    assertEquals(List.of(5, 6), askedShards(), "shards that received a request");
    for (int shard : askedShards()) {
      String sql = cluster.shardServers().get(shard).requestLog().get(0);
      System.out.println("PruningIT: shard " + shard + " received: " + sql);
      String lower = sql.toLowerCase(Locale.ROOT);
      // both slices lie inside the window: no time conjuncts, and a table scan rather than a walk of the
      // (ServiceName, SpanName, Timestamp) index with a row lookup per span
      assertFalse(sql.contains("\"Timestamp\""), sql);
      assertTrue(sql.contains("\"otel_traces\" NOT INDEXED"), sql);
      assertTrue(lower.contains("group by") && lower.contains("count(") && lower.contains("sum("),
          "the aggregate is pushed: " + sql);
      assertFalse(STAR.matcher(sql).find(), "no SELECT *: " + sql);
    }
  }

  @Test
  void inclusiveUpperBoundAsksTheShardStartingAtIt() throws Exception {
    // BETWEEN includes 07:00:00.000000000 exactly, the first instant of shard 7.
    oracle.assertSameResult(ParityQuery.of("BETWEEN window", true,
        "SELECT COUNT(*) FROM otel_logs"
            + " WHERE \"Timestamp\" BETWEEN {ts '2026-01-01 05:00:00'} AND {ts '2026-01-01 07:00:00'}"));
    assertEquals(List.of(5, 6, 7), askedShards(), "shards that received a request");
  }

  @Test
  void subHourWindowAsksOneShard() throws Exception {
    oracle.assertSameResult(ParityQuery.of("30 min window", true,
        "SELECT COUNT(*), MAX(Duration) FROM otel_traces"
            + " WHERE \"Timestamp\" >= {ts '2026-01-01 13:15:00'} AND \"Timestamp\" < {ts '2026-01-01 13:45:00'}"));
    assertEquals(List.of(13), askedShards(), "shards that received a request");
  }

  @Test
  void disjointWindowsAskOnlyTheirShards() throws Exception {
    oracle.assertSameResult(ParityQuery.of("two windows", true,
        "SELECT COUNT(*) FROM otel_traces"
            + " WHERE (\"Timestamp\" >= {ts '2026-01-01 01:00:00'} AND \"Timestamp\" < {ts '2026-01-01 02:00:00'})"
            + " OR (\"Timestamp\" >= {ts '2026-01-01 20:10:00'} AND \"Timestamp\" < {ts '2026-01-01 20:20:00'})"));
    assertEquals(List.of(1, 20), askedShards(), "shards that received a request");
  }

  @Test
  void windowMatchingNoShardSendsNoRequestAndStillAnswers() throws Exception {
    for (ParityQuery q : List.of(
        ParityQuery.of("after the data", true, "SELECT COUNT(*), SUM(Duration), MAX(SpanName) FROM otel_traces"
            + " WHERE \"Timestamp\" >= {ts '2026-01-02 00:00:00'}"),
        ParityQuery.of("before the data", true, "SELECT COUNT(*) FROM otel_logs"
            + " WHERE \"Timestamp\" < {ts '2025-12-31 23:59:59'}"),
        ParityQuery.of("no rows after the data", false, "SELECT ServiceName, Body FROM otel_logs"
            + " WHERE \"Timestamp\" >= {ts '2026-06-01 00:00:00'} AND ServiceName = 'cart'"))) {
      cluster.clearStatsAndRequestLogs();
      Oracle.Result r = oracle.assertSameResult(q);
      if (q.name().startsWith("after") || q.name().startsWith("before")) {
        assertEquals(0L, r.rows().get(0).get(0), q.name() + ": COUNT(*)");
      }
      assertEquals(List.of(), askedShards(), q.name() + ": no shard may receive a request");
      QueryStats stats = cluster.awaitStats(q.sqlotelSql(), WAIT);
      assertEquals(0, stats.shardsAsked(), q.name());
      assertEquals(24, stats.shardsPruned(), q.name());
      assertEquals(0, stats.requests().size(), q.name());
    }
  }

  @Test
  void windowOnAnEmptyShardAsksItAndAnswersZero() throws Exception {
    Oracle.Result r = oracle.assertSameResult(ParityQuery.of("empty hour", true,
        "SELECT COUNT(*), SUM(Duration) FROM otel_traces"
            + " WHERE \"Timestamp\" >= {ts '2026-01-01 03:00:00'} AND \"Timestamp\" < {ts '2026-01-01 04:00:00'}"));
    assertEquals(0L, r.rows().get(0).get(0));
    assertEquals(List.of(3), askedShards(), "shards that received a request");
  }

  /** Indexes of the shard servers whose request log is not empty. */
  private static List<Integer> askedShards() {
    List<Integer> asked = new ArrayList<>();
    List<ShardServer> servers = cluster.shardServers();
    for (int i = 0; i < servers.size(); i++) {
      if (!servers.get(i).requestLog().isEmpty()) {
        asked.add(i);
      }
    }
    return asked;
  }
}
