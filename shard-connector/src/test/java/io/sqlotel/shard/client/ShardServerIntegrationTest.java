package io.sqlotel.shard.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.shard.client.ShardException.Kind;
import io.sqlotel.shard.meta.ShardDescriptor;
import io.sqlotel.shard.meta.TimeRange;
import io.sqlotel.shard.server.ShardServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against the reference shard server (module shard-server) over three real SQLite files: a plain shard,
 * one requiring a bearer token, and one answering integers as strings like a JavaScript shard.
 */
class ShardServerIntegrationTest {
  static final long HOUR = 3_600_000_000_000L;
  static final String TOKEN = "t0k-secret";
  static final Schema SCHEMA = new Schema(List.of(
      Field.notNullable("Timestamp", new ArrowType.Timestamp(TimeUnit.NANOSECOND, null)),
      Field.nullable("Severity", new ArrowType.Int(64, true)),
      Field.nullable("Score", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
      Field.nullable("Body", ArrowType.Utf8.INSTANCE),
      Field.nullable("Payload", ArrowType.Binary.INSTANCE),
      Field.nullable("Flag", ArrowType.Bool.INSTANCE)));
  static final String SELECT_ALL =
      "SELECT Timestamp, Severity, Score, Body, Payload, Flag FROM logs ORDER BY Timestamp";

  @TempDir
  static Path dir;
  static final List<ShardServer> servers = new ArrayList<>();
  static final List<ShardDescriptor> shards = new ArrayList<>();

  private BufferAllocator allocator;
  private ShardClient client;
  private final ConcurrentLinkedQueue<ShardRequestStats> stats = new ConcurrentLinkedQueue<>();

  /** The rows of shard k: {Timestamp, Severity, Score, Body, Payload, Flag}. */
  static List<Object[]> data(int k) {
    long base = k * HOUR;
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {base + 1, Long.MAX_VALUE, 1.5, "h\u00e9llo \ud83d\ude00 \u4e16\u754c", new byte[] {0, 1, -1},
        1L});
    rows.add(new Object[] {base + 2, Long.MIN_VALUE, -0.25, "", new byte[0], 0L});
    rows.add(new Object[] {base + 3, (1L << 53) + 1, 1e300, null, null, null});
    rows.add(new Object[] {base + 4, null, null, "shard-" + k, new byte[] {(byte) k}, 1L});
    return rows;
  }

