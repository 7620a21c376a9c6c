package io.sqlotel.it.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sqlotel.coordinator.DistributedQueryEngine;
import io.sqlotel.coordinator.EngineConfig;
import io.sqlotel.flight.FlightServerConfig;
import io.sqlotel.flight.SqlotelFlightServer;
import io.sqlotel.flight.producer.ProducerOptions;
import io.sqlotel.flight.producer.SqlotelFlightProducer;
import io.sqlotel.planner.catalog.Catalog;
import io.sqlotel.planner.catalog.CatalogLoader;
import io.sqlotel.shard.client.ShardClient;
import io.sqlotel.shard.client.ShardClientConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.ActionType;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.Result;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A catalog pointing at the shard worker ({@code worker: {url, token_env}}) run locally in workerd: data ingested into
 * a new hour slice after the engine started becomes queryable through the JDBC driver once the Flight action
 * {@code refresh_catalog} has read the worker's {@code GET /catalog} again, without a restart.
 */
class WorkerRefreshIT {
  private static final String TOKEN = "it-refresh-s3cret";
  /** 2026-01-01T00:00Z. */
  private static final long T0 = 1_767_225_600_000_000_000L;
  private static final long HOUR = 3_600_000_000_000L;

  private static Process worker;
  private static String workerUrl;
  private static ShardClient client;
  private static DistributedQueryEngine engine;
  private static SqlotelFlightServer flight;
  private static BufferAllocator allocator;

  @BeforeAll
  static void start() throws Exception {
    Path repo = Path.of("").toAbsolutePath().getParent();
    Path workerDir = repo.resolve("shard-worker");
    if (!Files.isDirectory(workerDir)) { // run from the repository root
      repo = Path.of("").toAbsolutePath();
      workerDir = repo.resolve("shard-worker");
    }
    WorkerCluster.requireNpm(workerDir); // skips without npm; npm ci when needed
    worker = WorkerCluster.startWorker(workerDir, TOKEN);
    workerUrl = WorkerCluster.awaitReady(worker);

    ingestLogs(T0, 5); // hour 0 exists before the engine starts

    // the catalog file as a user writes it: the token comes from an environment variable
    JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(
        "worker:\n  url: " + workerUrl + "\n  token_env: SQLOTEL_IT_WORKER_TOKEN\n");
    Map<String, String> env = Map.of("SQLOTEL_IT_WORKER_TOKEN", TOKEN);
    client = new ShardClient(ShardClientConfig.defaults());
    Catalog catalog = CatalogLoader.parse(tree, client::queryRows, env::get);
    assertEquals(1, catalog.shards().size(), catalog.shards().toString());
    engine = new DistributedQueryEngine(catalog, client, EngineConfig.defaults().withCoverageCheck(false));
    // what `serve --catalog FILE` does for a catalog with a worker
    engine.setCatalogSource(() -> CatalogLoader.refresh(engine.catalog(), tree, env::get));
    flight = SqlotelFlightServer.start(engine, new FlightServerConfig("127.0.0.1", 0, null, ProducerOptions.defaults()));
    allocator = new RootAllocator();
  }

  @AfterAll
  static void stop() throws Exception {
    if (flight != null) {
      flight.close();
    }
    if (allocator != null) {
      allocator.close();
    }
    if (engine != null) {
      engine.close();
    }
    if (client != null) {
      client.close();
    }
    if (worker != null) {
      WorkerCluster.stopWorker(worker);
    }
  }

  @Test
  void newSliceBecomesQueryableAfterTheRefreshAction() throws Exception {
    String all = "SELECT COUNT(*) FROM otel_logs";
    String newHour = "SELECT COUNT(*) FROM otel_logs WHERE \"Timestamp\" >= TIMESTAMP '2026-01-01 05:00:00'";
    assertEquals(5, count(all));

    ingestLogs(T0 + 5 * HOUR, 7); // a new slice, created after the engine started
    assertEquals(5, count(all), "not visible before the refresh");
    assertEquals(0, count(newHour));

    try (FlightClient fc = FlightClient.builder(allocator, flight.location()).build()) {
      List<String> types = new ArrayList<>();
      fc.listActions().forEach((ActionType t) -> types.add(t.getType()));
      assertTrue(types.contains(SqlotelFlightProducer.REFRESH_CATALOG_ACTION), types.toString());
      assertEquals("2", refresh(fc));
      assertEquals(12, count(all));
      assertEquals(7, count(newHour));
      assertEquals(2, engine.catalog().shards().size());
      Catalog before = engine.catalog();
      assertEquals("2", refresh(fc)); // unchanged: the catalog is not swapped
      assertTrue(before == engine.catalog());
    }
  }

  private static String refresh(FlightClient fc) {
    Iterator<Result> results = fc.doAction(new Action(SqlotelFlightProducer.REFRESH_CATALOG_ACTION));
    assertTrue(results.hasNext());
    String body = new String(results.next().getBody(), StandardCharsets.UTF_8);
    while (results.hasNext()) {
      results.next();
    }
    return body;
  }

  private static long count(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(flight.jdbcUrl()); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  /** Posts {@code n} log records starting at {@code startNanos}, one second apart, to the worker's /v1/logs. */
  private static void ingestLogs(long startNanos, int n) throws Exception {
    StringBuilder sb = new StringBuilder("{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":"
        + "\"service.name\",\"value\":{\"stringValue\":\"refresh\"}}]},\"scopeLogs\":[{\"scope\":{\"name\":\"it\"},"
        + "\"logRecords\":[");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append("{\"timeUnixNano\":\"").append(startNanos + i * 1_000_000_000L + 17)
          .append("\",\"severityText\":\"INFO\",\"body\":{\"stringValue\":\"r").append(i).append("\"}}");
    }
    sb.append("]}]}]}");
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(workerUrl + "/v1/logs"))
        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(sb.toString())).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
  }
}
