package io.sqlotel.shard.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sqlotel.shard.server.ShardServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDataGeneratorTest {
  static final long START = 1_700_000_000_123_456_789L; // deliberately not aligned to a millisecond
  static final DemoSpec SPEC =
      new DemoSpec(START, 4, 600_000_000_000L, 400, 300, 120, 7L, Set.of(2));

  @TempDir static Path dir;
  static List<GeneratedShard> shards;

  @BeforeAll
  static void generate() throws Exception {
    shards = DemoDataGenerator.generate(dir.resolve("a"), SPEC);
  }

  @Test
  void shardsCoverConsecutiveSlices() {
    assertEquals(4, shards.size());
    for (int i = 0; i < 4; i++) {
      GeneratedShard s = shards.get(i);
      assertEquals(String.format("shard-%03d", i), s.id());
      assertEquals(START + i * SPEC.sliceNanos(), s.startNanos());
      assertEquals(s.startNanos() + SPEC.sliceNanos(), s.endNanos());
      assertTrue(Files.isRegularFile(s.file()));
    }
  }

  @Test
  void sameSpecGivesSameRowsAndBytes() throws Exception {
    List<GeneratedShard> again = DemoDataGenerator.generate(dir.resolve("b"), SPEC);
    for (int i = 0; i < shards.size(); i++) {
      assertEquals(checksums(shards.get(i).file()), checksums(again.get(i).file()));
      assertEquals(-1L, Files.mismatch(shards.get(i).file(), again.get(i).file()));
    }
    List<GeneratedShard> other = DemoDataGenerator.generate(dir.resolve("c"), SPEC.withSeed(8L));
    assertNotEquals(checksums(shards.get(0).file()), checksums(other.get(0).file()));
  }

  @Test
  void emptyingAShardLeavesTheOthersUnchanged() throws Exception {
    List<GeneratedShard> more = DemoDataGenerator.generate(dir.resolve("d"), SPEC.withEmptyShards(Set.of(0)));
    assertEquals(checksums(shards.get(1).file()), checksums(more.get(1).file()));
    assertEquals(0L, count(more.get(0).file(), "otel_traces"));
  }

  @Test
  void rowCountsPerShardAndOracle() throws Exception {
    Map<String, Long> totals = new LinkedHashMap<>();
    for (GeneratedShard s : shards) {
      boolean empty = s.id().equals("shard-002");
      Map<String, Long> counts = counts(s.file());
      assertEquals(empty ? 0 : 400, counts.get("otel_traces"), s.id());
      assertEquals(empty ? 0 : 300, counts.get("otel_logs"), s.id());
      assertEquals(empty ? 0 : 120, counts.get("otel_metrics_gauge") + counts.get("otel_metrics_sum")
          + counts.get("otel_metrics_histogram"), s.id());
      assertEquals(0, counts.get("otel_metrics_summary"));
      counts.forEach((t, n) -> totals.merge(t, n, Long::sum));
    }
    Path oracle = dir.resolve("oracle.sqlite");
    List<Path> files = new ArrayList<>();
    shards.forEach(s -> files.add(s.file()));
    ShardFiles.mergeInto(oracle, files);
    assertEquals(totals, counts(oracle));
    assertEquals(1200L, totals.get("otel_traces"));
  }

  @Test
  void everyRowFallsInItsSlice() throws Exception {
    for (GeneratedShard s : shards) {
      try (Connection c = open(s.file())) {
        for (String t : OtelSchema.tables()) {
          String time = t.startsWith("otel_metrics") ? "TimeUnix" : t.equals("otel_traces_trace_id_ts") ? "Start" : "Timestamp";
          String sql = "SELECT count(*) FROM " + t + " WHERE " + time + " < " + s.startNanos() + " OR " + time
              + " >= " + s.endNanos() + (t.equals("otel_traces_trace_id_ts") ? " OR End >= " + s.endNanos() : "");
          assertEquals(0L, scalar(c, sql), s.id() + " " + t);
        }
      }
    }
  }

  @Test
  void dataLooksLikeOpenTelemetry() throws Exception {
    try (Connection c = open(shards.get(0).file())) {
      assertEquals(0L, scalar(c, "SELECT count(*) FROM otel_traces WHERE TraceId NOT GLOB '"
          + "[0-9a-f]".repeat(32) + "' OR SpanId NOT GLOB '" + "[0-9a-f]".repeat(16) + "'"));
      assertEquals(0L, scalar(c, "SELECT count(*) FROM otel_traces WHERE ParentSpanId = '' AND SpanKind <> 'Server'"));
      assertEquals(0L, scalar(c, "SELECT count(*) FROM otel_traces t WHERE ParentSpanId <> '' AND NOT EXISTS"
          + " (SELECT 1 FROM otel_traces p WHERE p.TraceId = t.TraceId AND p.SpanId = t.ParentSpanId)"));
      assertEquals(0L, scalar(c, "SELECT count(*) FROM otel_traces WHERE StatusCode NOT IN ('Unset','Ok','Error')"));
      assertTrue(scalar(c, "SELECT count(*) FROM otel_traces WHERE StatusCode = 'Error'") > 0);
      assertEquals(scalar(c, "SELECT count(DISTINCT TraceId) FROM otel_traces"),
          scalar(c, "SELECT count(*) FROM otel_traces_trace_id_ts"));
      assertEquals(0L, scalar(c, "SELECT count(*) FROM otel_traces WHERE Duration <= 0"));
      assertEquals(0L, scalar(c, "SELECT count(*) FROM otel_logs WHERE SeverityText = 'ERROR' AND SeverityNumber <> 17"));
      assertTrue(scalar(c, "SELECT count(*) FROM otel_logs l JOIN otel_traces t ON t.SpanId = l.SpanId"
          + " WHERE t.StatusCode = 'Error' AND l.SeverityNumber = 17") > 0);
      assertTrue(scalar(c, "SELECT count(*) FROM otel_traces WHERE Timestamp % 1000000 <> 0") > 0);
      assertTrue(scalar(c, "SELECT count(*) FROM otel_metrics_histogram WHERE json_array_length(BucketCounts)"
          + " = json_array_length(ExplicitBounds) + 1") > 0);
      assertEquals(0L, scalar(c, "SELECT count(*) FROM otel_metrics_histogram WHERE Count <>"
          + " (SELECT sum(value) FROM json_each(BucketCounts))"));
      assertEquals(0L, scalar(c, "SELECT count(*) FROM otel_traces WHERE json_extract(ResourceAttributes,"
          + " '$.\"service.name\"') <> ServiceName"));
    }
  }

  @Test
  void degenerateSpecs() throws Exception {
    DemoSpec tiny = new DemoSpec(START, 2, 1, 30, 20, 50, 1L, Set.of());
    for (GeneratedShard s : DemoDataGenerator.generate(dir.resolve("tiny"), tiny)) {
      Map<String, Long> counts = counts(s.file());
      assertEquals(30L, counts.get("otel_traces"));
      try (Connection c = open(s.file())) {
        assertEquals(30L, scalar(c, "SELECT count(*) FROM otel_traces WHERE Timestamp = " + s.startNanos()));
        assertEquals(50L, scalar(c, "SELECT (SELECT count(*) FROM otel_metrics_gauge WHERE TimeUnix = " + s.startNanos()
            + ") + (SELECT count(*) FROM otel_metrics_sum) + (SELECT count(*) FROM otel_metrics_histogram)"));
      }
    }
    DemoSpec nothing = new DemoSpec(START, 1, 1_000_000_000L, 0, 5, 0, 1L, Set.of());
    Map<String, Long> counts = counts(DemoDataGenerator.generate(dir.resolve("nothing"), nothing).get(0).file());
    assertEquals(0L, counts.get("otel_traces"));
    assertEquals(5L, counts.get("otel_logs"));
  }

  @Test
  void specValidation() {
    assertThrows(IllegalArgumentException.class, () -> SPEC.withEmptyShards(Set.of(4)));
    assertThrows(IllegalArgumentException.class, () -> new DemoSpec(Long.MAX_VALUE - 10, 2, 10, 1, 1, 1, 1, Set.of()));
    assertThrows(IllegalArgumentException.class, () -> new DemoSpec(0, 0, 10, 1, 1, 1, 1, Set.of()));
    DemoSpec d = DemoSpec.defaults(0);
    assertEquals(24, d.shardCount());
    assertEquals(DemoSpec.HOUR_NANOS, d.sliceNanos());
    assertEquals(Set.of(), d.emptyShards());
  }

  @Test
  void schemaListsTablesAndIsIdempotent() throws Exception {
    assertEquals(List.of("otel_logs", "otel_traces", "otel_traces_trace_id_ts", "otel_metrics_gauge",
        "otel_metrics_sum", "otel_metrics_histogram", "otel_metrics_exponential_histogram", "otel_metrics_summary"),
        OtelSchema.tables());
    try (Connection c = open(dir.resolve("schema.sqlite"))) {
      OtelSchema.create(c);
      OtelSchema.create(c);
      assertEquals(8L, scalar(c, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"));
      assertEquals(11L, scalar(c, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"));
    }
  }

  @Test
  void generatedShardServedOverHttp() throws Exception {
    GeneratedShard shard = shards.get(1);
    String sql = "SELECT ServiceName, count(*), sum(Duration), min(Timestamp) FROM otel_traces"
        + " GROUP BY ServiceName ORDER BY ServiceName";
    try (ShardServer server = ShardServer.start(shard.file(), "127.0.0.1", 0, null)) {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.baseUri().resolve("/query"))
          .POST(HttpRequest.BodyPublishers.ofString(new ObjectMapper().writeValueAsString(Map.of("sql", sql)))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      JsonNode rows = new ObjectMapper().readTree(r.body()).get("rows");
      try (Connection c = open(shard.file()); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        int i = 0;
        while (rs.next()) {
          JsonNode row = rows.get(i++);
          assertEquals(rs.getString(1), row.get(0).textValue());
          assertEquals(rs.getLong(2), row.get(1).longValue());
          assertEquals(rs.getLong(3), row.get(2).longValue());
          assertEquals(rs.getLong(4), row.get(3).longValue());
        }
        assertEquals(rows.size(), i);
        assertEquals(10, i);
      }
    }
  }

  static Connection open(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  static long scalar(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static long count(Path file, String table) throws SQLException {
    try (Connection c = open(file)) {
      return scalar(c, "SELECT count(*) FROM " + table);
    }
  }

  static Map<String, Long> counts(Path file) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    try (Connection c = open(file)) {
      for (String t : OtelSchema.tables()) {
        out.put(t, scalar(c, "SELECT count(*) FROM " + t));
      }
    }
    return out;
  }

  /** SHA-256 per table over every value with its storage class, in the table's scan order. */
  static Map<String, String> checksums(Path file) throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    try (Connection c = open(file)) {
      for (String t : OtelSchema.tables()) {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + t)) {
          int n = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= n; i++) {
              Object v = rs.getObject(i);
              String tagged = v == null ? "N" : v.getClass().getSimpleName().charAt(0) + String.valueOf(
                  v instanceof byte[] ? HexFormat.of().formatHex((byte[]) v) : v);
              md.update(tagged.getBytes(java.nio.charset.StandardCharsets.UTF_8));
              md.update((byte) 0);
            }
          }
        }
        out.put(t, HexFormat.of().formatHex(md.digest()));
      }
    }
    return out;
  }
}