  @BeforeAll
  static void startShards() throws Exception {
    for (int k = 0; k < 3; k++) {
      Path db = dir.resolve("shard-" + k + ".db");
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
          Statement st = c.createStatement()) {
        st.execute("CREATE TABLE logs (Timestamp INTEGER NOT NULL, Severity INTEGER, Score REAL, Body TEXT,"
            + " Payload BLOB, Flag BOOLEAN)");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO logs VALUES (?, ?, ?, ?, ?, ?)")) {
          for (Object[] row : data(k)) {
            for (int i = 0; i < row.length; i++) {
              if (row[i] == null) {
                ps.setNull(i + 1, Types.NULL);
              } else {
                ps.setObject(i + 1, row[i]);
              }
            }
            ps.executeUpdate();
          }
        }
        st.execute("CREATE TABLE big (v INTEGER)");
        st.execute("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9999)"
            + " INSERT INTO big SELECT i FROM n");
      }
      ShardServer server = ShardServer.start(db, "127.0.0.1", 0, k == 1 ? TOKEN : null, k == 2);
      servers.add(server);
      shards.add(new ShardDescriptor("shard-" + k, server.baseUri(), new TimeRange(k * HOUR, (k + 1) * HOUR),
          k == 1 ? TOKEN : null, k == 2));
    }
  }

  @AfterAll
  static void stopShards() {
    servers.forEach(ShardServer::close);
  }

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
    client = new ShardClient(new ShardClientConfig(16, Duration.ofSeconds(2), Duration.ofSeconds(10), 4096));
  }

  @AfterEach
  void tearDown() {
    client.close();
    assertEquals(0, allocator.getAllocatedMemory(), "Arrow memory leaked");
    allocator.close();
  }

  @Test
  void fanOutDecodesEveryTypeFromEveryShard() throws Exception {
    List<ShardRequest> requests = new ArrayList<>();
    for (ShardDescriptor s : shards) {
      requests.add(new ShardRequest(s, SELECT_ALL));
    }
    Map<String, List<Object[]>> got = new HashMap<>();
    try (ShardBatchStream stream = client.query(requests, SCHEMA, allocator, 2, stats::add)) {
      for (ShardBatch next = stream.next(); next != null; next = stream.next()) {
        try (ShardBatch b = next) {
          got.computeIfAbsent(b.shardId(), k -> new ArrayList<>()).addAll(rowsOf(b.root()));
        }
      }
    }
    for (int k = 0; k < 3; k++) {
      List<Object[]> expected = data(k);
      List<Object[]> actual = got.get("shard-" + k);
      assertEquals(expected.size(), actual.size(), "rows of shard-" + k);
      for (int r = 0; r < expected.size(); r++) {
        Object[] e = expected.get(r).clone();
        e[5] = e[5] == null ? null : (Long) e[5] == 1L;
        assertArrayEquals(e, actual.get(r), "shard-" + k + " row " + r + ": " + Arrays.deepToString(actual.get(r)));
      }
    }
    assertEquals(3, stats.size());
    for (ShardRequestStats s : stats) {
      assertNull(s.error());
      assertEquals(4, s.rowsReceived());
      assertEquals(4, s.shardRowsRead());
      assertTrue(s.bytesReceived() > 100);
    }
    assertTrue(servers.get(0).requestLog().contains(SELECT_ALL));
  }

  private static List<Object[]> rowsOf(VectorSchemaRoot root) {
    List<Object[]> rows = new ArrayList<>();
    List<FieldVector> v = root.getFieldVectors();
    for (int i = 0; i < root.getRowCount(); i++) {
      rows.add(new Object[] {
          ((TimeStampNanoVector) v.get(0)).get(i),
          v.get(1).isNull(i) ? null : ((BigIntVector) v.get(1)).get(i),
          v.get(2).isNull(i) ? null : ((Float8Vector) v.get(2)).get(i),
          v.get(3).isNull(i) ? null : ((VarCharVector) v.get(3)).getObject(i).toString(),
          v.get(4).isNull(i) ? null : ((VarBinaryVector) v.get(4)).get(i),
          v.get(5).isNull(i) ? null : ((BitVector) v.get(5)).get(i) == 1});
    }
    return rows;
  }

  @Test
  void largeAnswersAreSplitIntoBatches() throws Exception {
    Schema schema = new Schema(List.of(Field.nullable("v", new ArrowType.Int(64, true))));
    List<Integer> sizes = new ArrayList<>();
    long sum = 0;
    try (ShardBatchStream stream = client.query(List.of(new ShardRequest(shards.get(2), "SELECT v FROM big ORDER BY v")),
        schema, allocator, 1, stats::add)) {
      for (ShardBatch next = stream.next(); next != null; next = stream.next()) {
        try (ShardBatch b = next) {
          sizes.add(b.root().getRowCount());
          BigIntVector v = (BigIntVector) b.root().getVector(0);
          for (int i = 0; i < b.root().getRowCount(); i++) {
            sum += v.get(i);
          }
        }
      }
    }
    assertEquals(List.of(4096, 4096, 1808), sizes);
    assertEquals(9999L * 10000 / 2, sum);
  }

  @Test
  void parametersReachSqliteWithTheirTypes() throws Exception {
    Schema schema = new Schema(List.of(Field.nullable("n", new ArrowType.Int(64, true))));
    String sql = "SELECT count(*) FROM logs WHERE Payload = ? AND Severity = ? AND Score = ? AND Flag = ?";
    List<ShardRequest> requests = new ArrayList<>();
    for (ShardDescriptor s : shards) { // shard-2 receives Long.MAX_VALUE as a string (int64AsText)
      requests.add(new ShardRequest(s, sql, List.of(new byte[] {0, 1, -1}, Long.MAX_VALUE, 1.5, true)));
    }
    try (ShardBatchStream stream = client.query(requests, schema, allocator, 3, stats::add)) {
      int batches = 0;
      for (ShardBatch next = stream.next(); next != null; next = stream.next()) {
        try (ShardBatch b = next) {
          assertEquals(1, ((BigIntVector) b.root().getVector(0)).get(0), "one match on " + b.shardId());
          batches++;
        }
      }
      assertEquals(3, batches);
    }
  }

  @Test
  void queryRowsDiscoversTheSchema() {
    String sql = "SELECT name, type, \"notnull\" FROM pragma_table_info('logs')";
    List<List<Object>> rows = client.queryRows(shards.get(1), sql);
    assertEquals(List.of("Timestamp", "INTEGER", 1L), rows.get(0));
    assertEquals(List.of("Payload", "BLOB", 0L), rows.get(4));
    assertEquals(6, rows.size());
    // an int64AsText shard answers integers as strings; queryRows has no schema to undo that
    assertEquals(List.of("Timestamp", "INTEGER", "1"), client.queryRows(shards.get(2), sql).get(0));
    assertTrue(client.isHealthy(shards.get(0)));
  }

  @Test
  void shardErrorsAreReportedWithTheirCodes() throws Exception {
    ShardDescriptor noToken = new ShardDescriptor("shard-1", shards.get(1).baseUrl(), TimeRange.ALL, null, false);
    ShardException auth = assertThrows(ShardException.class, () -> client.queryRows(noToken, "SELECT 1"));
    assertEquals(Kind.QUERY_ERROR, auth.kind());
    assertEquals(401, auth.httpStatus());
    assertEquals("UNAUTHORIZED", auth.remoteCode());

    ShardException sqlError = assertThrows(ShardException.class,
        () -> client.queryRows(shards.get(0), "SELECT nope FROM logs"));
    assertEquals(Kind.QUERY_ERROR, sqlError.kind());
    assertEquals(400, sqlError.httpStatus());
    assertEquals("SQL_ERROR", sqlError.remoteCode());
    assertTrue(sqlError.getMessage().startsWith("shard 'shard-0' failed the query (HTTP 400, code SQL_ERROR): "),
        sqlError.getMessage());
    assertTrue(sqlError.getMessage().contains("nope"), sqlError.getMessage());

    // the first rows stream out, then SQLite fails on a later row: the error trailer fails the request
    String failsLate = "SELECT Timestamp, CASE WHEN Timestamp % " + HOUR + " > 2 THEN abs(-9223372036854775807 - 1)"
        + " ELSE 1 END, NULL, NULL, NULL, NULL FROM logs"; // no ORDER BY: a sort would fail before the first row
    ShardException late;
    try (ShardBatchStream stream = client.query(List.of(new ShardRequest(shards.get(0), failsLate)), SCHEMA,
        allocator, 1, stats::add)) {
      late = assertThrows(ShardException.class, () -> {
        for (ShardBatch b = stream.next(); b != null; b = stream.next()) {
          b.close();
        }
      });
    }
    assertEquals(Kind.QUERY_ERROR, late.kind());
    assertEquals(200, late.httpStatus(), "the failure came after the 200 status, in the trailer");
    assertTrue(late.getMessage().contains("after 2 row(s): integer overflow"), late.getMessage());
    assertEquals(1, stats.size());
    assertEquals(2, stats.peek().rowsReceived());
    assertEquals(late, stats.peek().error());
  }
}
