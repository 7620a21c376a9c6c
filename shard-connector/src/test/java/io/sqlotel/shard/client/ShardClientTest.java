package io.sqlotel.shard.client;

import static io.sqlotel.shard.client.CannedShardServer.ok;
import static io.sqlotel.shard.client.CannedShardServer.rows;
import static io.sqlotel.shard.client.CannedShardServer.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.shard.client.ShardException.Kind;
import io.sqlotel.shard.meta.ShardDescriptor;
import io.sqlotel.shard.meta.TimeRange;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against real HTTP servers answering canned bodies. */
class ShardClientTest {
  static final Schema SCHEMA = new Schema(List.of(Field.nullable("v", new ArrowType.Int(64, true)),
      Field.nullable("s", ArrowType.Utf8.INSTANCE)));
  static final String SQL = "SELECT v, s FROM t";

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

  List<ShardRequest> requests(ShardDescriptor... shards) {
    return Arrays.stream(shards).map(s -> new ShardRequest(s, SQL)).collect(Collectors.toList());
  }

  /** Drains a stream, returning the values of column v per shard. */
  static Map<String, List<Long>> drain(ShardBatchStream stream) throws InterruptedException {
    Map<String, List<Long>> values = new HashMap<>();
    for (ShardBatch next = stream.next(); next != null; next = stream.next()) {
      try (ShardBatch b = next) {
        BigIntVector v = (BigIntVector) b.root().getVector(0);
        VarCharVector s = (VarCharVector) b.root().getVector(1);
        for (int i = 0; i < b.root().getRowCount(); i++) {
          values.computeIfAbsent(b.shardId(), k -> new ArrayList<>()).add(v.get(i));
          assertEquals("row-" + v.get(i), s.getObject(i).toString());
        }
      }
    }
    return values;
  }

  ShardException failure(ShardDescriptor shard) throws InterruptedException {
    try (ShardBatchStream stream = client.query(requests(shard), SCHEMA, allocator, 4, stats::add)) {
      return assertThrows(ShardException.class, () -> drain(stream));
    }
  }

