package io.sqlotel.shard.decode;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Reads a whole, small shard answer without a schema, for schema discovery and other metadata queries. Values are
 * typed by their JSON form only: an integer becomes a Long, another number a Double, a string a String (so a BLOB
 * arrives as its base64 text, and an integer sent as text by an {@code int64AsText} shard as a String), true/false
 * become Long 1/0 as in SQLite, and null stays null.
 */
public final class JsonRowsReader {

  private JsonRowsReader() {}

  /**
   * Reads the answer to its end and closes the stream.
   *
   * @param in the response body; always closed
   * @param shardId the shard that answers, for error messages
   * @param maxRows the most rows accepted; more fail the read instead of exhausting the heap
   * @return the columns, rows and meta of the answer
   * @throws DecodeException if the answer is malformed, truncated, holds nested values, an integer beyond 64 bits,
   *     a row whose length differs from the column count, or more than {@code maxRows} rows
   * @throws RemoteErrorException if the shard ended the answer with an {@code "error"}
   * @throws UncheckedIOException if reading the body fails
   */
  public static JsonRows read(InputStream in, String shardId, int maxRows) {
    requireNonNull(in, "in is null");
    requireNonNull(shardId, "shardId is null");
    ResponseReader reader = new ResponseReader(in, shardId);
    long row = 0;
    try (reader) {
      List<String> columns = reader.readHeader();
      List<List<Object>> rows = new ArrayList<>();
      while (reader.nextRow(row)) {
        if (row >= maxRows) {
          throw reader.envelope("the answer has more than " + maxRows + " rows, the limit of a metadata query");
        }
        rows.add(readRow(reader, shardId, columns, row));
        row++;
      }
      ResponseMeta meta = new ResponseMeta(reader.rowsRead(), reader.durationMs(), reader.bytesConsumed(), row);
      return new JsonRows(List.copyOf(columns), Collections.unmodifiableList(rows), meta);
    } catch (JsonProcessingException e) {
      throw reader.malformed(e, null, -1, -1);
    } catch (IOException e) {
      throw new UncheckedIOException("shard '" + shardId + "': reading the response failed after "
          + reader.bytesConsumed() + " bytes: " + e, e);
    }
  }

  private static List<Object> readRow(ResponseReader reader, String shardId, List<String> columns, long row)
      throws IOException {
    JsonParser p = reader.parser();
    Object[] values = new Object[columns.size()];
    for (int c = 0; c < values.length; c++) {
      JsonToken t = p.nextToken();
      switch (t) {
        case VALUE_NULL:
          break;
        case VALUE_NUMBER_INT:
          if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new DecodeException(shardId, columns.get(c), c, row,
                "found " + JsonValues.describe(p, t) + ", which is outside the signed 64-bit range", null);
          }
          values[c] = p.getLongValue();
          break;
        case VALUE_NUMBER_FLOAT:
          values[c] = p.getDoubleValue();
          break;
        case VALUE_STRING:
          values[c] = p.getText();
          break;
        case VALUE_TRUE:
          values[c] = 1L;
          break;
        case VALUE_FALSE:
          values[c] = 0L;
          break;
        case END_ARRAY:
          throw new DecodeException(shardId, null, -1, row,
              "the row has " + c + " value(s) but the answer has " + values.length + " column(s)", null);
        default:
          throw new DecodeException(shardId, columns.get(c), c, row,
              "expected a scalar value, found " + JsonValues.describe(p, t), null);
      }
    }
    if (p.nextToken() != JsonToken.END_ARRAY) {
      throw new DecodeException(shardId, null, -1, row,
          "the row has more than " + values.length + " value(s), the answer has " + values.length + " column(s)",
          null);
    }
    return Collections.unmodifiableList(Arrays.asList(values));
  }
}
