package io.sqlotel.adbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.adbc.core.AdbcConnection;
import org.apache.arrow.adbc.core.AdbcDatabase;
import org.apache.arrow.adbc.core.AdbcDriver;
import org.apache.arrow.adbc.core.AdbcStatement;
import org.apache.arrow.adbc.driver.flightsql.FlightSqlDriver;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Node.js Flight SQL client {@code @lakehouse-rs/flight-sql-client}, driven by {@code clients/node/query.mjs}
 * against the same server process as the ADBC tests: a query, the catalogs, the tables. Skipped when {@code node} or
 * {@code npm} is not on the PATH; runs {@code npm ci} first when {@code clients/node/node_modules} is missing.
 */
@ExtendWith(SharedServer.class)
class NodeFlightSqlClientIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static SqlotelServerProcess server;
  private static Path clientDir;
  private static String node;

  @BeforeAll
  static void setUp(SqlotelServerProcess shared) throws Exception {
    server = shared;
    Optional<String> nodeExe = onPath("node");
    Optional<String> npmExe = onPath("npm");
    assumeTrue(nodeExe.isPresent() && npmExe.isPresent(), "node and npm are not on the PATH: Node client not tested");
    node = nodeExe.get();
    clientDir = Paths.get(System.getProperty("sqlotel.node.client.dir", "../clients/node")).toAbsolutePath()
        .normalize();
    assertTrue(Files.isRegularFile(clientDir.resolve("query.mjs")), "missing " + clientDir.resolve("query.mjs"));
    if (!Files.isDirectory(clientDir.resolve("node_modules"))) {
      Result ci = run(List.of(npmExe.get(), "ci", "--no-audit", "--no-fund"), 300);
      assertEquals(0, ci.exitCode, "npm ci failed in " + clientDir + ":\n" + ci.stdout + ci.stderr);
    }
  }

  @Test
  @Timeout(120)
  void queryCatalogsAndTables() throws Exception {
    Result result = run(List.of(node, "query.mjs", server.host() + ":" + server.port(),
        "SELECT COUNT(*) AS n FROM otel_logs"), 60);
    assertEquals(0, result.exitCode, "query.mjs failed:\n" + result.stdout + result.stderr);
    JsonNode out = JSON.readTree(result.stdout);

    assertEquals("n", out.path("columns").path(0).path("name").asText(), out.toString());
    assertEquals(1, out.path("rows").size(), out.toString());
    assertEquals(adbcCount("SELECT COUNT(*) AS n FROM otel_logs"), out.path("rows").path(0).path("n").asLong(),
        "the Node client's count against ADBC's");

    List<String> catalogs = new ArrayList<>();
    out.path("catalogs").forEach(c -> catalogs.add(c.asText()));
    assertEquals(List.of("sqlotel"), catalogs);

    List<String> tables = new ArrayList<>();
    for (JsonNode t : out.path("tables")) {
      assertEquals("sqlotel", t.path("catalog").asText(), t.toString());
      assertEquals("otel", t.path("schema").asText(), t.toString());
      assertEquals("TABLE", t.path("type").asText(), t.toString());
      tables.add(t.path("table").asText());
    }
    assertTrue(tables.containsAll(List.of("otel_logs", "otel_traces", "otel_metrics_gauge", "otel_metrics_sum",
        "otel_metrics_histogram")), tables.toString());
  }

  /** A scan over both shards comes as one endpoint per shard (serve's default --max-endpoints); the client reads all. */
  @Test
  @Timeout(120)
  void aScanSplitIntoEndpointsReturnsEveryRow() throws Exception {
    Result result = run(List.of(node, "query.mjs", server.host() + ":" + server.port(),
        "SELECT ServiceName, Body FROM otel_logs"), 60);
    assertEquals(0, result.exitCode, "query.mjs failed:\n" + result.stdout + result.stderr);
    JsonNode out = JSON.readTree(result.stdout);
    assertEquals(adbcCount("SELECT COUNT(*) AS n FROM otel_logs"), out.path("rows").size(),
        "rows of the split scan against ADBC's count");
  }

  /** The client turns server errors into a generic message (the server's text is lost); the script exits with 1. */
  @Test
  @Timeout(120)
  void badQueryFails() throws Exception {
    Result result = run(List.of(node, "query.mjs", server.host() + ":" + server.port(), "SELECT nope FROM otel_logs"),
        60);
    assertEquals(1, result.exitCode, "a bad query must fail:\n" + result.stdout + result.stderr);
    assertTrue(result.stdout.isEmpty(), result.stdout);
    assertTrue(result.stderr.startsWith("query.mjs: "), result.stderr);
  }

  private static long adbcCount(String sql) throws Exception {
    Map<String, Object> params = new HashMap<>();
    AdbcDriver.PARAM_URI.set(params, server.uri());
    try (BufferAllocator allocator = new RootAllocator();
         AdbcDatabase db = new FlightSqlDriver(allocator).open(params);
         AdbcConnection conn = db.connect();
         AdbcStatement stmt = conn.createStatement()) {
      stmt.setSqlQuery(sql);
      try (ArrowReader reader = stmt.executeQuery().getReader()) {
        VectorSchemaRoot root = reader.getVectorSchemaRoot();
        assertTrue(reader.loadNextBatch());
        return ((BigIntVector) root.getVector(0)).get(0);
      }
    }
  }

  private record Result(int exitCode, String stdout, String stderr) {}

  private static Result run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
    Path out = Files.createTempFile("node-client-", ".out");
    Path err = Files.createTempFile("node-client-", ".err");
    try {
      Process p = new ProcessBuilder(command).directory(clientDir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s:\n"
            + Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static Optional<String> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path exe = Paths.get(dir, name);
      if (Files.isRegularFile(exe) && Files.isExecutable(exe)) {
        return Optional.of(exe.toString());
      }
    }
    return Optional.empty();
  }
}