  @Test
  void fanOutDeliversEveryRowInShardOrderWithStats() throws Exception {
    List<ShardDescriptor> shards = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      shards.add(server.shard("s" + i, ok(rows(i * 1000L, 10))));
    }
    Map<String, List<Long>> values;
    try (ShardBatchStream stream = client.query(requests(shards.toArray(new ShardDescriptor[0])), SCHEMA, allocator,
        2, stats::add)) {
      values = drain(stream);
      assertNull(stream.next(), "stays at the end");
    }
    assertEquals(5, values.size());
    for (int i = 0; i < 5; i++) {
      List<Long> expected = new ArrayList<>();
      for (int r = 0; r < 10; r++) {
        expected.add(i * 1000L + r);
      }
      assertEquals(expected, values.get("s" + i), "rows of shard s" + i + " in order");
    }
    assertEquals(5, stats.size());
    for (ShardRequestStats s : stats) {
      assertNull(s.error());
      assertEquals(SQL, s.sql());
      assertEquals(10, s.rowsReceived());
      int index = Integer.parseInt(s.shardId().substring(1));
      assertEquals(rows(index * 1000L, 10).getBytes(StandardCharsets.UTF_8).length, s.bytesReceived());
      assertEquals(20, s.shardRowsRead());
      assertEquals(0.25, s.shardDurationMs());
      assertTrue(s.elapsedNanos() > 0);
    }
  }

  @Test
  void maxInFlightBoundsOneCallAndRequestsStartInListOrder() throws Exception {
    ShardDescriptor[] shards = new ShardDescriptor[8];
    for (int i = 0; i < shards.length; i++) {
      shards[i] = server.shard("s" + i, server.delayed(100, rows(i, 3)));
    }
    try (ShardBatchStream stream = client.query(requests(shards), SCHEMA, allocator, 3, stats::add)) {
      assertEquals(8, drain(stream).size());
    }
    assertTrue(server.maxInFlight.get() <= 3, "at most 3 in flight, saw " + server.maxInFlight.get());
    assertTrue(server.maxInFlight.get() >= 2, "requests overlap, saw " + server.maxInFlight.get());

    server.arrivals.clear();
    server.maxInFlight.set(0);
    for (int i = 0; i < shards.length; i++) {
      shards[i] = server.shard("s" + i, ok(rows(i, 3)));
    }
    try (ShardBatchStream stream = client.query(requests(shards), SCHEMA, allocator, 1, stats::add)) {
      drain(stream);
    }
    assertEquals(List.of("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7"), server.arrivals);
    assertEquals(1, server.maxInFlight.get());
  }

  @Test
  void globalLimitHoldsAcrossCalls() throws Exception {
    client.close();
    client = new ShardClient(new ShardClientConfig(2, Duration.ofSeconds(2), Duration.ofSeconds(5), 4));
    ShardDescriptor[] shards = new ShardDescriptor[4];
    for (int i = 0; i < shards.length; i++) {
      shards[i] = server.shard("s" + i, server.delayed(80, rows(i, 3)));
    }
    ExecutorService consumers = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int call = 0; call < 2; call++) {
        ShardBatchStream stream = client.query(requests(shards), SCHEMA, allocator, 4, stats::add);
        results.add(consumers.submit(() -> {
          try (stream) {
            return drain(stream).size();
          }
        }));
      }
      for (Future<Integer> f : results) {
        assertEquals(4, f.get());
      }
    } finally {
      consumers.shutdownNow();
    }
    assertTrue(server.maxInFlight.get() <= 2, "at most 2 in flight overall, saw " + server.maxInFlight.get());
    assertEquals(8, stats.size());
  }

  @Test
  void sendsSqlParametersAndToken() throws Exception {
    ShardDescriptor plain = server.shard("plain", ok(rows(0, 1)), "tok-1", false);
    ShardDescriptor js = server.shard("js", ok(rows(0, 1)), null, true);
    List<Object> params = Arrays.asList(1L, 2, 2.5, "x\"y", true, new byte[] {0, 1}, null, Long.MAX_VALUE,
        Double.NaN);
    try (ShardBatchStream stream = client.query(List.of(new ShardRequest(plain, "SELECT ?", params),
        new ShardRequest(js, "SELECT ?", params)), SCHEMA, allocator, 2, stats::add)) {
      drain(stream);
    }
    assertEquals("{\"sql\":\"SELECT ?\",\"params\":[1,2,2.5,\"x\\\"y\",true,{\"blob\":\"AAE=\"},null,"
        + "9223372036854775807,\"NaN\"]}", server.bodies.get("plain"));
    assertEquals("{\"sql\":\"SELECT ?\",\"params\":[1,2,2.5,\"x\\\"y\",true,{\"blob\":\"AAE=\"},null,"
        + "\"9223372036854775807\",\"NaN\"]}", server.bodies.get("js"));
    assertEquals("Bearer tok-1", server.authorizations.get("plain"));
    assertFalse(server.authorizations.containsKey("js"));
    assertThrows(IllegalArgumentException.class,
        () -> new ShardRequest(plain, "SELECT ?", List.of(new java.math.BigDecimal("1"))));
  }

  @Test
  void httpErrorsBecomeShardExceptions() throws Exception {
    ShardException e400 = failure(server.shard("bad", ex -> send(ex, 400,
        "{\"error\": {\"message\": \"no such column: x\", \"code\": \"SQL_ERROR\"}}")));
    assertEquals(Kind.QUERY_ERROR, e400.kind());
    assertEquals("bad", e400.shardId());
    assertEquals(400, e400.httpStatus());
    assertEquals("SQL_ERROR", e400.remoteCode());
    assertEquals("shard 'bad' failed the query (HTTP 400, code SQL_ERROR): no such column: x", e400.getMessage());

    ShardException e500 = failure(server.shard("broken", ex -> send(ex, 500,
        "{\"error\": {\"message\": \"disk I/O error\", \"code\": \"INTERNAL\"}}")));
    assertEquals(Kind.UNAVAILABLE, e500.kind());
    assertEquals(500, e500.httpStatus());
    assertTrue(e500.getMessage().contains("disk I/O error"), e500.getMessage());

    ShardException html = failure(server.shard("proxy", ex -> send(ex, 502,
        "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body></html>")));
    assertEquals(Kind.UNAVAILABLE, html.kind());
    assertTrue(html.getMessage().startsWith("shard 'proxy' unavailable (HTTP 502): body is not the protocol's error"
        + " JSON: \"<html> <head><title>502 Bad Gateway"), html.getMessage());

    ShardException garbage = failure(server.shard("garbage", ok("<html>surprise</html>")));
    assertEquals(Kind.BAD_RESPONSE, garbage.kind());
    assertTrue(garbage.getMessage().startsWith("shard 'garbage' sent a bad response (HTTP 200): malformed JSON"),
        garbage.getMessage());

    ShardException trailer = failure(server.shard("trailer", ok("{\"columns\": [\"v\", \"s\"], \"rows\": [[1, \"row-1\"]],"
        + " \"error\": {\"message\": \"interrupted\", \"code\": \"SQL_ERROR\"}}")));
    assertEquals(Kind.QUERY_ERROR, trailer.kind());
    assertEquals(200, trailer.httpStatus());
    assertEquals("SQL_ERROR", trailer.remoteCode());
    assertTrue(trailer.getMessage().contains("interrupted"), trailer.getMessage());

    ShardException columns = failure(server.shard("columns", ok("{\"columns\": [\"v\"], \"rows\": [], \"meta\": {}}")));
    assertEquals(Kind.BAD_RESPONSE, columns.kind());
    assertTrue(columns.getMessage().contains("1 column(s) [v] but the schema expects 2 [v, s]"), columns.getMessage());

    assertEquals(6, stats.size());
    assertTrue(stats.stream().allMatch(s -> s.error() instanceof ShardException));
  }

  @Test
  void refusedConnectionIsUnavailable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ShardDescriptor gone = new ShardDescriptor("gone", URI.create("http://127.0.0.1:" + port), TimeRange.ALL, null,
        false);
    ShardException e = failure(gone);
    assertEquals(Kind.UNAVAILABLE, e.kind());
    assertNull(e.httpStatus());
    assertTrue(e.getMessage().startsWith("shard 'gone' unavailable: cannot connect to http://127.0.0.1:" + port),
        e.getMessage());
    assertFalse(client.isHealthy(gone));
    ShardException rows = assertThrows(ShardException.class, () -> client.queryRows(gone, "SELECT 1"));
    assertEquals(Kind.UNAVAILABLE, rows.kind());
  }

  @Test
  void slowShardsTimeOutBeforeAndDuringTheBody() throws Exception {
    client.close();
    client = new ShardClient(new ShardClientConfig(8, Duration.ofSeconds(1), Duration.ofMillis(300), 4));
    long start = System.nanoTime();
    ShardException headers = failure(server.shard("sleepy", server.delayed(5_000, rows(0, 1))));
    assertEquals(Kind.TIMEOUT, headers.kind());
    assertTrue(headers.getMessage().contains("300 ms"), headers.getMessage());

    ShardException body = failure(server.shard("stalled", server.stallAfter(
        "{\"columns\": [\"v\", \"s\"], \"rows\": [[1, \"row-1\"], ")));
    assertEquals(Kind.TIMEOUT, body.kind());
    assertTrue(body.getMessage().startsWith("shard 'stalled' timed out: no answer from"), body.getMessage());
    assertTrue(System.nanoTime() - start < 3_000_000_000L, "timeouts are prompt");
    assertTrue(stats.stream().allMatch(s -> ((ShardException) s.error()).kind() == Kind.TIMEOUT));
  }

  @Test
  void aSlowConsumerIsNotATimeout() throws Exception {
    client.close();
    client = new ShardClient(new ShardClientConfig(8, Duration.ofSeconds(1), Duration.ofMillis(200), 1));
    ShardDescriptor shard = server.shard("s", ok(rows(0, 8)));
    int batches = 0;
    try (ShardBatchStream stream = client.query(requests(shard), SCHEMA, allocator, 1, stats::add)) {
      for (ShardBatch b = stream.next(); b != null; b = stream.next()) {
        b.close();
        batches++;
        Thread.sleep(60); // 8 x 60 ms > 200 ms, but the shard never makes the worker wait
      }
    }
    assertEquals(8, batches);
    assertNull(stats.peek().error());
  }

  @Test
  void closeCancelsEverythingAndFreesMemory() throws Exception {
    ShardDescriptor[] shards = new ShardDescriptor[5];
    for (int i = 0; i < shards.length; i++) {
      shards[i] = server.shard("e" + i, server.endless());
    }
    ShardBatchStream stream = client.query(requests(shards), SCHEMA, allocator, 3, stats::add);
    stream.next().close();
    stream.next().close();
    Thread.sleep(200); // the queue fills up and the workers block on it
    assertTrue(allocator.getAllocatedMemory() > 0, "batches are waiting in the queue");
    long start = System.nanoTime();
    stream.close();
    assertTrue(System.nanoTime() - start < 2_000_000_000L, "close is prompt");
    assertEquals(0, allocator.getAllocatedMemory(), "close freed every batch");
    stream.close(); // idempotent
    ShardException after = assertThrows(ShardException.class, stream::next);
    assertEquals(Kind.CANCELLED, after.kind());

    assertEquals(5, stats.size(), "one report per request");
    assertEquals(5, stats.stream().map(ShardRequestStats::shardId).distinct().count());
    for (ShardRequestStats s : stats) {
      assertEquals(Kind.CANCELLED, ((ShardException) s.error()).kind(), s.toString());
    }
    assertEquals(2, stats.stream().filter(s -> s.error().getMessage().contains("not sent")).count());
  }

  @Test
  void aFullQueueStopsTheWorkerSoMemoryStaysBounded() throws Exception {
    ShardDescriptor shard = server.shard("endless", server.endless());
    try (ShardBatchStream stream = client.query(requests(shard), SCHEMA, allocator, 1, stats::add)) {
      ShardBatch first = stream.next();
      first.close();
      Thread.sleep(300); // the shard keeps writing; the worker must stop at a full queue
      long held = allocator.getAllocatedMemory();
      Thread.sleep(200);
      assertEquals(held, allocator.getAllocatedMemory(), "no batch was decoded while the queue was full");
      assertTrue(held < 16 * 1024, "only a few small batches are held, not the stream: " + held + " bytes");
      long expected = 4; // batchRows is 4: the first batch held rows 0..3
      for (int i = 0; i < 50; i++) {
        try (ShardBatch b = stream.next()) {
          BigIntVector v = (BigIntVector) b.root().getVector(0);
          for (int r = 0; r < b.root().getRowCount(); r++) {
            assertEquals(expected++, v.get(r), "rows keep their order");
          }
        }
      }
    }
  }

  @Test
  void aBadAnswerThatNeverEndsFailsAtOnceWithoutReadingTheRest() throws Exception {
    // The endless answer has two columns; a one-column schema fails at the header. Closing the body must drop the
    // connection rather than drain an answer that never ends.
    Schema oneColumn = new Schema(List.of(Field.nullable("v", new ArrowType.Int(64, true))));
    long t0 = System.nanoTime();
    try (ShardBatchStream stream = client.query(requests(server.shard("endless", server.endless())), oneColumn,
        allocator, 1, stats::add)) {
      ShardException e = assertThrows(ShardException.class, stream::next);
      assertEquals(Kind.BAD_RESPONSE, e.kind(), e.toString());
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms < 5_000, "failed after " + ms + " ms");
    assertEquals(1, stats.size());
    assertEquals(0, allocator.getAllocatedMemory());
  }

  @Test
  void closingTheClientCancelsItsOpenStreams() throws Exception {
    ShardBatchStream stream = client.query(requests(server.shard("endless", server.endless())), SCHEMA, allocator,
        1, stats::add);
    stream.next().close();
    client.close();
    assertEquals(0, allocator.getAllocatedMemory());
    assertEquals(Kind.CANCELLED, assertThrows(ShardException.class, stream::next).kind());
    stream.close();
    assertEquals(1, stats.size());
  }

  @Test
  void firstFailureIsReportedAndCloseCancelsTheRest() throws Exception {
    ShardDescriptor slowA = server.shard("slowA", server.endless());
    ShardDescriptor bad = server.shard("bad", ex -> send(ex, 400, "{\"error\": {\"message\": \"boom\"}}"));
    ShardDescriptor slowB = server.shard("slowB", server.endless());
    ShardDescriptor never = server.shard("never", ok(rows(0, 1)));
    ShardException e;
    try (ShardBatchStream stream = client.query(requests(slowA, bad, slowB, never), SCHEMA, allocator, 3,
        stats::add)) {
      e = assertThrows(ShardException.class, () -> {
        for (ShardBatch b = stream.next(); b != null; b = stream.next()) {
          b.close();
        }
      });
      assertEquals("bad", e.shardId());
      ShardException again = assertThrows(ShardException.class, stream::next);
      assertEquals(e, again);
    }
    assertEquals(Kind.QUERY_ERROR, e.kind());
    assertEquals("shard 'bad' failed the query (HTTP 400): boom", e.getMessage());
    Map<String, Long> perShard = stats.stream().collect(Collectors.groupingBy(ShardRequestStats::shardId,
        Collectors.counting()));
    assertEquals(Map.of("slowA", 1L, "bad", 1L, "slowB", 1L, "never", 1L), perShard);
  }

  @Test
  void queryRowsReturnsJavaValues() throws Exception {
    ShardDescriptor shard = server.shard("meta", ok("{\"columns\": [\"name\", \"type\", \"notnull\"], \"rows\": ["
        + "[\"Timestamp\", \"INTEGER\", 1], [\"Body\", \"TEXT\", 0], [\"Score\", null, 0.5]],"
        + " \"meta\": {\"rows_read\": 3, \"duration_ms\": 0.1}}"));
    List<List<Object>> rows = client.queryRows(shard, "SELECT name, type, \"notnull\" FROM pragma_table_info('t')");
    assertEquals(List.of(List.of("Timestamp", "INTEGER", 1L), List.of("Body", "TEXT", 0L),
        Arrays.asList("Score", null, 0.5)), rows);
    assertTrue(server.bodies.get("meta").contains("pragma_table_info"));

    ShardDescriptor bad = server.shard("bad", ex -> send(ex, 400,
        "{\"error\": {\"message\": \"no such table: t\", \"code\": \"SQL_ERROR\"}}"));
    ShardException e = assertThrows(ShardException.class, () -> client.queryRows(bad, "SELECT 1"));
    assertEquals(Kind.QUERY_ERROR, e.kind());
    assertEquals("SQL_ERROR", e.remoteCode());
    ShardException garbage = assertThrows(ShardException.class,
        () -> client.queryRows(server.shard("g", ok("{\"columns\": [\"a\"], \"rows\": [[1, 2]]")), "SELECT 1"));
    assertEquals(Kind.BAD_RESPONSE, garbage.kind());
  }

  @Test
  void edgeCasesOfTheApi() throws Exception {
    try (ShardBatchStream empty = client.query(List.of(), SCHEMA, allocator, 4, ShardRequestListener.NONE)) {
      assertNull(empty.next());
    }
    ShardDescriptor shard = server.shard("s", ok(rows(0, 1)));
    assertTrue(client.isHealthy(shard));
    Schema unsupported = new Schema(List.of(Field.nullable("d", new ArrowType.Date(
        org.apache.arrow.vector.types.DateUnit.DAY))));
    assertThrows(IllegalArgumentException.class,
        () -> client.query(requests(shard), unsupported, allocator, 4, ShardRequestListener.NONE));
    assertThrows(IllegalArgumentException.class,
        () -> client.query(requests(shard), SCHEMA, allocator, 0, ShardRequestListener.NONE));
    ShardRequestListener throwing = s -> {
      throw new IllegalStateException("listener bug");
    };
    try (ShardBatchStream stream = client.query(requests(shard), SCHEMA, allocator, 1, throwing)) {
      assertEquals(Set.of("s"), drain(stream).keySet(), "a failing listener does not break the stream");
    }
    client.close();
    client.close();
    assertThrows(IllegalStateException.class,
        () -> client.query(requests(shard), SCHEMA, allocator, 4, ShardRequestListener.NONE));
    assertThrows(IllegalStateException.class, () -> client.queryRows(shard, "SELECT 1"));
  }
}
