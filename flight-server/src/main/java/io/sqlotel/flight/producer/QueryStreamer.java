package io.sqlotel.flight.producer;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sqlotel.coordinator.QueryEngine;
import io.sqlotel.coordinator.QueryOptions;
import io.sqlotel.coordinator.ResultStream;
import io.sqlotel.coordinator.ShardFailure;
import io.sqlotel.flight.error.Errors;
import io.sqlotel.proto.v1.QueryTicket;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one query for a DoGet and streams its batches to the client.
 *
 * <p>Each query gets its own child allocator {@code query-<id>} with a memory limit (under the producer's allocator of
 * all queries, which has the global limit); the engine allocates its batches
 * there and everything is freed (try-with-resources) before the stream ends. Batches are moved zero-copy into the
 * root the listener was started with; a batch larger than the byte budget is split into row ranges. The producer
 * waits for the client to be ready before each message (gRPC does not apply backpressure for us), and a client
 * cancellation cancels the engine's {@link ResultStream}. The stream ends with exactly one {@code completed()} or
 * {@code error()}.
 */
public final class QueryStreamer {
  private static final Logger LOG = LoggerFactory.getLogger(QueryStreamer.class);
  // isReady() is checked after each wait: the ready callback is serialized behind this very call on gRPC's executor, so it
  // rarely wakes us; a short wait keeps a stalled-then-ready stream moving (was 1 s: 49 k rows/s in the memory run).
  private static final long READY_POLL_MILLIS = 1;
  private static final JsonFactory JSON = new JsonFactory();

  private final QueryEngine engine;
  private final BufferAllocator allocator;
  private final long queryMemoryLimitBytes;
  private final long maxBatchBytes;
  private final long clientStallTimeoutMillis;

