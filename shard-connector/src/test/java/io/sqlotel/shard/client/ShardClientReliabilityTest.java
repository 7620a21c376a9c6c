package io.sqlotel.shard.client;

import static io.sqlotel.shard.client.CannedShardServer.ok;
import static io.sqlotel.shard.client.CannedShardServer.rows;
import static io.sqlotel.shard.client.CannedShardServer.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.shard.client.ShardException.Kind;
import io.sqlotel.shard.meta.ShardDescriptor;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deadlines, retries and tolerated failures of {@link ShardClient#query} with {@link FanOutOptions}. */
class ShardClientReliabilityTest {
  private static final RetryPolicy FAST_RETRY = new RetryPolicy(2, 16, Duration.ofMillis(5), Duration.ofMillis(20));

  private CannedShardServer server;
  private BufferAllocator allocator;
  private ShardClient client;
  private final ConcurrentLinkedQueue<ShardRequestStats> stats = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void setUp() throws Exception {
    server = new CannedShardServer();
    allocator = new RootAllocator();
    client = new ShardClient(new ShardClientConfig(64, Duration.ofSeconds(2), Duration.ofSeconds(5), 4));
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
    assertEquals(0, allocator.getAllocatedMemory(), "Arrow memory leaked");
    allocator.close();
  }

  private static FanOutOptions options(Deadline deadline, RetryPolicy retry, boolean tolerate) {
    return new FanOutOptions(deadline, retry, retry.newBudget(), tolerate);
  }

  private Map<String, List<Long>> run(FanOutOptions options, ShardDescriptor... shards) throws InterruptedException {
    List<ShardRequest> requests = new ArrayList<>();
    for (ShardDescriptor s : shards) {
      requests.add(new ShardRequest(s, ShardClientTest.SQL));
    }
    try (ShardBatchStream stream = client.query(requests, ShardClientTest.SCHEMA, allocator, 4, stats::add,
        options)) {
      return ShardClientTest.drain(stream);
    }
  }

  private ShardException failure(FanOutOptions options, ShardDescriptor... shards) {
    return assertThrows(ShardException.class, () -> run(options, shards));
  }

  /** A handler failing its first {@code failures} calls with {@code status}, then answering {@code body}. */
  private static CannedShardServer.Handler failingFirst(int failures, int status, String body) {
    AtomicInteger calls = new AtomicInteger();
    return ex -> {
      if (calls.incrementAndGet() <= failures) {
        send(ex, status, "{\"error\": {\"message\": \"busy\", \"code\": \"UNAVAILABLE\"}}");
      } else {
        send(ex, 200, body);
      }
    };
  }

  private long arrivals(String name) {
    synchronized (server.arrivals) {
      return server.arrivals.stream().filter(name::equals).count();
    }
  }

  @Test
  void transientFailuresBeforeAnyRowAreRetried() throws Exception {
    ShardDescriptor flaky = server.shard("flaky", failingFirst(2, 503, rows(0, 3)));
    ShardDescriptor gateway = server.shard("gateway", failingFirst(1, 502, rows(10, 2)));
    // The first call drops the connection without an answer, as a crashing proxy does.
    AtomicInteger resetCalls = new AtomicInteger();
    ShardDescriptor reset = server.shard("reset", ex -> {
      if (resetCalls.incrementAndGet() == 1) {
        throw new IllegalStateException("drop the connection");
      }
      send(ex, 200, rows(20, 1));
    });
    Map<String, List<Long>> values = run(options(Deadline.NONE, FAST_RETRY, false), flaky, gateway, reset);
    assertEquals(List.of(0L, 1L, 2L), values.get("flaky"));
    assertEquals(List.of(10L, 11L), values.get("gateway"));
    assertEquals(List.of(20L), values.get("reset"));
    Map<String, Integer> retries = stats.stream().collect(Collectors.toMap(ShardRequestStats::shardId,
        ShardRequestStats::retries));
    assertEquals(Map.of("flaky", 2, "gateway", 1, "reset", 1), retries);
    assertTrue(stats.stream().allMatch(s -> s.error() == null));
    assertEquals(3, arrivals("flaky"));
  }

  @Test
  void retriesAreBoundedPerRequestAndPerQuery() throws Exception {
    ShardDescriptor down = server.shard("down", failingFirst(100, 503, rows(0, 1)));
    ShardException e = failure(options(Deadline.NONE, FAST_RETRY, false), down);
    assertEquals(Kind.UNAVAILABLE, e.kind());
    assertEquals(503, e.httpStatus());
    assertEquals(3, arrivals("down"), "one attempt and two retries");
    assertEquals(2, stats.peek().retries());

    stats.clear();
    RetryPolicy tight = new RetryPolicy(2, 1, Duration.ofMillis(5), Duration.ofMillis(5));
    ShardDescriptor a = server.shard("a", failingFirst(100, 503, rows(0, 1)));
    ShardDescriptor b = server.shard("b", failingFirst(100, 504, rows(0, 1)));
    List<ShardRequest> requests = List.of(new ShardRequest(a, ShardClientTest.SQL),
        new ShardRequest(b, ShardClientTest.SQL));
    RetryBudget budget = tight.newBudget();
    try (ShardBatchStream stream = client.query(requests, ShardClientTest.SCHEMA, allocator, 1, stats::add,
        new FanOutOptions(Deadline.NONE, tight, budget, true))) {
      // Both fail, tolerated: the stream ends without rows (the coordinator then fails the query, not the stream).
      assertEquals(Map.of(), ShardClientTest.drain(stream));
    }
    assertEquals(1, budget.spent(), "the query's budget allows one retry in all");
    assertEquals(3, arrivals("a") + arrivals("b"));
  }

  @Test
  void clientErrorsServerFaultsAndBadAnswersAreNeverRetried() throws Exception {
    ShardDescriptor bad = server.shard("bad", failingFirst(100, 400, rows(0, 1)));
    ShardDescriptor broken = server.shard("broken", failingFirst(100, 500, rows(0, 1)));
    ShardDescriptor garbage = server.shard("garbage", ok("{\"columns\": [\"v\", \"s\"], \"rows\": [[1, "));
    for (ShardDescriptor s : List.of(bad, broken, garbage)) {
      failure(options(Deadline.NONE, FAST_RETRY, false), s);
      assertEquals(1, arrivals(s.id()), s.id());
    }
  }

  @Test
  void aFailureAfterRowsWereHandedOutIsNeverRetried() throws Exception {
    // 8 rows fill two batches of 4; then the connection drops in the middle of the chunked body.
    ShardDescriptor dropping = server.shard("dropping", ex -> {
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      String body = rows(0, 12);
      out.write(body.substring(0, body.indexOf("[9,")).getBytes(StandardCharsets.UTF_8));
      out.flush();
      Thread.sleep(200);
      throw new IllegalStateException("drop the connection");
    });
    List<ShardRequest> requests = List.of(new ShardRequest(dropping, ShardClientTest.SQL));
    try (ShardBatchStream stream = client.query(requests, ShardClientTest.SCHEMA, allocator, 1, stats::add,
        options(Deadline.NONE, FAST_RETRY, true))) {
      ShardBatch first = stream.next();
      assertEquals(4, first.root().getRowCount());
      first.close();
      ShardException e = assertThrows(ShardException.class, () -> {
        for (ShardBatch b = stream.next(); b != null; b = stream.next()) {
          b.close();
        }
      });
      assertEquals("dropping", e.shardId());
    }
    assertEquals(1, arrivals("dropping"));
    assertEquals(0, stats.peek().retries());
  }

  @Test
  void theDeadlineEndsWaitingForASlowOrTricklingShard() throws Exception {
    ShardDescriptor sleepy = server.shard("sleepy", server.delayed(10_000, rows(0, 1)));
    long start = System.nanoTime();
    ShardException e = failure(options(Deadline.after(Duration.ofMillis(300)), FAST_RETRY, false), sleepy);
    assertEquals(Kind.TIMEOUT, e.kind());
    assertEquals("sleepy", e.shardId());
    assertTrue(e.getMessage().contains("query deadline of 300 ms"), e.getMessage());

    // A shard that sends a byte every 50 ms never trips the 5 s request timeout, but the deadline still holds.
    ShardDescriptor trickle = server.shard("trickle", ex -> {
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      out.write("{\"columns\": [\"v\", \"s\"], \"rows\": [".getBytes(StandardCharsets.UTF_8));
      while (!server.release.await(50, TimeUnit.MILLISECONDS)) {
        out.write(' ');
        out.flush();
      }
    });
    ShardException t = failure(options(Deadline.after(Duration.ofMillis(400)), FAST_RETRY, true), trickle);
    assertEquals(Kind.TIMEOUT, t.kind(), "the deadline is never tolerated, even with partial results");
    assertEquals("trickle", t.shardId());
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4), "deadlines are prompt");
  }

  @Test
  void theDeadlineAlsoBoundsWaitingForAConnectionPermit() throws Exception {
    client.close();
    client = new ShardClient(new ShardClientConfig(1, Duration.ofSeconds(2), Duration.ofSeconds(10), 4));
    ShardDescriptor hog = server.shard("hog", server.delayed(10_000, rows(0, 1)));
    ShardDescriptor waiting = server.shard("waiting", ok(rows(0, 1)));
    try (ShardBatchStream hogStream = client.query(List.of(new ShardRequest(hog, ShardClientTest.SQL)),
        ShardClientTest.SCHEMA, allocator, 1, ShardRequestListener.NONE)) {
      while (server.inFlight.get() == 0) {
        Thread.sleep(5); // the hog holds the only permit
      }
      ShardException e = failure(options(Deadline.after(Duration.ofMillis(300)), RetryPolicy.NONE, false), waiting);
      assertEquals(Kind.TIMEOUT, e.kind());
      assertEquals("waiting", e.shardId());
      assertTrue(e.getMessage().contains("could not be sent"), e.getMessage());
    }
  }

  @Test
  void toleratedFailuresEndTheStreamWithTheOtherShardsRows() throws Exception {
    ShardDescriptor good = server.shard("good", ok(rows(0, 5)));
    ShardDescriptor down = server.shard("down", failingFirst(100, 503, rows(0, 1)));
    ShardDescriptor garbage = server.shard("garbage", ok("not json"));
    ShardDescriptor columns = server.shard("columns", ok("{\"columns\": [\"v\"], \"rows\": [[1]], \"meta\": {}}"));
    Map<String, List<Long>> values = run(options(Deadline.NONE, FAST_RETRY, true), good, down, garbage, columns);
    assertEquals(Map.of("good", List.of(0L, 1L, 2L, 3L, 4L)), values);
    Map<String, Kind> failed = new java.util.TreeMap<>();
    for (ShardRequestStats s : stats) {
      if (s.error() != null) {
        failed.put(s.shardId(), ((ShardException) s.error()).kind());
      }
    }
    assertEquals(Map.of("down", Kind.UNAVAILABLE, "garbage", Kind.BAD_RESPONSE, "columns", Kind.BAD_RESPONSE),
        failed);

    // A shard that refuses the query is not a shard failure: the query itself is wrong.
    ShardDescriptor refuses = server.shard("refuses", failingFirst(100, 400, rows(0, 1)));
    ShardException e = failure(options(Deadline.NONE, FAST_RETRY, true), good, refuses);
    assertEquals(Kind.QUERY_ERROR, e.kind());
  }

  @Test
  void backoffGrowsExponentiallyWithJitterUpToTheCap() {
    RetryPolicy p = new RetryPolicy(5, 5, Duration.ofMillis(100), Duration.ofMillis(300));
    List<Long> first = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 200; i++) {
      long b1 = p.backoffNanos(1);
      long b2 = p.backoffNanos(2);
      long b5 = p.backoffNanos(5);
      assertTrue(b1 >= 50_000_000L && b1 <= 100_000_000L, "retry 1: " + b1);
      assertTrue(b2 >= 100_000_000L && b2 <= 200_000_000L, "retry 2: " + b2);
      assertTrue(b5 >= 150_000_000L && b5 <= 300_000_000L, "retry 5 is capped: " + b5);
      first.add(b1);
    }
    assertTrue(first.stream().distinct().count() > 10, "jitter spreads the waits");
    assertTrue(RetryPolicy.isTransient(new ShardException("s", Kind.UNAVAILABLE, null, null, "refused", null)));
    assertTrue(RetryPolicy.isTransient(new ShardException("s", Kind.UNAVAILABLE, 503, null, "busy", null)));
    assertTrue(!RetryPolicy.isTransient(new ShardException("s", Kind.UNAVAILABLE, 500, null, "disk", null)));
    assertTrue(!RetryPolicy.isTransient(new ShardException("s", Kind.QUERY_ERROR, 429, null, "slow down", null)));
    assertTrue(!RetryPolicy.isTransient(new ShardException("s", Kind.TIMEOUT, null, null, "slow", null)));
  }
}
