package io.sqlotel.planner.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpServer;
import io.sqlotel.shard.meta.ShardDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The catalog key {@code worker: {url, token_env}}: shards from a (fake) shard worker's {@code GET /catalog}. */
class CatalogLoaderWorkerTest {
  private static final String TOKEN = "t0ken-value";
  private static final long H = 3_600_000_000_000L;
  private static final long T0 = 1_767_225_600_000_000_000L;

  private HttpServer server;
  private final AtomicReference<String> body = new AtomicReference<>();
  private final AtomicInteger status = new AtomicInteger(200);
  private final AtomicReference<String> auth = new AtomicReference<>();
  private String url;

  @BeforeEach
  void startFakeWorker() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/catalog", ex -> {
      auth.set(ex.getRequestHeaders().getFirst("Authorization"));
      byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status.get(), b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort();
    slices("20260101T0000Z");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void slices(String... ids) {
    StringBuilder sb = new StringBuilder("{\"slice_width_ns\":\"" + H + "\",\"slices\":[");
    for (int i = 0; i < ids.length; i++) {
      long start = T0 + Integer.parseInt(ids[i].substring(9, 11)) * H;
      sb.append(i == 0 ? "" : ",").append("{\"id\":\"").append(ids[i]).append("\",\"start\":\"").append(start)
          .append("\",\"end\":\"").append(start + H).append("\"}");
    }
    body.set(sb.append("]}").toString());
  }

  private JsonNode tree(String yaml) throws IOException {
    return new ObjectMapper(new YAMLFactory()).readTree(yaml);
  }

  @Test
  void workerShardsWithTokenFromTheEnvironment() throws IOException {
    JsonNode root = tree("worker:\n  url: " + url + "/\n  token_env: W_TOKEN\n");
    Catalog c = CatalogLoader.parse(root, null, Map.of("W_TOKEN", TOKEN)::get);
    assertEquals("Bearer " + TOKEN, auth.get());
    assertEquals(1, c.shards().size());
    ShardDescriptor s = c.shards().get(0);
    assertEquals("20260101T0000Z", s.id());
    assertEquals(url + "/shards/20260101T0000Z", s.baseUrl().toString());
    assertEquals(TOKEN, s.bearerToken());
    assertTrue(s.int64AsText());
    assertEquals(OtelTables.definitions(), c.tables());
    assertTrue(CatalogLoader.hasWorker(root));
    assertFalse(CatalogLoader.hasWorker(tree("otel_tables: true\n")));
  }

  @Test
  void combinesWithStaticShardsAndTables() throws IOException {
    JsonNode root = tree("worker:\n  url: " + url + "\n"
        + "otel_tables: false\n"
        + "shards:\n  - {id: old, url: 'http://127.0.0.1:1', start: '2025-12-31T23:00:00Z', end: '2026-01-01T00:00:00Z'}\n"
        + "tables:\n  - name: t\n    time_column: ts\n    columns: [{name: ts, type: TIMESTAMP}, {name: v, type: BIGINT}]\n");
    Catalog c = CatalogLoader.parse(root, null, Map.<String, String>of()::get);
    assertEquals(List.of("old", "20260101T0000Z"), c.shards().stream().map(ShardDescriptor::id).toList());
    assertEquals(null, auth.get());
    assertEquals(1, c.tables().size());
    assertEquals("t", c.tables().get(0).name());
  }

  @Test
  void refreshReadsTheWorkerAgainAndKeepsTheTables() throws IOException {
    JsonNode root = tree("worker: {url: '" + url + "', token_env: W_TOKEN}\n");
    Map<String, String> env = Map.of("W_TOKEN", TOKEN);
    Catalog first = CatalogLoader.parse(root, null, env::get);
    assertEquals(first, CatalogLoader.refresh(first, root, env::get));
    slices("20260101T0500Z", "20260101T0000Z");
    Catalog second = CatalogLoader.refresh(first, root, env::get);
    assertEquals(List.of("20260101T0000Z", "20260101T0500Z"),
        second.shards().stream().map(ShardDescriptor::id).toList());
    assertTrue(first.tables() == second.tables() || first.tables().equals(second.tables()));
    status.set(500);
    IOException e = assertThrows(IOException.class, () -> CatalogLoader.refresh(second, root, env::get));
    assertTrue(e.getMessage().contains("HTTP 500"), e.getMessage());
  }

  @Test
  void missingTokenVariableIsNamedAndUnreachableWorkerFails() throws IOException {
    JsonNode root = tree("worker: {url: '" + url + "', token_env: W_TOKEN}\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CatalogLoader.parse(root, null, Map.<String, String>of()::get));
    assertTrue(e.getMessage().contains("W_TOKEN"), e.getMessage());
    server.stop(0);
    assertThrows(UncheckedIOException.class, () -> CatalogLoader.parse(root, null, Map.of("W_TOKEN", TOKEN)::get));
    assertThrows(IllegalArgumentException.class,
        () -> CatalogLoader.parse(tree("worker: 'http://x'\n"), null, Map.<String, String>of()::get));
  }
}
