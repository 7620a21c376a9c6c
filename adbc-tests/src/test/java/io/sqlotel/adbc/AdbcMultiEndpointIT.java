package io.sqlotel.adbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.adbc.core.AdbcConnection;
import org.apache.arrow.adbc.core.AdbcDatabase;
import org.apache.arrow.adbc.core.AdbcDriver;
import org.apache.arrow.adbc.core.AdbcStatement;
import org.apache.arrow.adbc.driver.flightsql.FlightSqlDriver;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several endpoints per query through the ADBC Flight SQL driver for Java, against a server process with 6 demo
 * shards and {@code --max-endpoints 3}: an unordered scan comes back as 3 endpoints (each a group of 2 shards) and
 * the driver's union of them has exactly the rows of the same scan ordered (which the server runs as one endpoint,
 * merged in the coordinator): no row lost, none twice, so every shard was read exactly once.
 */
@Timeout(120)
class AdbcMultiEndpointIT {
  private static final String SCAN = "SELECT ServiceName, TraceId, SpanId, Body FROM otel_logs WHERE SeverityNumber >= 9";

  private static SqlotelServerProcess server;
  private static BufferAllocator allocator;
  private static AdbcDatabase database;
  private static AdbcConnection connection;

  @BeforeAll
  static void start() throws Exception {
    server = SqlotelServerProcess.start(6, "sqlotel-server-6-shards", "--max-endpoints", "3");
    allocator = new RootAllocator();
    Map<String, Object> params = new HashMap<>();
    AdbcDriver.PARAM_URI.set(params, server.uri());
    database = new FlightSqlDriver(allocator).open(params);
    connection = database.connect();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (connection != null) {
        connection.close();
      }
      if (database != null) {
        database.close();
      }
      if (allocator != null) {
        allocator.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  void theUnionOfTheEndpointsIsTheResult() throws Exception {
    try (BufferAllocator a = new RootAllocator();
        FlightSqlClient sql = new FlightSqlClient(FlightClient.builder(a,
            Location.forGrpcInsecure(server.host(), server.port())).build())) {
      FlightInfo split = sql.execute(SCAN);
      assertEquals(3, split.getEndpoints().size(), "6 shards in 3 groups");
      split.getEndpoints().forEach(e -> assertTrue(e.getLocations().isEmpty(), "no replica configured"));
      assertEquals(1, sql.execute(SCAN + " ORDER BY TraceId, SpanId, Body").getEndpoints().size());
    }
    List<String> parts = strings(query(SCAN));
    List<String> whole = strings(query(SCAN + " ORDER BY TraceId, SpanId, Body"));
    assertTrue(whole.size() > 100, "rows: " + whole.size());
    assertEquals(whole.stream().sorted().toList(), parts.stream().sorted().toList());
    assertEquals(whole.size(), (long) (Long) query("SELECT COUNT(*) FROM otel_logs WHERE SeverityNumber >= 9")
        .get(0).get(0));
  }

  @Test
  void aBoundParameterStillSplits() throws Exception {
    String sql = "SELECT ServiceName, Body FROM otel_logs WHERE ServiceName = ?";
    List<List<Object>> rows;
    String service;
    try (AdbcStatement stmt = connection.createStatement()) {
      stmt.setSqlQuery("SELECT ServiceName FROM otel_logs GROUP BY ServiceName ORDER BY COUNT(*) DESC LIMIT 1");
      service = query(stmt).get(0).get(0).toString();
    }
    try (AdbcStatement stmt = connection.createStatement()) {
      stmt.setSqlQuery(sql);
      stmt.prepare();
      try (VectorSchemaRoot bind = VectorSchemaRoot.create(stmt.getParameterSchema(), allocator)) {
        ((VarCharVector) bind.getVector(0)).setSafe(0, service.getBytes(StandardCharsets.UTF_8));
        bind.setRowCount(1);
        stmt.bind(bind);
        rows = query(stmt);
      }
    }
    long expected = (Long) query("SELECT COUNT(*) FROM otel_logs WHERE ServiceName = '" + service + "'").get(0).get(0);
    assertEquals(expected, rows.size());
    assertTrue(rows.stream().allMatch(r -> r.get(0).toString().equals(service)), rows.toString());
  }

  private static List<List<Object>> query(String sql) throws Exception {
    try (AdbcStatement stmt = connection.createStatement()) {
      stmt.setSqlQuery(sql);
      return query(stmt);
    }
  }

  private static List<List<Object>> query(AdbcStatement stmt) throws Exception {
    List<List<Object>> rows = new ArrayList<>();
    try (ArrowReader reader = stmt.executeQuery().getReader()) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      while (reader.loadNextBatch()) {
        for (int i = 0; i < root.getRowCount(); i++) {
          List<Object> row = new ArrayList<>();
          for (FieldVector v : root.getFieldVectors()) {
            Object o = v.getObject(i);
            row.add(o == null ? null : o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : o);
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  private static List<String> strings(List<List<Object>> rows) {
    return rows.stream().map(r -> r.stream().map(String::valueOf).toList().toString()).toList();
  }
}