  /**
   * Creates a streamer.
   *
   * @param engine runs the queries
   * @param allocator the parent of every per-query allocator
   * @param queryMemoryLimitBytes the limit of each per-query allocator, bytes
   * @param maxBatchBytes batches whose buffers exceed this many bytes are split before sending
   * @param clientStallTimeoutMillis how long a client may stop reading before the query fails with TIMED_OUT
   */
  public QueryStreamer(QueryEngine engine, BufferAllocator allocator, long queryMemoryLimitBytes, long maxBatchBytes,
      long clientStallTimeoutMillis) {
    this.engine = requireNonNull(engine, "engine is null");
    this.allocator = requireNonNull(allocator, "allocator is null");
    if (queryMemoryLimitBytes <= 0 || maxBatchBytes <= 0 || clientStallTimeoutMillis <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
    this.queryMemoryLimitBytes = queryMemoryLimitBytes;
    this.maxBatchBytes = maxBatchBytes;
    this.clientStallTimeoutMillis = clientStallTimeoutMillis;
  }

  /**
   * Runs the ticket's query with the server's default settings and streams it to {@code listener}; never throws
   * (failures go to {@code listener.error}).
   */
  public void stream(QueryTicket ticket, ServerStreamListener listener) {
    stream(ticket, listener, QuerySettings.DEFAULTS);
  }

  /**
   * Runs the ticket's query with the call's settings and streams it to {@code listener}; never throws (failures go
   * to {@code listener.error}).
   *
   * <p>The schema is sent with the first batch (not before), so that shards already known to have failed by then
   * (with partial results, an aggregate has heard from every shard before its first batch) are listed in the schema's
   * metadata {@value #FAILED_SHARDS_KEY}. If any shard was left out, the stream ends with an empty batch whose
   * app_metadata is {@code {"sqlotel.failed_shards": [...]}} listing every one (see {@link #failureReport}).
   */
  public void stream(QueryTicket ticket, ServerStreamListener listener, QuerySettings settings) {
    String id = ticket.getQueryId().isEmpty() ? QueryIds.next() : ticket.getQueryId();
    CancellingBackpressure backpressure = new CancellingBackpressure();
    backpressure.register(listener);
    // Batches must be copied into gRPC buffers by putNext: zero-copy writes would let Netty hold buffers of the query
    // allocator after we close it.
    listener.setUseZeroCopy(false);
    long startNanos = System.nanoTime();
    long[] counts = new long[2]; // rows, messages
    Throwable failure = null;
    try (BufferAllocator queryAllocator = allocator.newChildAllocator("query-" + id, 0, queryMemoryLimitBytes)) {
      List<Object> params = HandleCodec.toJava(ticket.getParametersList());
      // A ticket without a start time (not minted by GetFlightInfo) starts now.
      long start = ticket.getQueryStartNanos() != 0
          ? ticket.getQueryStartNanos() : QueryOptions.now().queryStartNanos();
      QueryOptions options = settings.apply(new QueryOptions(start, true)).withShardIds(ticket.getShardIdsList());
      try (ResultStream results = engine.execute(ticket.getSql(), params, options, queryAllocator)) {
        backpressure.attach(results);
        VectorSchemaRoot pending = results.next(); // owned here until sent or closed
        try {
          Schema schema = ResultColumns.describe(withFailures(results.schema(), results.shardFailures()));
          try (VectorSchemaRoot out = VectorSchemaRoot.create(schema, queryAllocator)) {
            listener.start(out);
            while (pending != null) {
              try (VectorSchemaRoot batch = pending) {
                pending = null;
                send(batch, out, listener, backpressure, counts);
              }
              checkNotCancelled(listener);
              pending = results.next();
            }
            List<ShardFailure> failed = results.shardFailures();
            if (!failed.isEmpty()) {
              sendFailureReport(failed, out, listener, backpressure, queryAllocator);
              LOG.info("query {} answered without {} failed shard(s): {}", id, failed.size(), failureReport(failed));
            }
          }
        } finally {
          if (pending != null) {
            pending.close();
          }
        }
      }
    } catch (Throwable t) {
      failure = t;
    }
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    if (failure == null) {
      LOG.debug("query {} done: {} rows in {} messages, {} ms", id, counts[0], counts[1], elapsedMs);
      listener.completed();
    } else {
      if (listener.isCancelled()) {
        LOG.debug("query {} cancelled by the client after {} ms", id, elapsedMs);
        failure = Errors.cancelled("query " + id + " was cancelled by the client");
      } else {
        LOG.info("query {} failed after {} ms: {}", id, elapsedMs, failure.toString());
      }
      listener.error(Errors.toFlight(failure));
    }
  }

  /** The schema metadata key (and app_metadata field) listing the shards left out of a partial result. */
  public static final String FAILED_SHARDS_KEY = "sqlotel.failed_shards";

  /** {@code schema} with {@value #FAILED_SHARDS_KEY} in its metadata if shards failed already. */
  private static Schema withFailures(Schema schema, List<ShardFailure> failed) {
    if (failed.isEmpty()) {
      return schema;
    }
    Map<String, String> metadata = new HashMap<>(schema.getCustomMetadata());
    metadata.put(FAILED_SHARDS_KEY, failureReport(failed));
    return new Schema(schema.getFields(), metadata);
  }

  /**
   * The JSON array describing failed shards: {@code [{"shard": "<id>", "code": "UNAVAILABLE", "message": "..."}]}
   * with codes as in {@link io.sqlotel.coordinator.QueryException.Code}.
   */
  static String failureReport(List<ShardFailure> failed) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartArray();
      for (ShardFailure f : failed) {
        g.writeStartObject();
        g.writeStringField("shard", f.shardId());
        g.writeStringField("code", f.code().name());
        g.writeStringField("message", f.message());
        g.writeEndObject();
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen with a StringWriter
    }
    return w.toString();
  }

