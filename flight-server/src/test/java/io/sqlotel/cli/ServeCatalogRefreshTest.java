package io.sqlotel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.sqlotel.flight.SqlotelFlightServer;
import io.sqlotel.flight.producer.SqlotelFlightProducer;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.Result;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --catalog FILE} with {@code worker: {url, token_env}}: the refresh action and the periodic refresh. */
class ServeCatalogRefreshTest {
  private static final long H = 3_600_000_000_000L;
  private static final long T0 = 1_767_225_600_000_000_000L;

  @TempDir
  Path dir;

  private HttpServer worker;
  private final AtomicInteger slices = new AtomicInteger(1);
  private final AtomicInteger status = new AtomicInteger(200);
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicReference<String> auth = new AtomicReference<>();
  private BufferAllocator allocator;

  @BeforeEach
  void startFakeWorker() throws Exception {
    worker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    worker.createContext("/catalog", ex -> {
      requests.incrementAndGet();
      auth.set(ex.getRequestHeaders().getFirst("Authorization"));
      StringBuilder sb = new StringBuilder("{\"slices\":[");
      for (int i = 0; i < slices.get(); i++) {
        sb.append(i == 0 ? "" : ",").append("{\"id\":\"s").append(i).append("\",\"start\":\"").append(T0 + i * H)
            .append("\",\"end\":\"").append(T0 + (i + 1) * H).append("\"}");
      }
      byte[] b = sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status.get(), b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    worker.start();
    allocator = new RootAllocator();
  }

  @AfterEach
  void stop() {
    worker.stop(0);
    allocator.close();
  }

  private ServeCommand serve(String yaml, String refreshSeconds) throws Exception {
    Path catalog = dir.resolve("catalog.yaml");
    Files.writeString(catalog, yaml);
    ServeCommand serve = ServeCommandTest.parse(new StringWriter(), "serve", "--catalog", catalog.toString(),
        "--port", "0", "--allow-gaps", "--catalog-refresh", refreshSeconds);
    serve.env = Map.of("SQLOTEL_TEST_TOKEN", "sekret")::get;
    return serve;
  }

  private String workerYaml() {
    return "worker:\n  url: http://127.0.0.1:" + worker.getAddress().getPort() + "\n  token_env: SQLOTEL_TEST_TOKEN\n";
  }

  private static String refresh(FlightClient client) {
    Iterator<Result> it = client.doAction(new Action(SqlotelFlightProducer.REFRESH_CATALOG_ACTION));
    String body = new String(it.next().getBody(), StandardCharsets.UTF_8);
    it.forEachRemaining(r -> { });
    return body;
  }

  @Test
  void refreshActionReadsTheWorkerAgainAndKeepsTheOldCatalogOnFailure() throws Exception {
    try (ServeCommand serve = serve(workerYaml(), "0")) {
      SqlotelFlightServer server = serve.start();
      assertEquals("Bearer sekret", auth.get());
      try (FlightClient client = FlightClient.builder(allocator, server.location()).build()) {
        List<String> types = new ArrayList<>();
        client.listActions().forEach(t -> types.add(t.getType()));
        assertTrue(types.contains("refresh_catalog"), types.toString());
        assertTrue(types.contains("CreatePreparedStatement"), types.toString());

        assertEquals("1", refresh(client));
        slices.set(3);
        assertEquals("3", refresh(client));
        status.set(503);
        FlightRuntimeException e = assertThrows(FlightRuntimeException.class, () -> refresh(client));
        assertEquals(FlightStatusCode.UNAVAILABLE, e.status().code());
        assertFalse(e.getMessage().contains("sekret"), e.getMessage());
        status.set(200);
        assertEquals("3", refresh(client));
      }
    }
  }

  @Test
  void periodicRefresh() throws Exception {
    try (ServeCommand serve = serve(workerYaml(), "1")) {
      serve.start();
      int before = requests.get();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (requests.get() < before + 2 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertTrue(requests.get() >= before + 2, "periodic GET /catalog requests: " + (requests.get() - before));
    }
    int after = requests.get();
    Thread.sleep(1500);
    assertEquals(after, requests.get(), "the refresher stops with the server");
  }

  @Test
  void fixedCatalogHasNoRefresh() throws Exception {
    try (ServeCommand serve = serve("shards: []\n", "60")) {
      SqlotelFlightServer server = serve.start();
      try (FlightClient client = FlightClient.builder(allocator, server.location()).build()) {
        FlightRuntimeException e = assertThrows(FlightRuntimeException.class, () -> refresh(client));
        assertEquals(FlightStatusCode.UNIMPLEMENTED, e.status().code());
      }
    }
  }
}
