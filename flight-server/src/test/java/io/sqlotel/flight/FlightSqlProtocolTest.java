package io.sqlotel.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.sqlotel.flight.producer.ProducerOptions;
import io.sqlotel.flight.producer.SqlInfos;
import io.sqlotel.proto.v1.ParameterValue;
import io.sqlotel.proto.v1.PreparedStatementHandle;
import io.sqlotel.proto.v1.QueryTicket;
import java.io.ByteArrayInputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.CloseSessionRequest;
import org.apache.arrow.flight.CloseSessionResult;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.RenewFlightEndpointRequest;
import org.apache.arrow.flight.SessionOptionValueFactory;
import org.apache.arrow.flight.SetSessionOptionsRequest;
import org.apache.arrow.flight.SetSessionOptionsResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.flight.sql.FlightSqlColumnMetadata;
import org.apache.arrow.flight.sql.FlightSqlProducer.Schemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;
import org.apache.arrow.flight.sql.util.TableRef;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server through Arrow's FlightSqlClient: the calls ADBC and other non-JDBC clients make, the self-contained
 * handles and tickets, bounded messages, cancellation and the refusals.
 */
class FlightSqlProtocolTest {
  @TempDir
  static Path dir;

  static TestCluster cluster;
  static BufferAllocator clientAllocator;
  static FlightClient client;
  static FlightSqlClient sql;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(dir, null);
    clientAllocator = new RootAllocator();
    client = FlightClient.builder(clientAllocator, cluster.server.location()).build();
    sql = new FlightSqlClient(client);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (sql != null) {
        sql.close(); // closes the FlightClient too
      }
      if (clientAllocator != null) {
        clientAllocator.close();
      }
    } finally {
      if (cluster != null) {
        long allocated = cluster.server.allocatedBytes();
        cluster.close();
        assertEquals(0, allocated, "bytes still allocated by the server after the tests");
      }
    }
  }

  @Test
  void statementQueryGetsOneSelfContainedEndpoint() throws Exception {
    String query = "SELECT ServiceName, COUNT(*) AS n FROM otel_logs GROUP BY ServiceName ORDER BY ServiceName";
    FlightInfo info = sql.execute(query);
    assertEquals(List.of("ServiceName", "n"), names(info.getSchemaOptional().orElseThrow()));
    assertEquals(1, info.getEndpoints().size());
    FlightEndpoint endpoint = info.getEndpoints().get(0);
    assertTrue(endpoint.getLocations().isEmpty());

    QueryTicket ticket = QueryTicket.parseFrom(
        Any.parseFrom(endpoint.getTicket().getBytes()).unpack(TicketStatementQuery.class).getStatementHandle());
    assertEquals(query, ticket.getSql());
    assertTrue(ticket.getQueryStartNanos() > 0);
    assertFalse(ticket.getQueryId().isEmpty());

    List<String> expected = List.of("cart 2", "frontend 2", "payment 1");
    assertEquals(expected, readRows(endpoint.getTicket()));
    // Self-contained: the ticket can be redeemed again (and by any replica).
    assertEquals(expected, readRows(endpoint.getTicket()));
  }

  @Test
  void schemasOfStatementsAndPreparedStatements() {
    Schema schema = sql.getExecuteSchema("SELECT Body, SeverityNumber FROM otel_logs").getSchema();
    assertEquals(List.of("Body", "SeverityNumber"), names(schema));
    assertEquals(new ArrowType.Int(64, true), schema.getFields().get(1).getType());
    try (FlightSqlClient.PreparedStatement ps = sql.prepare("SELECT Body FROM otel_logs WHERE SeverityNumber = ?")) {
      assertEquals(List.of("Body"), names(ps.getResultSetSchema()));
      assertEquals(1, ps.getParameterSchema().getFields().size());
      assertEquals(List.of("Body"), names(ps.fetchSchema().getSchema()));
    }
  }

  @Test
  void preparedStatementBindsThroughDoPutAndHandlesAreSelfContained() throws Exception {
    try (FlightSqlClient.PreparedStatement ps = sql.prepare(
        "SELECT Body FROM otel_logs WHERE SeverityNumber = ? ORDER BY \"Timestamp\"")) {
      try (VectorSchemaRoot params = VectorSchemaRoot.create(ps.getParameterSchema(), clientAllocator)) {
        ((BigIntVector) params.getVector(0)).setSafe(0, 17);
        params.setRowCount(1);
        ps.setParameters(params);
        FlightInfo info = ps.execute();
        assertEquals(List.of("boom", "declined"), readRows(info.getEndpoints().get(0).getTicket()));
        ps.clearParameters();
      }
    }
    // A handle minted by hand (as another replica would see it) runs without any server-side state.
    PreparedStatementHandle handle = PreparedStatementHandle.newBuilder()
        .setSql("SELECT Body FROM otel_logs WHERE SeverityNumber = ? ORDER BY \"Timestamp\"")
        .addParameters(ParameterValue.newBuilder().setInt64Value(13))
        .build();
    FlightInfo info = client.getInfo(preparedDescriptor(handle.toByteString()));
    assertEquals(List.of("slow"), readRows(info.getEndpoints().get(0).getTicket()));
  }

  @Test
  void unboundParametersAreInvalid() {
    PreparedStatementHandle unbound = PreparedStatementHandle.newBuilder()
        .setSql("SELECT Body FROM otel_logs WHERE SeverityNumber = ?").build();
    assertCode(FlightStatusCode.INVALID_ARGUMENT, () -> client.getInfo(preparedDescriptor(unbound.toByteString())));
    assertCode(FlightStatusCode.INVALID_ARGUMENT,
        () -> sql.execute("SELECT Body FROM otel_logs WHERE SeverityNumber = ?"));
  }

  @Test
  void bindingSeveralRowsIsRefused() {
    try (FlightSqlClient.PreparedStatement ps = sql.prepare("SELECT Body FROM otel_logs WHERE SeverityNumber = ?");
        VectorSchemaRoot params = VectorSchemaRoot.create(ps.getParameterSchema(), clientAllocator)) {
      BigIntVector v = (BigIntVector) params.getVector(0);
      v.setSafe(0, 9);
      v.setSafe(1, 17);
      params.setRowCount(2);
      ps.setParameters(params);
      assertCode(FlightStatusCode.INVALID_ARGUMENT, ps::execute);
      ps.clearParameters();
    }
  }

  @Test
  void malformedHandlesAndTicketsAreInvalidArguments() throws Exception {
    assertCode(FlightStatusCode.INVALID_ARGUMENT,
        () -> client.getInfo(preparedDescriptor(ByteString.copyFromUtf8("not a handle"))));
    Ticket garbage = new Ticket(Any.pack(TicketStatementQuery.newBuilder()
        .setStatementHandle(ByteString.copyFrom(new byte[] {(byte) 0xff, 0x01, 0x02})).build()).toByteArray());
    assertCode(FlightStatusCode.INVALID_ARGUMENT, () -> readRows(garbage));
    // ... and the server keeps serving.
    assertEquals(List.of("5"), readRows(sql.execute("SELECT COUNT(*) FROM otel_logs").getEndpoints().get(0)
        .getTicket()));
  }

  @Test
  void sqlInfoAnswersAllKnownKeysAndSkipsUnknownOnes() throws Exception {
    assertEquals(SqlInfos.standard().keys().size(), readRows(sql.getSqlInfo(new int[0])).size());
    List<String> two = readRows(sql.getSqlInfo(SqlInfo.FLIGHT_SQL_SERVER_NAME, SqlInfo.SQL_IDENTIFIER_QUOTE_CHAR));
    assertEquals(2, two.size());
    assertTrue(two.get(0).contains("sqlotel"), two.toString());
    assertEquals(List.of(), readRows(sql.getSqlInfo(new int[] {987_654})));
    assertEquals(1, readRows(sql.getSqlInfo(new int[] {987_654, SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY_VALUE})).size());
  }

  @Test
  void xdbcTypeInfoListsTheTypesWeUse() throws Exception {
    List<String> all = readRows(sql.getXdbcTypeInfo());
    List<String> names = new ArrayList<>();
    all.forEach(r -> names.add(r.split(" ")[0]));
    assertEquals(List.of("BIGINT", "VARBINARY", "INTEGER", "DOUBLE", "VARCHAR", "BOOLEAN", "TIMESTAMP"), names);
    List<String> bigint = readRows(sql.getXdbcTypeInfo(Types.BIGINT));
    assertEquals(1, bigint.size());
    assertTrue(bigint.get(0).startsWith("BIGINT " + Types.BIGINT), bigint.toString());
    assertEquals(Schemas.GET_TYPE_INFO_SCHEMA, sql.getXdbcTypeInfo().getSchemaOptional().orElseThrow());
  }

  @Test
  void metadataResultsUseTheSpecSchemas() throws Exception {
    assertEquals(List.of("sqlotel"), readRows(sql.getCatalogs()));
    assertEquals(List.of("sqlotel otel"), readRows(sql.getSchemas(null, null)));
    assertEquals(List.of("TABLE"), readRows(sql.getTableTypes()));
    assertEquals(List.of(), readRows(sql.getPrimaryKeys(TableRef.of(null, null, "otel_logs"))));
    assertEquals(List.of(), readRows(sql.getImportedKeys(TableRef.of(null, null, "otel_logs"))));
    assertEquals(List.of(), readRows(sql.getExportedKeys(TableRef.of(null, null, "otel_logs"))));
    assertEquals(List.of(), readRows(sql.getCrossReference(TableRef.of(null, null, "otel_logs"),
        TableRef.of(null, null, "otel_traces"))));
    assertEquals(Schemas.GET_PRIMARY_KEYS_SCHEMA,
        sql.getPrimaryKeys(TableRef.of(null, null, "x")).getSchemaOptional().orElseThrow());
    assertEquals(Schemas.GET_CROSS_REFERENCE_SCHEMA,
        sql.getCrossReference(TableRef.of(null, null, "x"), TableRef.of(null, null, "y"))
            .getSchemaOptional().orElseThrow());
    assertEquals(Schemas.GET_TABLES_SCHEMA_NO_SCHEMA,
        sql.getTables(null, null, null, null, false).getSchemaOptional().orElseThrow());
  }

  @Test
  void tablesWithSchemasCarryColumnMetadata() throws Exception {
    FlightInfo info = sql.getTables("sqlotel", "otel", "otel_logs", List.of("TABLE"), true);
    assertEquals(Schemas.GET_TABLES_SCHEMA, info.getSchemaOptional().orElseThrow());
    List<Schema> schemas = new ArrayList<>();
    forEachBatch(info.getEndpoints().get(0).getTicket(), root -> {
      VarBinaryVector v = (VarBinaryVector) root.getVector("table_schema");
      for (int i = 0; i < root.getRowCount(); i++) {
        try {
          schemas.add(MessageSerializer.deserializeSchema(
              new ReadChannel(Channels.newChannel(new ByteArrayInputStream(v.get(i))))));
        } catch (java.io.IOException e) {
          throw new AssertionError(e);
        }
      }
    });
    assertEquals(1, schemas.size());
    Field ts = schemas.get(0).findField("Timestamp");
    FlightSqlColumnMetadata md = new FlightSqlColumnMetadata(ts.getMetadata());
    assertEquals("sqlotel", md.getCatalogName());
    assertEquals("otel", md.getSchemaName());
    assertEquals("otel_logs", md.getTableName());
    assertEquals("TIMESTAMP", md.getTypeName());
    assertEquals(9, md.getScale());
    assertEquals(Boolean.TRUE, md.isReadOnly());
    assertEquals(Boolean.TRUE, md.isSearchable());
    assertEquals("VARCHAR", new FlightSqlColumnMetadata(schemas.get(0).findField("Body").getMetadata()).getTypeName());
    assertEquals(Boolean.TRUE,
        new FlightSqlColumnMetadata(schemas.get(0).findField("Body").getMetadata()).isCaseSensitive());
  }

  @Test
  void writesAreReadOnlyErrors() {
    FlightRuntimeException e = assertCode(FlightStatusCode.INVALID_ARGUMENT,
        () -> sql.executeUpdate("DELETE FROM otel_logs"));
    assertTrue(e.getMessage().startsWith("sqlotel is read-only"), e.getMessage());
    assertCode(FlightStatusCode.INVALID_ARGUMENT, () -> sql.executeUpdate("SELECT 1"));
    assertCode(FlightStatusCode.INVALID_ARGUMENT, () -> sql.prepare("INSERT INTO otel_logs (Body) VALUES ('x')"));
    assertCode(FlightStatusCode.INVALID_ARGUMENT, () -> sql.execute("DROP TABLE otel_logs"));
    try (VectorSchemaRoot rows = VectorSchemaRoot.create(new Schema(List.of(
        Field.nullable("Body", ArrowType.Utf8.INSTANCE))), clientAllocator)) {
      rows.setRowCount(0);
      assertCode(FlightStatusCode.INVALID_ARGUMENT, () -> sql.executeIngest(rows,
          new FlightSqlClient.ExecuteIngestOptions("otel_logs",
          CommandStatementIngest.TableDefinitionOptions.getDefaultInstance(), null, null, Map.of())));
    }
  }

  @Test
  void unsupportedCallsAreUnimplemented() {
    assertCode(FlightStatusCode.UNIMPLEMENTED, () -> sql.beginTransaction());
    assertCode(FlightStatusCode.UNIMPLEMENTED,
        () -> sql.executeSubstrait(new FlightSqlClient.SubstraitPlan(new byte[] {1}, "0.1")));
    assertCode(FlightStatusCode.UNIMPLEMENTED, () -> client.listFlights(Criteria.ALL).forEach(f -> { }));
  }

  @Test
  void cancelFlightInfoOfAFinishedQueryIsNotCancellableAndForeignTicketsAreRefused() throws Exception {
    FlightInfo info = sql.execute("SELECT COUNT(*) FROM otel_logs");
    try (FlightStream s = sql.getStream(info.getEndpoints().get(0).getTicket())) {
      while (s.next()) {
        // drain
      }
    }
    assertEquals(CancelStatus.NOT_CANCELLABLE,
        sql.cancelFlightInfo(new CancelFlightInfoRequest(info)).getStatus());
    FlightInfo catalogs = sql.getCatalogs();
    assertCode(FlightStatusCode.INVALID_ARGUMENT, () -> sql.cancelFlightInfo(new CancelFlightInfoRequest(catalogs)));
  }

  @Test
  void cancelFlightInfoBetweenTheEndpointsOfAQueryCancelsTheRest() throws Exception {
    ProducerOptions split = new ProducerOptions(256L << 20, TestCluster.MAX_BATCH_BYTES, Duration.ofSeconds(30))
        .withMaxEndpoints(2);
    try (SqlotelFlightServer server = SqlotelFlightServer.start(cluster.engine,
            new FlightServerConfig("127.0.0.1", 0, null, split));
        FlightSqlClient splitSql = new FlightSqlClient(FlightClient.builder(clientAllocator, server.location())
            .build())) {
      String query = "SELECT Body FROM otel_logs";
      // The first part was read to its end, the second not yet: the cancel stops the query.
      FlightInfo info = splitSql.execute(query);
      assertEquals(2, info.getEndpoints().size(), "one endpoint per shard");
      assertEquals(List.of("hello", "boom", "ok"), readRows(splitSql, info.getEndpoints().get(0).getTicket()));
      assertEquals(CancelStatus.CANCELLED, splitSql.cancelFlightInfo(new CancelFlightInfoRequest(info)).getStatus());
      assertCode(FlightStatusCode.CANCELLED, () -> readRows(splitSql, info.getEndpoints().get(1).getTicket()));
      assertEquals(CancelStatus.CANCELLED, splitSql.cancelFlightInfo(new CancelFlightInfoRequest(info)).getStatus(),
          "asked again: the same answer");

      // Every part read: nothing is left to cancel, and nothing changes (the tickets can be read again).
      FlightInfo done = splitSql.execute(query);
      List<String> rows = new ArrayList<>();
      for (FlightEndpoint e : done.getEndpoints()) {
        rows.addAll(readRows(splitSql, e.getTicket()));
      }
      assertEquals(List.of("hello", "boom", "ok", "slow", "declined"), rows);
      assertEquals(CancelStatus.NOT_CANCELLABLE,
          splitSql.cancelFlightInfo(new CancelFlightInfoRequest(done)).getStatus());
      assertEquals(List.of("slow", "declined"), readRows(splitSql, done.getEndpoints().get(1).getTicket()));
      assertEquals(0, server.allocatedBytes());
    }
  }

  @Test
  void sessionsAcceptOnlyTheFixedCatalogAndSchema() {
    SetSessionOptionsResult ok = sql.setSessionOptions(new SetSessionOptionsRequest(Map.of(
        "catalog", SessionOptionValueFactory.makeSessionOptionValue("sqlotel"),
        "schema", SessionOptionValueFactory.makeSessionOptionValue("otel"))));
    assertFalse(ok.hasErrors());
    SetSessionOptionsResult bad = sql.setSessionOptions(new SetSessionOptionsRequest(Map.of(
        "catalog", SessionOptionValueFactory.makeSessionOptionValue("other"),
        "timezone", SessionOptionValueFactory.makeSessionOptionValue("UTC"))));
    assertEquals(SetSessionOptionsResult.ErrorValue.INVALID_VALUE, bad.getErrors().get("catalog").value);
    assertEquals(SetSessionOptionsResult.ErrorValue.INVALID_NAME, bad.getErrors().get("timezone").value);
    assertEquals(CloseSessionResult.Status.CLOSED, sql.closeSession(new CloseSessionRequest()).getStatus());
  }

  @Test
  void endpointsRenewUnchanged() {
    FlightEndpoint endpoint = sql.execute("SELECT COUNT(*) FROM otel_logs").getEndpoints().get(0);
    assertEquals(endpoint, sql.renewFlightEndpoint(new RenewFlightEndpointRequest(endpoint)));
  }

  @Test
  void largeResultsAreSentInBoundedMessages() throws Exception {
    FlightInfo info = sql.execute("SELECT SpanAttributes, Duration FROM otel_traces");
    long[] rowsAndMessages = new long[2];
    long[] largest = new long[1];
    forEachBatch(info.getEndpoints().get(0).getTicket(), root -> {
      rowsAndMessages[0] += root.getRowCount();
      rowsAndMessages[1]++;
      long bytes = 0;
      for (FieldVector v : root.getFieldVectors()) {
        bytes += v.getBufferSize();
      }
      largest[0] = Math.max(largest[0], bytes);
    });
    assertEquals(TestCluster.SPANS, rowsAndMessages[0]);
    // 5000 rows of ~230 bytes: far more than one 64 KiB message.
    assertTrue(rowsAndMessages[1] >= 10, "messages: " + rowsAndMessages[1]);
    assertTrue(largest[0] <= 2 * TestCluster.MAX_BATCH_BYTES, "largest message: " + largest[0] + " bytes");
  }

  @Test
  @SuppressWarnings("try") // FlightStream.close() may throw InterruptedException
  void cancellingAStreamFreesTheQuery() throws Exception {
    for (int i = 0; i < 3; i++) {
      FlightInfo info = sql.execute("SELECT SpanAttributes FROM otel_traces");
      try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket())) {
        assertTrue(stream.next());
        stream.cancel("enough", null);
      }
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (cluster.server.allocatedBytes() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(0, cluster.server.allocatedBytes());
    assertEquals(List.of(String.valueOf(TestCluster.SPANS)),
        readRows(sql.execute("SELECT COUNT(*) FROM otel_traces").getEndpoints().get(0).getTicket()));
  }

  // -----------------------------------------------------------------------------------------------------------------

  static FlightDescriptor preparedDescriptor(ByteString handle) {
    return FlightDescriptor.command(Any.pack(CommandPreparedStatementQuery.newBuilder()
        .setPreparedStatementHandle(handle).build()).toByteArray());
  }

  static List<String> names(Schema schema) {
    List<String> out = new ArrayList<>();
    schema.getFields().forEach(f -> out.add(f.getName()));
    return out;
  }

  /** Every row of the first endpoint of {@code info}, its values joined by spaces. */
  static List<String> readRows(FlightInfo info) throws Exception {
    return readRows(info.getEndpoints().get(0).getTicket());
  }

  /** Every row of the stream of {@code ticket}, its values joined by spaces. */
  static List<String> readRows(Ticket ticket) throws Exception {
    return readRows(sql, ticket);
  }

  /** Every row of the stream of {@code ticket} read through {@code client}, its values joined by spaces. */
  static List<String> readRows(FlightSqlClient client, Ticket ticket) throws Exception {
    List<String> rows = new ArrayList<>();
    forEachBatch(client, ticket, root -> {
      for (int r = 0; r < root.getRowCount(); r++) {
        StringBuilder sb = new StringBuilder();
        for (FieldVector v : root.getFieldVectors()) {
          if (sb.length() > 0) {
            sb.append(' ');
          }
          sb.append(v.getObject(r));
        }
        rows.add(sb.toString());
      }
    });
    return rows;
  }

  static void forEachBatch(Ticket ticket, Consumer<VectorSchemaRoot> action) throws Exception {
    forEachBatch(sql, ticket, action);
  }

  @SuppressWarnings("try") // FlightStream.close() may throw InterruptedException
  static void forEachBatch(FlightSqlClient client, Ticket ticket, Consumer<VectorSchemaRoot> action)
      throws Exception {
    try (FlightStream stream = client.getStream(ticket)) {
      while (stream.next()) {
        action.accept(stream.getRoot());
      }
    }
  }

  /** Runs {@code call}, expecting a Flight error with {@code code}. */
  static FlightRuntimeException assertCode(FlightStatusCode code, ThrowingRunnable call) {
    FlightRuntimeException e = assertThrows(FlightRuntimeException.class, call::run);
    assertEquals(code, e.status().code(), e.getMessage());
    assertNotNull(e.getMessage());
    return e;
  }

  /** A call that may throw. */
  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