  /** Sends an empty batch whose app_metadata is {@code {"sqlotel.failed_shards": [...]}}. */
  private void sendFailureReport(List<ShardFailure> failed, VectorSchemaRoot out, ServerStreamListener listener,
      CancellingBackpressure backpressure, BufferAllocator queryAllocator) {
    byte[] json = ("{\"" + FAILED_SHARDS_KEY + "\": " + failureReport(failed) + "}")
        .getBytes(StandardCharsets.UTF_8);
    out.clear();
    out.setRowCount(0);
    awaitReady(listener, backpressure);
    ArrowBuf metadata = queryAllocator.buffer(json.length);
    metadata.writeBytes(json);
    try {
      // putNext takes ownership: the message it builds is written and closed (freeing the buffer) before it returns.
      listener.putNext(metadata);
    } catch (RuntimeException e) {
      if (metadata.refCnt() > 0) {
        metadata.close(); // failed before the message took the buffer
      }
      throw e;
    }
  }

  /** Moves {@code batch} into {@code out} (in row slices if it is too large) and sends it. */
  private void send(VectorSchemaRoot batch, VectorSchemaRoot out, ServerStreamListener listener,
      CancellingBackpressure backpressure, long[] counts) {
    int rows = batch.getRowCount();
    if (rows == 0) {
      return;
    }
    checkSameTypes(batch.getSchema(), out.getSchema());
    long bytes = 0;
    for (FieldVector v : batch.getFieldVectors()) {
      bytes += v.getBufferSize();
    }
    int slices = bytes <= maxBatchBytes ? 1 : (int) Math.min(rows, (bytes + maxBatchBytes - 1) / maxBatchBytes);
    int rowsPerSlice = (rows + slices - 1) / slices;
    for (int start = 0; start < rows; start += rowsPerSlice) {
      int length = Math.min(rowsPerSlice, rows - start);
      for (int c = 0; c < out.getFieldVectors().size(); c++) {
        FieldVector source = batch.getVector(c);
        // Ownership of the buffers moves to out's vector; the batch keeps nothing once the whole batch moved.
        if (slices == 1) {
          source.makeTransferPair(out.getVector(c)).transfer();
        } else {
          source.makeTransferPair(out.getVector(c)).splitAndTransfer(start, length);
        }
      }
      out.setRowCount(length);
      awaitReady(listener, backpressure);
      listener.putNext();
      counts[0] += length;
      counts[1]++;
      // putNext copied the data into gRPC's buffers; release ours before the next slice.
      out.clear();
    }
  }

  private void awaitReady(ServerStreamListener listener, CancellingBackpressure backpressure) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(clientStallTimeoutMillis);
    while (true) {
      BackpressureStrategy.WaitResult r = backpressure.waitForListener(READY_POLL_MILLIS);
      switch (r) {
        case READY:
          return;
        case CANCELLED:
          throw Errors.cancelled("cancelled by the client");
        case TIMEOUT:
          if (System.nanoTime() - deadline > 0) {
            throw CallStatus.TIMED_OUT
                .withDescription("the client did not read results for " + clientStallTimeoutMillis + " ms")
                .toRuntimeException();
          }
          break;
        default:
          throw Errors.cancelled("interrupted while waiting for the client");
      }
    }
  }

  private static void checkNotCancelled(ServerStreamListener listener) {
    if (listener.isCancelled()) {
      throw Errors.cancelled("cancelled by the client");
    }
  }

  private static void checkSameTypes(Schema batch, Schema expected) {
    List<Field> a = batch.getFields();
    List<Field> b = expected.getFields();
    boolean same = a.size() == b.size();
    for (int i = 0; same && i < a.size(); i++) {
      same = a.get(i).getType().equals(b.get(i).getType());
    }
    if (!same) {
      throw new IllegalStateException("engine batch schema " + batch + " differs from its result schema " + expected);
    }
  }

  /** Waits for client readiness and, on cancellation, cancels the query's result stream. */
  private static final class CancellingBackpressure extends BackpressureStrategy.CallbackBackpressureStrategy {
    private volatile ResultStream results;
    private volatile boolean cancelled;

    void attach(ResultStream stream) {
      this.results = stream;
      if (cancelled) {
        stream.cancel();
      }
    }

    @Override
    protected void cancelCallback() {
      cancelled = true;
      ResultStream r = results;
      if (r != null) {
        r.cancel();
      }
    }
  }
}
