package io.sqlotel.flight.producer;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Any;
import io.sqlotel.coordinator.PreparedQuery;
import io.sqlotel.coordinator.QueryEngine;
import io.sqlotel.coordinator.QueryOptions;
import io.sqlotel.flight.error.Errors;
import io.sqlotel.proto.v1.ParameterValue;
import io.sqlotel.proto.v1.PreparedStatementHandle;
import io.sqlotel.proto.v1.QueryTicket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.CloseSessionRequest;
import org.apache.arrow.flight.CloseSessionResult;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.GetSessionOptionsRequest;
import org.apache.arrow.flight.GetSessionOptionsResult;
import org.apache.arrow.flight.NoOpSessionOptionValueVisitor;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.RenewFlightEndpointRequest;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.SessionOptionValue;
import org.apache.arrow.flight.SessionOptionValueFactory;
import org.apache.arrow.flight.SetSessionOptionsRequest;
import org.apache.arrow.flight.SetSessionOptionsResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.FlightSqlProducer;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionBeginSavepointRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionBeginSavepointResult;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionBeginTransactionRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionBeginTransactionResult;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionClosePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementResult;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedSubstraitPlanRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionEndSavepointRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionEndTransactionRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetCatalogs;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetCrossReference;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetDbSchemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetExportedKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetImportedKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetPrimaryKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetSqlInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTableTypes;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTables;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetXdbcTypeInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementUpdate;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementSubstraitPlan;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementUpdate;
import org.apache.arrow.flight.sql.impl.FlightSql.DoPutPreparedStatementResult;
import org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flight SQL producer of sqlotel: read-only SQL over a {@link QueryEngine}.
 *
 * <p><b>Queries.</b> The JDBC driver prepares every query: CreatePreparedStatement plans it (the engine's
 * {@code prepare}) and returns the dataset and parameter schemas with a self-contained handle (a serialized
 * {@link PreparedStatementHandle}: SQL plus bound parameters); DoPut binds parameters by returning an updated handle;
 * GetFlightInfo plans again and returns the endpoints ({@link EndpointSplitter}: several for an unordered scan of
 * one table over many shards, each a group of shards, else one); DoGet runs one; ClosePreparedStatement is a no-op. ADBC sends
 * CommandStatementQuery instead. Either way the endpoint's ticket is a {@link TicketStatementQuery} wrapping a
 * serialized {@link QueryTicket} that carries the query start time, so {@code CURRENT_TIMESTAMP} folds to the same
 * instant at GetFlightInfo and DoGet, and any replica can serve it: the server keeps no per-statement state.
 *
 * <p><b>Metadata</b> (catalogs, schemas, tables, table types, keys, type info) comes from {@link CatalogMetadata},
 * SqlInfo from {@link SqlInfos}.
 *
 * <p><b>Writes</b> (updates, ingestion, write statements) answer INVALID_ARGUMENT "sqlotel is read-only ..." before
 * anything reaches a shard; unsupported calls (Substrait, transactions, ListFlights, DoExchange) answer UNIMPLEMENTED.
 *
 * <p><b>Cancellation.</b> CancelFlightInfo stops every running DoGet of the query on this server
 * ({@link RunningQueries}), the same way as a client cancelling its stream does. All failures go through {@link Errors}; the server keeps serving after any of them.
 */
public final class SqlotelFlightProducer implements FlightSqlProducer {
  private static final Logger LOG = LoggerFactory.getLogger(SqlotelFlightProducer.class);

  /** Session option naming the current catalog (sent by the JDBC driver's {@code catalog} property). */
  static final String CATALOG_OPTION = "catalog";
  /** Session option naming the current schema. */
  static final String SCHEMA_OPTION = "schema";

  private final QueryEngine engine;
  private final BufferAllocator allocator;
  private final CatalogMetadata metadata;
  private final SqlInfos sqlInfos = SqlInfos.standard();
  private final QueryStreamer streamer;
  /** The parent of every query's allocator, limited to the global query memory limit. */
  private final BufferAllocator queriesAllocator;
  private final ProducerOptions options;
  private final RunningQueries running = new RunningQueries();

