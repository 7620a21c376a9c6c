package io.sqlotel.shard.decode;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Decodes one shard answer, {@code {"columns": [...], "rows": [[...], ...], "meta": {...}}}, into Arrow batches
 * while it streams in: Jackson tokens go straight into the vectors, with no object per row and no buffering of
 * the body. Columns are positional: the i-th JSON column fills the i-th schema field, and the column counts must
 * be equal (names are not compared). Not thread-safe.
 *
 * <p>Memory: a batch returned by {@link #next()} belongs to the caller; a batch that fails half-way is freed before
 * the exception leaves, so a failed answer leaks nothing. The first batch of an answer starts with room for
 * {@link #FIRST_BATCH_ROWS} rows and grows by doubling, so the many tiny answers of a pushed aggregate (a few groups
 * per shard) do not each allocate and zero {@code batchRows} rows per column; once a batch has filled up, the next
 * ones start at {@code batchRows}.
 */
public final class JsonBatchDecoder implements AutoCloseable {
  private enum State { NEW, STREAMING, DONE, FAILED }

  /** Initial row capacity of an answer's first batch (it grows past this as rows arrive). */
  static final int FIRST_BATCH_ROWS = 64;

  private final Schema schema;
  private final BufferAllocator allocator;
  private final int batchRows;
  private final String shardId;
  private final ColumnDecoder[] decoders;
  private final String[] names;
  private final ResponseReader reader;
  private State state = State.NEW;
  private boolean closed;
  private long rowsDecoded;

  /**
   * Prepares a decoder; reads nothing yet.
   *
   * @param in the response body; closed by {@link #close()}
   * @param schema the Arrow schema of the batches; every field must have a supported type
   * @param allocator where the batches are allocated; the decoder never creates an allocator
   * @param batchRows the most rows per batch, at least 1
   * @param shardId the shard that answers, for error messages
   * @throws IllegalArgumentException if a field type is unsupported (see {@link #requireSupported}) or
   *     {@code batchRows < 1}
   */
  public JsonBatchDecoder(InputStream in, Schema schema, BufferAllocator allocator, int batchRows, String shardId) {
    requireNonNull(in, "in is null");
    this.schema = requireNonNull(schema, "schema is null");
    this.allocator = requireNonNull(allocator, "allocator is null");
    this.shardId = requireNonNull(shardId, "shardId is null");
    if (batchRows < 1) {
      throw new IllegalArgumentException("batchRows must be at least 1, got " + batchRows);
    }
    this.batchRows = batchRows;
    this.decoders = ColumnDecoders.forSchema(schema);
    List<Field> fields = schema.getFields();
    this.names = new String[fields.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = fields.get(i).getName();
    }
    this.reader = new ResponseReader(in, shardId);
  }

  /**
   * Checks that every field of the schema can be decoded: Int(64, signed), Int(32, signed), FloatingPoint(DOUBLE),
   * Utf8, Binary, Bool, Timestamp(NANOSECOND, no time zone) or Map(Utf8, Utf8) ({@link StringMapField}: the shard
   * sends the JSON text of an object).
   *
   * @throws IllegalArgumentException naming the first unsupported field and its type
   */
  public static void requireSupported(Schema schema) {
    ColumnDecoders.forSchema(requireNonNull(schema, "schema is null"));
  }

  /**
   * Decodes the next batch, blocking while the body streams in. The first call also reads the header and checks
   * the column count; the call that meets the end of the rows also reads the trailer, so a shard error reported
   * after the last row fails that call instead of returning its rows.
   *
   * @return a batch of 1 to {@code batchRows} rows that the caller must close, or null after the last row
   * @throws DecodeException if the answer is malformed, truncated, has the wrong column count, a row with too many
   *     or too few values, or a value that does not fit its column; the decoder is then unusable
   * @throws RemoteErrorException (a DecodeException) if the shard ended the answer with an {@code "error"}
   * @throws UncheckedIOException if reading the body fails (connection reset, stream closed by a cancellation)
   * @throws IllegalStateException if the decoder was closed or already failed
   */
  public VectorSchemaRoot next() {
    if (closed) {
      throw new IllegalStateException("shard '" + shardId + "': decoder is closed");
    }
    switch (state) {
      case DONE:
        return null;
      case FAILED:
        throw new IllegalStateException("shard '" + shardId + "': decoder already failed");
      default:
        break;
    }
    try {
      if (state == State.NEW) {
        checkColumns(reader.readHeader());
        state = State.STREAMING;
      }
      return readBatch();
    } catch (JsonProcessingException e) {
      state = State.FAILED;
      throw reader.malformed(e, null, -1, -1);
    } catch (IOException e) {
      state = State.FAILED;
      throw new UncheckedIOException("shard '" + shardId + "': reading the response failed after "
          + reader.bytesConsumed() + " bytes and " + rowsDecoded + " row(s): " + e, e);
    } catch (RuntimeException | Error e) {
      state = State.FAILED;
      throw e;
    }
  }

  /**
   * Whether the answer is complete: the end of its rows and its trailer were read without error, so {@link #next()}
   * will return null. True right after the call that returned an answer's last batch, unless that batch was exactly
   * full (then the end is only met by the next call).
   */
  public boolean finished() {
    return state == State.DONE;
  }

  private void checkColumns(List<String> columns) {
    if (columns.size() != names.length) {
      throw reader.envelope("the response has " + columns.size() + " column(s) " + columns
          + " but the schema expects " + names.length + " " + List.of(names));
    }
  }

  private VectorSchemaRoot readBatch() throws IOException {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    int capacity = rowsDecoded == 0 ? Math.min(batchRows, FIRST_BATCH_ROWS) : batchRows;
    try {
      List<FieldVector> vectors = root.getFieldVectors();
      for (int c = 0; c < decoders.length; c++) {
        FieldVector vector = vectors.get(c);
        vector.setInitialCapacity(capacity);
        vector.allocateNew();
        decoders[c].bind(vector);
      }
      int n = 0;
      while (n < batchRows && reader.nextRow(rowsDecoded)) {
        readRow(n);
        n++;
        rowsDecoded++;
      }
      if (n < batchRows) {
        state = State.DONE;
      }
      if (n == 0) {
        root.close();
        return null;
      }
      root.setRowCount(n);
      return root;
    } catch (IOException | RuntimeException | Error e) {
      root.close(); // a half-filled batch is never handed out
      throw e;
    }
  }

  private void readRow(int index) throws IOException {
    JsonParser p = reader.parser();
    int c = 0;
    try {
      for (; c < decoders.length; c++) {
        JsonToken t = p.nextToken();
        if (t == JsonToken.VALUE_NULL) {
          decoders[c].setNull(index);
        } else if (t == JsonToken.END_ARRAY) {
          throw new DecodeException(shardId, null, -1, rowsDecoded, "the row has " + c
              + " value(s) but the schema has " + decoders.length + " column(s) (missing '" + names[c] + "')", null);
        } else if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
          throw valueError(c, "expected a scalar value, found " + JsonValues.describe(p, t));
        } else {
          decoders[c].decode(p, t, index);
        }
      }
      JsonToken end = p.nextToken();
      if (end != JsonToken.END_ARRAY) {
        throw new DecodeException(shardId, null, -1, rowsDecoded, "the row has more than " + decoders.length
            + " value(s), the schema has " + decoders.length + " column(s)", null);
      }
    } catch (ValueException e) {
      throw valueError(c, e.getMessage());
    } catch (NumberFormatException | ArithmeticException e) {
      // A number conversion the column decoder did not anticipate: still a value that does not fit its column.
      throw valueError(Math.min(c, decoders.length - 1), "cannot convert the value (" + e.getMessage() + ")");
    } catch (JsonProcessingException e) {
      int column = Math.min(c, decoders.length - 1);
      throw reader.malformed(e, column < 0 ? null : names[column], column, rowsDecoded);
    }
  }

  private DecodeException valueError(int column, String detail) {
    return new DecodeException(shardId, names[column], column, rowsDecoded,
        detail + " (Arrow type " + schema.getFields().get(column).getType() + ")", null);
  }

  /**
   * Returns what the shard reported once the answer was read to its end.
   *
   * @return the shard's {@code rows_read} and {@code duration_ms} with the bytes and rows counted here, or null
   *     while the answer is not finished (or failed)
   */
  public ResponseMeta meta() {
    if (state != State.DONE) {
      return null;
    }
    return new ResponseMeta(reader.rowsRead(), reader.durationMs(), reader.bytesConsumed(), rowsDecoded);
  }

  /** Returns the bytes of the body read so far, at any time. */
  public long bytesConsumed() {
    return reader.bytesConsumed();
  }

  /** Returns the rows decoded so far (including the rows of batches already returned). */
  public long rowsDecoded() {
    return rowsDecoded;
  }

  /**
   * Closes the body stream (an unfinished HTTP exchange is abandoned); {@link #meta()} stays readable. Batches
   * already returned are not affected. Idempotent; never throws.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      reader.close();
    } catch (IOException | RuntimeException e) {
      // Nothing to recover: the stream is abandoned either way.
    }
  }
}
