package io.sqlotel.shard.server;

import static io.sqlotel.shard.server.ShardServerTestSupport.HTTP;
import static io.sqlotel.shard.server.ShardServerTestSupport.JSON;
import static io.sqlotel.shard.server.ShardServerTestSupport.assertError;
import static io.sqlotel.shard.server.ShardServerTestSupport.createDb;
import static io.sqlotel.shard.server.ShardServerTestSupport.get;
import static io.sqlotel.shard.server.ShardServerTestSupport.post;
import static io.sqlotel.shard.server.ShardServerTestSupport.query;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sqlotel.shard.server.ShardServerTestSupport.Reply;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardServerTest {
  @TempDir static Path dir;
  static Path db;
  static ShardServer server;

  @BeforeAll
  static void start() throws Exception {
    db = createDb(dir.resolve("values.sqlite"),
        "CREATE TABLE v (id INTEGER PRIMARY KEY, x)",
        "INSERT INTO v VALUES (1, -9223372036854775808), (2, 9223372036854775807), (3, 0), (4, 9007199254740993)",
        "INSERT INTO v VALUES (5, 1.5), (6, -0.25), (7, 1.7976931348623157e308), (8, 4.9e-324)",
        "INSERT INTO v VALUES (9, 1e999), (10, -1e999)",
        "INSERT INTO v VALUES (11, 'ürün 商品 🚀'), (12, ''), (13, 'quote \" backslash \\ newline\n tab\t')",
        "INSERT INTO v VALUES (14, x'00ff10'), (15, x''), (16, NULL), (17, '42')",
        "CREATE TABLE t (k TEXT, n INTEGER)",
        "INSERT INTO t VALUES ('a', 1), ('b', 2), ('c', 3)");
    server = ShardServer.start(db, "127.0.0.1", 0, null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void valuesRoundTripByStorageClass() throws Exception {
    Reply r = query(server.baseUri(), "SELECT x, typeof(x) AS class FROM v ORDER BY id");
    assertEquals(200, r.status(), r.body());
    assertEquals("application/json; charset=utf-8", r.response().headers().firstValue("content-type").orElse(""));
    List<String> fields = new ArrayList<>();
    r.json().fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of("columns", "rows", "meta"), fields);
    assertEquals(JSON.readTree("[\"x\",\"class\"]"), r.json().get("columns"));
    JsonNode rows = r.json().get("rows");
    assertEquals(17, rows.size());
    assertEquals(Long.MIN_VALUE, rows.get(0).get(0).longValue());
    assertTrue(rows.get(0).get(0).isIntegralNumber());
    assertEquals(Long.MAX_VALUE, rows.get(1).get(0).longValue());
    assertEquals(0, rows.get(2).get(0).longValue());
    // 2^53 + 1 is not a double: it must arrive digit for digit.
    assertTrue(r.body().contains("[9007199254740993,\"integer\"]"), r.body());
    assertEquals(1.5, rows.get(4).get(0).doubleValue());
    assertEquals(-0.25, rows.get(5).get(0).doubleValue());
    assertEquals(Double.MAX_VALUE, rows.get(6).get(0).doubleValue());
    assertEquals(Double.MIN_VALUE, rows.get(7).get(0).doubleValue());
    assertEquals("Infinity", rows.get(8).get(0).textValue());
    assertEquals("-Infinity", rows.get(9).get(0).textValue());
    assertEquals("real", rows.get(9).get(1).textValue());
    assertEquals("ürün 商品 🚀", rows.get(10).get(0).textValue());
    assertEquals("", rows.get(11).get(0).textValue());
    assertEquals("quote \" backslash \\ newline\n tab\t", rows.get(12).get(0).textValue());
    assertArrayEquals(new byte[] {0, (byte) 0xff, 0x10}, Base64.getDecoder().decode(rows.get(13).get(0).textValue()));
    assertEquals("", rows.get(14).get(0).textValue());
    assertEquals("blob", rows.get(14).get(1).textValue());
    assertTrue(rows.get(15).get(0).isNull());
    assertEquals("42", rows.get(16).get(0).textValue()); // TEXT stays a string even if it looks numeric
    JsonNode meta = r.json().get("meta");
    assertEquals(17, meta.get("rows_read").longValue());
    assertTrue(meta.get("duration_ms").isNumber());
  }

  @Test
  void integersAsStringsMode() throws Exception {
    try (ShardServer js = ShardServer.start(db, "127.0.0.1", 0, null, true)) {
      Reply r = query(js.baseUri(), "SELECT x FROM v WHERE id IN (1, 5, 17) ORDER BY id");
      assertEquals(200, r.status(), r.body());
      assertEquals(JSON.readTree("[[\"-9223372036854775808\"],[1.5],[\"42\"]]"), r.json().get("rows"));
    }
  }

  @Test
  void emptyResultStillHasColumns() throws Exception {
    Reply r = query(server.baseUri(), "SELECT k, n FROM t WHERE n > 100");
    assertEquals(200, r.status(), r.body());
    assertEquals(JSON.readTree("[\"k\",\"n\"]"), r.json().get("columns"));
    assertEquals(JSON.readTree("[]"), r.json().get("rows"));
    assertEquals(0, r.json().get("meta").get("rows_read").longValue());
  }

  @Test
  void parametersBindByJsonType() throws Exception {
    String body = "{\"sql\": \"SELECT ?1, typeof(?1), ?2, typeof(?2), ?3, typeof(?3), ?4, typeof(?4),"
        + " ?5, typeof(?5), typeof(?6), length(?6), ?7, ?8, typeof(?8)\","
        + " \"params\": [42, 1.5, \"ü\", true, null, {\"blob\": \"AP8Q\"}, 9223372036854775807, 2.0]}";
    Reply r = post(server.baseUri(), body);
    assertEquals(200, r.status(), r.body());
    assertEquals(JSON.readTree("[[42,\"integer\",1.5,\"real\",\"ü\",\"text\",1,\"integer\",null,\"null\","
        + "\"blob\",3,9223372036854775807,2.0,\"real\"]]"), r.json().get("rows"));
    Reply filtered = query(server.baseUri(), "SELECT k FROM t WHERE n >= ? AND k <> ? ORDER BY k", 2, "c");
    assertEquals(JSON.readTree("[[\"b\"]]"), filtered.json().get("rows"));
  }

  @Test
  void badParametersAreRefused() throws Exception {
    assertError(query(server.baseUri(), "SELECT ?, ?", 1), 400, "BAD_REQUEST");
    assertError(query(server.baseUri(), "SELECT 1", 1), 400, "BAD_REQUEST");
    assertError(post(server.baseUri(), "{\"sql\":\"SELECT ?\",\"params\":[18446744073709551616]}"), 400, "BAD_REQUEST");
    assertError(post(server.baseUri(), "{\"sql\":\"SELECT ?\",\"params\":[[1]]}"), 400, "BAD_REQUEST");
    assertError(post(server.baseUri(), "{\"sql\":\"SELECT ?\",\"params\":[{\"blob\":\"!!\"}]}"), 400, "BAD_REQUEST");
  }

  @Test
  void malformedBodiesAreRefused() throws Exception {
    for (String body : List.of("", "not json", "[]", "{\"params\": []}", "{\"sql\": 5}", "{\"sql\": \"SELECT 1\"} x",
        "{\"sql\": \"SELECT 1\", \"sql\": \"SELECT 2\"}", "{\"sql\": \"  -- nothing\\n\"}")) {
      assertError(post(server.baseUri(), body), 400, "BAD_REQUEST");
    }
    Reply ok = post(server.baseUri(), "{\"sql\": \"SELECT 1 AS one\", \"hint\": {\"ignored\": true}}");
    assertEquals(200, ok.status(), ok.body());
  }

  @Test
  void badSqlAnswers400WithSqliteMessage() throws Exception {
    Reply r = query(server.baseUri(), "SELECT * FROM no_such_table");
    assertError(r, 400, "SQL_ERROR");
    assertEquals("no such table: no_such_table", r.error().get("message").asText());
    Reply syntax = query(server.baseUri(), "SELEC 1");
    assertError(syntax, 400, "SQL_ERROR");
    assertTrue(syntax.error().get("message").asText().contains("syntax error"), syntax.body());
    // A runtime error on the first row is still reported before the status line.
    assertError(query(server.baseUri(), "SELECT abs(-9223372036854775807 - 1)"), 400, "SQL_ERROR");
  }

  @Test
  void multipleStatementsAndTransactionControlAreRefused() throws Exception {
    assertError(query(server.baseUri(), "SELECT 1; SELECT 2"), 400, "SQL_ERROR");
    assertError(query(server.baseUri(), "BEGIN"), 400, "SQL_ERROR");
    assertEquals(200, query(server.baseUri(), "SELECT ';' AS s; -- trailing comment").status());
    // ATTACH would let a client read other SQLite files of the shard host.
    Reply attach = query(server.baseUri(), "ATTACH DATABASE '" + db + "' AS other");
    assertError(attach, 400, "SQL_ERROR");
  }

  @Test
  void writesAreRefusedWith403() throws Exception {
    byte[] before = Files.readAllBytes(db);
    for (String sql : List.of("INSERT INTO t VALUES ('d', 4)", "UPDATE t SET n = 0", "DELETE FROM t",
        "CREATE TABLE z (a)", "CREATE TEMP TABLE z (a)", "DROP TABLE t", "PRAGMA user_version = 7",
        "CREATE INDEX t_k ON t (k)")) {
      Reply r = query(server.baseUri(), sql);
      assertError(r, 403, "READ_ONLY");
    }
    assertArrayEquals(before, Files.readAllBytes(db));
    assertEquals(JSON.readTree("[[3]]"), query(server.baseUri(), "SELECT count(*) FROM t").json().get("rows"));
  }

  @Test
  void errorAfterRowsBeganEndsTheObjectWithError() throws Exception {
    Reply r = query(server.baseUri(), "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 100)"
        + " SELECT CASE WHEN i > 50 THEN abs((i - i) - 9223372036854775807 - 1) ELSE i END AS v FROM c");
    assertEquals(200, r.status(), r.body());
    List<String> fields = new ArrayList<>();
    r.json().fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of("columns", "rows", "error"), fields);
    assertEquals(50, r.json().get("rows").size());
    assertEquals("SQL_ERROR", r.error().get("code").asText());
    assertEquals("integer overflow", r.error().get("message").asText());
  }

  @Test
  void smallResultIsSentWholeWithItsLength() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve("/query"))
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("sql", "SELECT 1 AS a, 'x' AS b"))))
        .build();
    HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, response.statusCode());
    assertEquals(String.valueOf(response.body().length), response.headers().firstValue("content-length").orElse(null));
    JsonNode json = JSON.readTree(response.body());
    assertEquals("[\"a\",\"b\"]", json.get("columns").toString());
    assertEquals("[[1,\"x\"]]", json.get("rows").toString());
    assertEquals(1, json.get("meta").get("rows_read").asLong());
  }

  @Test
  void largeResultIsStreamed() throws Exception {
    int n = 200_000;
    String sql = "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c LIMIT " + n + ")"
        + " SELECT i, 'row-' || i, i * 0.5 FROM c";
    HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve("/query"))
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("sql", sql)))).build();
    HttpResponse<java.io.InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    assertFalse(response.headers().firstValue("content-length").isPresent(), "must be chunked");
    long rows = 0;
    long sum = 0;
    JsonNode meta = null;
    try (com.fasterxml.jackson.core.JsonParser p = JSON.getFactory().createParser(response.body())) {
      p.nextToken(); // {
      while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if ("rows".equals(field)) {
          while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
            JsonNode row = JSON.readTree(p);
            sum += row.get(0).longValue();
            rows++;
          }
        } else if ("meta".equals(field)) {
          meta = JSON.readTree(p);
        } else {
          p.skipChildren();
        }
      }
    }
    assertEquals(n, rows);
    assertEquals((long) n * (n + 1) / 2, sum);
    assertEquals(n, meta.get("rows_read").longValue());
  }

  @Test
  void clientAbortMidStreamDoesNotLeakConnections() throws Exception {
    String sql = "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c LIMIT 5000000) SELECT i FROM c";
    for (int k = 0; k < 3; k++) {
      HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve("/query"))
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("sql", sql)))).build();
      HttpResponse<java.io.InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (java.io.InputStream in = response.body()) {
        in.readNBytes(1000);
      }
    }
    // More requests than pooled connections: each must get one.
    for (int i = 0; i < ShardServer.WORKER_THREADS * 2; i++) {
      assertEquals(200, query(server.baseUri(), "SELECT count(*) FROM t").status());
    }
  }

  @Test
  void concurrentRequests() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve("/query"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"sql\":\"SELECT ? + n FROM t ORDER BY n\",\"params\":[" + i + "]}"))
          .build();
      futures.add(HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    }
    for (int i = 0; i < futures.size(); i++) {
      HttpResponse<String> r = futures.get(i).get();
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(JSON.readTree("[[" + (i + 1) + "],[" + (i + 2) + "],[" + (i + 3) + "]]"),
          JSON.readTree(r.body()).get("rows"));
    }
  }

  @Test
  void healthAndRouting() throws Exception {
    Reply health = get(server.baseUri().resolve("/health"));
    assertEquals(200, health.status());
    assertEquals(JSON.readTree("{\"status\":\"ok\"}"), health.json());
    assertError(get(server.baseUri().resolve("/nope")), 404, "NOT_FOUND");
    assertError(get(server.baseUri().resolve("/query/extra")), 404, "NOT_FOUND");
    Reply getQuery = get(server.baseUri().resolve("/query"));
    assertError(getQuery, 405, "METHOD_NOT_ALLOWED");
    assertEquals("POST", getQuery.response().headers().firstValue("allow").orElse(""));
    Reply postHealth = ShardServerTestSupport.send(HttpRequest.newBuilder(server.baseUri().resolve("/health"))
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    assertError(postHealth, 405, "METHOD_NOT_ALLOWED");
  }

  @Test
  void bearerToken() throws Exception {
    try (ShardServer secured = ShardServer.start(db, "127.0.0.1", 0, "s3cret")) {
      String body = "{\"sql\":\"SELECT 1\"}";
      Reply missing = post(secured.baseUri(), body);
      assertError(missing, 401, "UNAUTHORIZED");
      assertEquals("Bearer", missing.response().headers().firstValue("www-authenticate").orElse(""));
      assertError(post(secured.baseUri(), body, "Bearer wrong"), 401, "UNAUTHORIZED");
      assertError(post(secured.baseUri(), body, "s3cret"), 401, "UNAUTHORIZED");
      assertEquals(200, post(secured.baseUri(), body, "Bearer s3cret").status());
      assertEquals(200, get(secured.baseUri().resolve("/health")).status());
      assertEquals(List.of("SELECT 1"), secured.requestLog()); // refused requests were never parsed
    }
  }

  @Test
  void requestLogRecordsWellFormedRequestsInOrder() throws Exception {
    try (ShardServer s = ShardServer.start(db, "127.0.0.1", 0, null)) {
      query(s.baseUri(), "SELECT 1");
      query(s.baseUri(), "SELECT * FROM missing");
      post(s.baseUri(), "not json");
      query(s.baseUri(), "SELECT k FROM t WHERE n = ?", 2);
      assertEquals(List.of("SELECT 1", "SELECT * FROM missing", "SELECT k FROM t WHERE n = ?"), s.requestLog());
      s.clearRequestLog();
      assertEquals(List.of(), s.requestLog());
      query(s.baseUri(), "SELECT 2");
      assertEquals(List.of("SELECT 2"), s.requestLog());
    }
  }

  @Test
  void closeAbortsRunningStatements() throws Exception {
    ShardServer s = ShardServer.start(db, "127.0.0.1", 0, null);
    String endless = "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c LIMIT 4000000000)"
        + " SELECT sum(i) FROM c";
    CompletableFuture<HttpResponse<String>> running = HTTP.sendAsync(
        HttpRequest.newBuilder(s.baseUri().resolve("/query"))
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("sql", endless)))).build(),
        HttpResponse.BodyHandlers.ofString());
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (s.requestLog().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(100); // let the statement start stepping
    long t0 = System.nanoTime();
    s.close();
    assertTrue(System.nanoTime() - t0 < 3_000_000_000L, "close must not wait for the statement");
    try {
      HttpResponse<String> r = running.get(5, java.util.concurrent.TimeUnit.SECONDS);
      assertTrue(r.statusCode() != 200 || !r.body().contains("\"meta\""), r.body());
    } catch (java.util.concurrent.ExecutionException expected) {
      // the connection was closed under the request: also a failure the client notices
    }
    s.close(); // idempotent
  }

  @Test
  void startFailsOnMissingOrInvalidFile() throws Exception {
    assertThrows(IOException.class, () -> ShardServer.start(dir.resolve("absent.sqlite"), "127.0.0.1", 0, null));
    Path garbage = Files.writeString(dir.resolve("garbage.sqlite"), "this is not a database, just text ".repeat(200));
    assertThrows(IOException.class, () -> ShardServer.start(garbage, "127.0.0.1", 0, null));
  }

  @Test
  void baseUriAndPort() throws Exception {
    assertTrue(server.port() > 0);
    assertEquals("http://127.0.0.1:" + server.port(), server.baseUri().toString());
    Iterator<String> it = query(server.baseUri(), "SELECT 1").json().fieldNames();
    assertEquals("columns", it.next());
  }

  @Test
  void immutableFileIsServedWithoutLockingAndStillReadOnly() throws Exception {
    Path sub = Files.createDirectories(dir.resolve("sealed slices %20 #1"));
    Path sealed = createDb(sub.resolve("hour 07.sqlite"),
        "CREATE TABLE t (k TEXT, n INTEGER)", "INSERT INTO t VALUES ('a', 1), ('b', 2)");
    try (ShardServer s = ShardServer.start(sealed, "127.0.0.1", 0, null, false, true);
        java.sql.Connection writer = java.sql.DriverManager.getConnection("jdbc:sqlite:" + sealed);
        java.sql.Statement w = writer.createStatement()) {
      assertEquals(3, query(s.baseUri(), "SELECT sum(n) FROM t").json().get("rows").get(0).get(0).asInt());
      // A writer's exclusive lock would make a locking reader wait for the busy timeout (5 s) and then fail with
      // SQLITE_BUSY; an immutable file takes no lock at all.
      w.execute("BEGIN EXCLUSIVE");
      long start = System.nanoTime();
      Reply r = query(s.baseUri(), "SELECT k FROM t ORDER BY k");
      long millis = (System.nanoTime() - start) / 1_000_000;
      w.execute("ROLLBACK");
      assertEquals(200, r.status(), r.body());
      assertEquals("b", r.json().get("rows").get(1).get(0).asText());
      assertTrue(millis < 2_000, "answered in " + millis + " ms despite the writer's lock");
      assertEquals(403, query(s.baseUri(), "INSERT INTO t VALUES ('c', 3)").status());
    }
    // a journal beside it: a writer is active or died mid-transaction, so the file is not sealed
    Path journal = Files.writeString(sub.resolve("hour 07.sqlite-journal"), "");
    IOException e = assertThrows(IOException.class, () -> ShardServer.start(sealed, "127.0.0.1", 0, null, false, true));
    assertTrue(e.getMessage().contains("not sealed"), e.getMessage());
    Files.delete(journal);
  }
}