  /**
   * Creates a producer.
   *
   * @param engine the engine that plans and runs queries; not closed by the producer
   * @param allocator parent of the allocator of all queries (limited to
   *     {@link ProducerOptions#globalMemoryLimitBytes()}, closed with the producer) and of metadata batches; not
   *     closed by the producer
   * @param options per-query and global limits
   */
  public SqlotelFlightProducer(QueryEngine engine, BufferAllocator allocator, ProducerOptions options) {
    this.engine = requireNonNull(engine, "engine is null");
    this.allocator = requireNonNull(allocator, "allocator is null");
    this.options = requireNonNull(options, "options is null");
    this.metadata = new CatalogMetadata(engine, allocator);
    this.queriesAllocator = allocator.newChildAllocator("queries", 0, options.globalMemoryLimitBytes());
    this.streamer = new QueryStreamer(engine, queriesAllocator, options.queryMemoryLimitBytes(),
        options.maxBatchBytes(), options.clientStallTimeout().toMillis());
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Queries

  @Override
  public void createPreparedStatement(ActionCreatePreparedStatementRequest request, CallContext context,
      StreamListener<Result> listener) {
    try {
      rejectTransaction(request.hasTransactionId());
      String sql = request.getQuery();
      ReadOnlyGuard.check(sql);
      PreparedQuery prepared = engine.prepare(sql, QueryOptions.now());
      PreparedStatementHandle handle = PreparedStatementHandle.newBuilder().setSql(sql).build();
      ActionCreatePreparedStatementResult result = ActionCreatePreparedStatementResult.newBuilder()
          .setPreparedStatementHandle(handle.toByteString())
          .setDatasetSchema(IpcSchemas.serializeToByteString(ResultColumns.describe(prepared.resultSchema())))
          .setParameterSchema(IpcSchemas.serializeToByteString(prepared.parameterSchema()))
          .build();
      listener.onNext(new Result(Any.pack(result).toByteArray()));
      listener.onCompleted();
    } catch (Throwable t) {
      listener.onError(Errors.toFlight(t));
    }
  }

  /** Always succeeds: handles are self-contained, so there is nothing to free. */
  @Override
  public void closePreparedStatement(ActionClosePreparedStatementRequest request, CallContext context,
      StreamListener<Result> listener) {
    listener.onCompleted();
  }

  @Override
  public FlightInfo getFlightInfoStatement(CommandStatementQuery command, CallContext context,
      FlightDescriptor descriptor) {
    try {
      rejectTransaction(command.hasTransactionId());
      String sql = command.getQuery();
      ReadOnlyGuard.check(sql);
      long start = nowNanos();
      PreparedQuery prepared = engine.prepare(sql, new QueryOptions(start, true));
      int expected = prepared.parameterSchema().getFields().size();
      if (expected > 0) {
        throw Errors.invalidArgument("the query has " + expected
            + " parameter(s) (?); bind them through a prepared statement");
      }
      QueryTicket ticket = QueryTicket.newBuilder()
          .setSql(sql).setQueryStartNanos(start).setQueryId(QueryIds.next()).build();
      return flightInfo(prepared, descriptor, ticket);
    } catch (Throwable t) {
      throw Errors.toFlight(t);
    }
  }

  @Override
  public FlightInfo getFlightInfoPreparedStatement(CommandPreparedStatementQuery command, CallContext context,
      FlightDescriptor descriptor) {
    try {
      PreparedStatementHandle handle = HandleCodec.parseHandle(command.getPreparedStatementHandle());
      ReadOnlyGuard.check(handle.getSql());
      long start = nowNanos();
      PreparedQuery prepared = engine.prepare(handle.getSql(), new QueryOptions(start, true));
      checkAllBound(prepared.parameterSchema(), handle.getParametersList());
      if (handle.getParametersCount() > 0) {
        // planned again with the values, so that pruning and endpoint splitting see them
        prepared = engine.prepare(handle.getSql(), HandleCodec.toJava(handle.getParametersList()),
            new QueryOptions(start, true));
      }
      QueryTicket ticket = QueryTicket.newBuilder()
          .setSql(handle.getSql())
          .addAllParameters(handle.getParametersList())
          .setQueryStartNanos(start)
          .setQueryId(QueryIds.next())
          .build();
      return flightInfo(prepared, descriptor, ticket);
    } catch (Throwable t) {
      throw Errors.toFlight(t);
    }
  }

  @Override
  public SchemaResult getSchemaStatement(CommandStatementQuery command, CallContext context,
      FlightDescriptor descriptor) {
    try {
      rejectTransaction(command.hasTransactionId());
      ReadOnlyGuard.check(command.getQuery());
      Schema schema = engine.prepare(command.getQuery(), QueryOptions.now()).resultSchema();
      return new SchemaResult(ResultColumns.describe(schema));
    } catch (Throwable t) {
      throw Errors.toFlight(t);
    }
  }

  @Override
  public SchemaResult getSchemaPreparedStatement(CommandPreparedStatementQuery command, CallContext context,
      FlightDescriptor descriptor) {
    try {
      PreparedStatementHandle handle = HandleCodec.parseHandle(command.getPreparedStatementHandle());
      ReadOnlyGuard.check(handle.getSql());
      Schema schema = engine.prepare(handle.getSql(), QueryOptions.now()).resultSchema();
      return new SchemaResult(ResultColumns.describe(schema));
    } catch (Throwable t) {
      throw Errors.toFlight(t);
    }
  }

  @Override
  public void getStreamStatement(TicketStatementQuery ticket, CallContext context, ServerStreamListener listener) {
    QueryTicket query;
    try {
      query = HandleCodec.parseTicket(ticket);
    } catch (Throwable t) {
      listener.error(Errors.toFlight(t));
      return;
    }
    streamQuery(query, context, listener);
  }

  /** Streams a query with the call's settings (headers, session, gRPC deadline); never throws. */
  private void streamQuery(QueryTicket query, CallContext context, ServerStreamListener listener) {
    QuerySettings settings;
    try {
      settings = QuerySettings.of(context);
    } catch (Throwable t) {
      listener.error(Errors.toFlight(t));
      return;
    }
    if (running.isCancelled(query.getQueryId())) {
      listener.error(Errors.cancelled("query " + query.getQueryId() + " was cancelled (CancelFlightInfo)"));
      return;
    }
    streamer.stream(query, running.track(query.getQueryId(), query.getShardIdsList(), listener), settings);
  }

  /** Runs a prepared statement whose handle a client used directly as a ticket (the query starts now). */
  @Override
  public void getStreamPreparedStatement(CommandPreparedStatementQuery command, CallContext context,
      ServerStreamListener listener) {
    QueryTicket query;
    try {
      PreparedStatementHandle handle = HandleCodec.parseHandle(command.getPreparedStatementHandle());
      ReadOnlyGuard.check(handle.getSql());
      query = QueryTicket.newBuilder()
          .setSql(handle.getSql())
          .addAllParameters(handle.getParametersList())
          .setQueryStartNanos(nowNanos())
          .setQueryId(QueryIds.next())
          .build();
    } catch (Throwable t) {
      listener.error(Errors.toFlight(t));
      return;
    }
    streamQuery(query, context, listener);
  }

  /**
   * Binds parameters: reads the client's single parameter row and answers a {@link DoPutPreparedStatementResult}
   * whose handle carries the SQL and the bound values (the Flight SQL 18 way: the client uses that handle from now).
   */
  @Override
  public Runnable acceptPutPreparedStatementQuery(CommandPreparedStatementQuery command, CallContext context,
      FlightStream flightStream, StreamListener<PutResult> ackStream) {
    return () -> {
      try {
        PreparedStatementHandle handle = HandleCodec.parseHandle(command.getPreparedStatementHandle());
        List<ParameterValue> values = ParameterReader.readSingleRow(flightStream);
        PreparedStatementHandle bound = handle.toBuilder().clearParameters().addAllParameters(values).build();
        byte[] bytes = DoPutPreparedStatementResult.newBuilder()
            .setPreparedStatementHandle(bound.toByteString())
            .build()
            .toByteArray();
        try (ArrowBuf buf = allocator.buffer(bytes.length)) {
          buf.writeBytes(bytes);
          // onNext copies the metadata into the gRPC message; the buffer is ours to free.
          ackStream.onNext(PutResult.metadata(buf));
        }
        ackStream.onCompleted();
      } catch (Throwable t) {
        ackStream.onError(Errors.toFlight(t));
      }
    };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Writes: refused before anything reaches a shard

  @Override
  public Runnable acceptPutStatement(CommandStatementUpdate command, CallContext context, FlightStream flightStream,
      StreamListener<PutResult> ackStream) {
    return () -> ackStream.onError(Errors.readOnly("update statements"));
  }

  @Override
  public Runnable acceptPutPreparedStatementUpdate(CommandPreparedStatementUpdate command, CallContext context,
      FlightStream flightStream, StreamListener<PutResult> ackStream) {
    return () -> ackStream.onError(Errors.readOnly("updates through prepared statements"));
  }

  @Override
  public Runnable acceptPutStatementBulkIngest(CommandStatementIngest command, CallContext context,
      FlightStream flightStream, StreamListener<PutResult> ackStream) {
    return () -> ackStream.onError(Errors.readOnly("bulk ingestion (CommandStatementIngest)"));
  }

  @Override
  public Runnable acceptPutSubstraitPlan(CommandStatementSubstraitPlan command, CallContext context,
      FlightStream flightStream, StreamListener<PutResult> ackStream) {
    return () -> ackStream.onError(Errors.readOnly("Substrait update plans"));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Metadata

  @Override
  public FlightInfo getFlightInfoSqlInfo(CommandGetSqlInfo request, CallContext context,
      FlightDescriptor descriptor) {
    return metadataInfo(request, Schemas.GET_SQL_INFO_SCHEMA, descriptor);
  }

  @Override
  public void getStreamSqlInfo(CommandGetSqlInfo command, CallContext context, ServerStreamListener listener) {
    sqlInfos.send(command.getInfoList(), allocator, listener);
  }

  @Override
  public FlightInfo getFlightInfoTypeInfo(CommandGetXdbcTypeInfo request, CallContext context,
      FlightDescriptor descriptor) {
    return metadataInfo(request, Schemas.GET_TYPE_INFO_SCHEMA, descriptor);
  }

  @Override
  public void getStreamTypeInfo(CommandGetXdbcTypeInfo request, CallContext context, ServerStreamListener listener) {
    metadata.typeInfo(request, listener);
  }

  @Override
  public FlightInfo getFlightInfoCatalogs(CommandGetCatalogs request, CallContext context,
      FlightDescriptor descriptor) {
    return metadataInfo(request, Schemas.GET_CATALOGS_SCHEMA, descriptor);
  }

  @Override
  public void getStreamCatalogs(CallContext context, ServerStreamListener listener) {
    metadata.catalogs(listener);
  }

  @Override
  public FlightInfo getFlightInfoSchemas(CommandGetDbSchemas request, CallContext context,
      FlightDescriptor descriptor) {
    return metadataInfo(request, Schemas.GET_SCHEMAS_SCHEMA, descriptor);
  }

  @Override
  public void getStreamSchemas(CommandGetDbSchemas command, CallContext context, ServerStreamListener listener) {
    metadata.schemas(command, listener);
  }

  @Override
  public FlightInfo getFlightInfoTables(CommandGetTables request, CallContext context,
      FlightDescriptor descriptor) {
    Schema schema = request.getIncludeSchema() ? Schemas.GET_TABLES_SCHEMA : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA;
    return metadataInfo(request, schema, descriptor);
  }

  @Override
  public void getStreamTables(CommandGetTables command, CallContext context, ServerStreamListener listener) {
    metadata.tables(command, listener);
  }

  @Override
  public FlightInfo getFlightInfoTableTypes(CommandGetTableTypes request, CallContext context,
      FlightDescriptor descriptor) {
    return metadataInfo(request, Schemas.GET_TABLE_TYPES_SCHEMA, descriptor);
  }

  @Override
  public void getStreamTableTypes(CallContext context, ServerStreamListener listener) {
    metadata.tableTypes(listener);
  }

  @Override
  public FlightInfo getFlightInfoPrimaryKeys(CommandGetPrimaryKeys request, CallContext context,
      FlightDescriptor descriptor) {
    return metadataInfo(request, Schemas.GET_PRIMARY_KEYS_SCHEMA, descriptor);
  }

  /** Empty: sqlotel tables have no primary keys. */
  @Override
  public void getStreamPrimaryKeys(CommandGetPrimaryKeys command, CallContext context,
      ServerStreamListener listener) {
    metadata.empty(Schemas.GET_PRIMARY_KEYS_SCHEMA, listener);
  }

  @Override
  public FlightInfo getFlightInfoExportedKeys(CommandGetExportedKeys request, CallContext context,
      FlightDescriptor descriptor) {
    return metadataInfo(request, Schemas.GET_EXPORTED_KEYS_SCHEMA, descriptor);
  }

  @Override
  public FlightInfo getFlightInfoImportedKeys(CommandGetImportedKeys request, CallContext context,
      FlightDescriptor descriptor) {
    return metadataInfo(request, Schemas.GET_IMPORTED_KEYS_SCHEMA, descriptor);
  }

  @Override
  public FlightInfo getFlightInfoCrossReference(CommandGetCrossReference request, CallContext context,
      FlightDescriptor descriptor) {
    return metadataInfo(request, Schemas.GET_CROSS_REFERENCE_SCHEMA, descriptor);
  }

  /** Empty: sqlotel tables have no foreign keys. */
  @Override
  public void getStreamExportedKeys(CommandGetExportedKeys command, CallContext context,
      ServerStreamListener listener) {
    metadata.empty(Schemas.GET_EXPORTED_KEYS_SCHEMA, listener);
  }

  /** Empty: sqlotel tables have no foreign keys. */
  @Override
  public void getStreamImportedKeys(CommandGetImportedKeys command, CallContext context,
      ServerStreamListener listener) {
    metadata.empty(Schemas.GET_IMPORTED_KEYS_SCHEMA, listener);
  }

  /** Empty: sqlotel tables have no foreign keys. */
  @Override
  public void getStreamCrossReference(CommandGetCrossReference command, CallContext context,
      ServerStreamListener listener) {
    metadata.empty(Schemas.GET_CROSS_REFERENCE_SCHEMA, listener);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Sessions: the fixed catalog and schema, and the query settings (QuerySettings) kept per session

  /**
   * Accepts {@code catalog = sqlotel} and {@code schema = otel} (what the JDBC driver sends for its {@code catalog}
   * property), which are not stored, and the query settings {@code sqlotel.*} of {@link QuerySettings}, which are
   * kept in the caller's session (created on first use; an empty value erases a setting). Every other option or value
   * is reported as an error.
   */
  @Override
  public void setSessionOptions(SetSessionOptionsRequest request, CallContext context,
      StreamListener<SetSessionOptionsResult> listener) {
    Map<String, SetSessionOptionsResult.Error> errors = new HashMap<>();
    SessionMiddleware sessions = context.getMiddleware(SessionMiddleware.KEY);
    request.getSessionOptions().forEach((name, value) -> {
      String key = name.toLowerCase(Locale.ROOT);
      if (QuerySettings.NAMES.contains(key)) {
        if (sessions == null) {
          errors.put(name, new SetSessionOptionsResult.Error(SetSessionOptionsResult.ErrorValue.ERROR));
        } else if (value.isEmpty()) {
          SessionMiddleware.Session s = sessions.session();
          if (s != null) {
            s.options().remove(key);
          }
        } else if (QuerySettings.validate(key, value) != null) {
          errors.put(name, new SetSessionOptionsResult.Error(SetSessionOptionsResult.ErrorValue.INVALID_VALUE));
        } else {
          sessions.getOrCreateSession().options().put(key, value);
        }
        return;
      }
      String expected = switch (key) {
        case CATALOG_OPTION -> CatalogMetadata.CATALOG;
        case SCHEMA_OPTION -> CatalogMetadata.SCHEMA;
        default -> null;
      };
      if (expected == null) {
        errors.put(name, new SetSessionOptionsResult.Error(SetSessionOptionsResult.ErrorValue.INVALID_NAME));
      } else if (!expected.equalsIgnoreCase(stringValue(value))) {
        errors.put(name, new SetSessionOptionsResult.Error(SetSessionOptionsResult.ErrorValue.INVALID_VALUE));
      }
    });
    listener.onNext(new SetSessionOptionsResult(errors));
    listener.onCompleted();
  }

  /** Reports the fixed catalog and schema and the session's query settings. */
  @Override
  public void getSessionOptions(GetSessionOptionsRequest request, CallContext context,
      StreamListener<GetSessionOptionsResult> listener) {
    Map<String, SessionOptionValue> options = new HashMap<>();
    options.put(CATALOG_OPTION, SessionOptionValueFactory.makeSessionOptionValue(CatalogMetadata.CATALOG));
    options.put(SCHEMA_OPTION, SessionOptionValueFactory.makeSessionOptionValue(CatalogMetadata.SCHEMA));
    SessionMiddleware sessions = context.getMiddleware(SessionMiddleware.KEY);
    SessionMiddleware.Session session = sessions == null ? null : sessions.session();
    if (session != null) {
      options.putAll(session.options());
    }
    listener.onNext(new GetSessionOptionsResult(options));
    listener.onCompleted();
  }

  /** Forgets the caller's session, if any; always CLOSED. */
  @Override
  public void closeSession(CloseSessionRequest request, CallContext context,
      StreamListener<CloseSessionResult> listener) {
    SessionMiddleware sessions = context.getMiddleware(SessionMiddleware.KEY);
    if (sessions != null) {
      sessions.closeSession();
    }
    listener.onNext(new CloseSessionResult(CloseSessionResult.Status.CLOSED));
    listener.onCompleted();
  }

  /** Returns the endpoint unchanged: tickets are self-contained and never expire. */
  @Override
  public void renewFlightEndpoint(RenewFlightEndpointRequest request, CallContext context,
      StreamListener<FlightEndpoint> listener) {
    listener.onNext(request.getFlightEndpoint());
    listener.onCompleted();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Unsupported

  @Override
  public void listFlights(CallContext context, Criteria criteria, StreamListener<FlightInfo> listener) {
    listener.onError(Errors.unimplemented("ListFlights; list tables with the Flight SQL GetTables command"));
  }

  @Override
  public void doExchange(CallContext context, FlightStream reader, ServerStreamListener writer) {
    writer.error(Errors.unimplemented("DoExchange"));
  }

  @Override
  public FlightInfo getFlightInfoSubstraitPlan(CommandStatementSubstraitPlan command, CallContext context,
      FlightDescriptor descriptor) {
    throw Errors.unimplemented("Substrait plans; send SQL");
  }

  @Override
  public SchemaResult getSchemaSubstraitPlan(CommandStatementSubstraitPlan command, CallContext context,
      FlightDescriptor descriptor) {
    throw Errors.unimplemented("Substrait plans; send SQL");
  }

  @Override
  public void createPreparedSubstraitPlan(ActionCreatePreparedSubstraitPlanRequest request, CallContext context,
      StreamListener<ActionCreatePreparedStatementResult> listener) {
    listener.onError(Errors.unimplemented("Substrait plans; send SQL"));
  }

  @Override
  public void beginTransaction(ActionBeginTransactionRequest request, CallContext context,
      StreamListener<ActionBeginTransactionResult> listener) {
    listener.onError(Errors.unimplemented("transactions: it is read-only and runs every query on its own"));
  }

  @Override
  public void endTransaction(ActionEndTransactionRequest request, CallContext context,
      StreamListener<Result> listener) {
    listener.onError(Errors.unimplemented("transactions: it is read-only and runs every query on its own"));
  }

  @Override
  public void beginSavepoint(ActionBeginSavepointRequest request, CallContext context,
      StreamListener<ActionBeginSavepointResult> listener) {
    listener.onError(Errors.unimplemented("savepoints: it is read-only and has no transactions"));
  }

  @Override
  public void endSavepoint(ActionEndSavepointRequest request, CallContext context,
      StreamListener<Result> listener) {
    listener.onError(Errors.unimplemented("savepoints: it is read-only and has no transactions"));
  }

  /**
   * Cancels the query of the FlightInfo's endpoints: its running DoGets on this server stop (their in-flight shard
   * requests are cancelled and they end with CANCELLED) and later DoGets of it are refused. Answers CANCELLED, or
   * NOT_CANCELLABLE if the DoGet of every endpoint already finished here and none runs (then nothing changes; see
   * {@link RunningQueries#cancel}); INVALID_ARGUMENT if no endpoint holds a query ticket of ours.
   */
  @Override
  public void cancelFlightInfo(CancelFlightInfoRequest request, CallContext context,
      StreamListener<CancelStatus> listener) {
    try {
      // the shard groups of the endpoints, by query id (all endpoints of one query share it)
      Map<String, List<List<String>>> queries = new LinkedHashMap<>();
      for (FlightEndpoint endpoint : request.getInfo().getEndpoints()) {
        QueryTicket ticket = HandleCodec.parseFlightTicket(endpoint.getTicket());
        if (ticket != null && !ticket.getQueryId().isEmpty()) {
          queries.computeIfAbsent(ticket.getQueryId(), k -> new ArrayList<>())
              .add(ticket.getShardIdsList());
        }
      }
      if (queries.isEmpty()) {
        throw Errors.invalidArgument("the FlightInfo holds no sqlotel query ticket to cancel");
      }
      CancelStatus status = CancelStatus.NOT_CANCELLABLE;
      for (var q : queries.entrySet()) {
        if (running.cancel(q.getKey(), q.getValue()) == CancelStatus.CANCELLED) {
          status = CancelStatus.CANCELLED;
        }
      }
      LOG.info("CancelFlightInfo for query {}: {}", queries.keySet(), status);
      listener.onNext(status);
      listener.onCompleted();
    } catch (Throwable t) {
      listener.onError(Errors.toFlight(t));
    }
  }

  /** The legacy Flight SQL CancelQuery action: the same as {@link #cancelFlightInfo}. */
  @Override
  @SuppressWarnings("deprecation")
  public void cancelQuery(FlightInfo info, CallContext context,
      StreamListener<org.apache.arrow.flight.sql.CancelResult> listener) {
    cancelFlightInfo(new CancelFlightInfoRequest(info), context, new StreamListener<>() {
      @Override
      public void onNext(CancelStatus status) {
        listener.onNext(org.apache.arrow.flight.sql.CancelResult.valueOf(status.name()));
      }

      @Override
      public void onError(Throwable t) {
        listener.onError(t);
      }

      @Override
      public void onCompleted() {
        listener.onCompleted();
      }
    });
  }

  /**
   * Closes the allocator of all queries (call after every query ended); the engine and the parent allocator belong
   * to the caller.
   *
   * @throws IllegalStateException if queries still hold memory (a leak)
   */
  @Override
  public void close() {
    queriesAllocator.close();
    LOG.debug("producer closed");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Custom actions

  /**
   * The DoAction type that reads the catalog again from its source (a shard worker's {@code GET /catalog}) and
   * serves it if it changed; the result body is the number of shards served afterwards, as UTF-8 decimal text.
   */
  public static final String REFRESH_CATALOG_ACTION = "refresh_catalog";

  @Override
  public void listActions(CallContext context, StreamListener<org.apache.arrow.flight.ActionType> listener) {
    FlightSqlProducer.super.listActions(context, new StreamListener<>() {
      @Override
      public void onNext(org.apache.arrow.flight.ActionType val) {
        listener.onNext(val);
      }

      @Override
      public void onError(Throwable t) {
        listener.onError(t);
      }

      @Override
      public void onCompleted() {
        listener.onNext(new org.apache.arrow.flight.ActionType(REFRESH_CATALOG_ACTION,
            "Read the shard list again from the catalog's shard worker; answers the number of shards served."));
        listener.onCompleted();
      }
    });
  }

  @Override
  public void doAction(CallContext context, org.apache.arrow.flight.Action action, StreamListener<Result> listener) {
    if (!REFRESH_CATALOG_ACTION.equals(action.getType())) {
      FlightSqlProducer.super.doAction(context, action, listener);
      return;
    }
    if (!(engine instanceof io.sqlotel.coordinator.DistributedQueryEngine distributed) || !distributed.refreshable()) {
      listener.onError(CallStatus.UNIMPLEMENTED
          .withDescription("this server's catalog is fixed: it does not come from a shard worker")
          .toRuntimeException());
      return;
    }
    int shards;
    try {
      shards = distributed.refreshCatalog();
    } catch (Exception e) {
      LOG.warn("catalog refresh failed, the previous catalog stays: {}", e.toString());
      listener.onError(CallStatus.UNAVAILABLE.withDescription("catalog refresh failed, the previous catalog stays: "
          + e.getMessage()).withCause(e).toRuntimeException());
      return;
    }
    listener.onNext(new Result(Integer.toString(shards).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    listener.onCompleted();
  }

  // ---------------------------------------------------------------------------------------------------------------

  private FlightInfo flightInfo(PreparedQuery prepared, FlightDescriptor descriptor, QueryTicket ticket) {
    List<FlightEndpoint> endpoints = EndpointSplitter.endpoints(ticket, prepared.unorderedShards(),
        options.maxEndpoints(), options.replicas());
    // unordered: the JDBC driver must not assume the endpoints' order means anything
    return new FlightInfo(ResultColumns.describe(prepared.resultSchema()), descriptor, endpoints, -1, -1, false,
        IpcOption.DEFAULT);
  }

  private static FlightInfo metadataInfo(com.google.protobuf.Message command, Schema schema,
      FlightDescriptor descriptor) {
    FlightEndpoint endpoint = new FlightEndpoint(new Ticket(Any.pack(command).toByteArray()));
    return new FlightInfo(schema, descriptor, List.of(endpoint), -1, -1);
  }

  private static void checkAllBound(Schema parameterSchema, List<ParameterValue> bound) {
    int expected = parameterSchema.getFields().size();
    if (bound.size() != expected) {
      throw Errors.invalidArgument("the query has " + expected + " parameter(s) but " + bound.size()
          + (bound.size() == 1 ? " was" : " were") + " bound");
    }
  }

  private static void rejectTransaction(boolean hasTransactionId) {
    if (hasTransactionId) {
      throw CallStatus.INVALID_ARGUMENT
          .withDescription("sqlotel has no transactions; send queries without a transaction id")
          .toRuntimeException();
    }
  }

  private static long nowNanos() {
    Instant t = Instant.now();
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  private static String stringValue(SessionOptionValue value) {
    return value.acceptVisitor(new NoOpSessionOptionValueVisitor<String>() {
      @Override
      public String visit(String s) {
        return s;
      }
    });
  }
}
