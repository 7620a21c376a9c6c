package io.sqlotel.shard.decode;

import static com.fasterxml.jackson.core.JsonToken.END_ARRAY;
import static com.fasterxml.jackson.core.JsonToken.END_OBJECT;
import static com.fasterxml.jackson.core.JsonToken.START_ARRAY;
import static com.fasterxml.jackson.core.JsonToken.START_OBJECT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_NULL;
import static com.fasterxml.jackson.core.JsonToken.VALUE_STRING;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks the envelope of a shard answer, {@code {"columns": [...], "rows": [[...], ...], "meta": {...}}}: the
 * header up to the rows, row boundaries, and the trailer (meta, or an error that fails the answer). The values
 * inside a row are left to the caller.
 */
final class ResponseReader implements Closeable {
  private final CountingInputStream in;
  private final String shardId;
  private JsonParser parser;
  private boolean metaSeen;
  private long rowsRead;
  private double durationMs;

  ResponseReader(InputStream in, String shardId) {
    this.in = new CountingInputStream(in);
    this.shardId = shardId;
  }

  JsonParser parser() {
    return parser;
  }

  long bytesConsumed() {
    return in.count();
  }

  long rowsRead() {
    return rowsRead;
  }

  double durationMs() {
    return durationMs;
  }

  /**
   * Parses up to the opening bracket of {@code "rows"} and returns the column names. The parser is created here,
   * not in the constructor, because creating it already reads from the stream.
   */
  List<String> readHeader() throws IOException {
    parser = JsonValues.FACTORY.createParser(in);
    JsonToken t = parser.nextToken();
    if (t == null) {
      throw envelope("the response body is empty");
    }
    if (t != START_OBJECT) {
      throw envelope("expected a JSON object, found " + JsonValues.describe(parser, t));
    }
    List<String> columns = null;
    while (true) {
      t = parser.nextToken();
      if (t == END_OBJECT || t == null) {
        throw envelope(columns == null ? "the response has no \"columns\"" : "the response has no \"rows\"");
      }
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (name) {
        case "columns":
          columns = readColumns(value);
          break;
        case "rows":
          if (columns == null) {
            throw envelope("\"rows\" came before \"columns\"");
          }
          if (value != START_ARRAY) {
            throw envelope("expected \"rows\" to be an array, found " + JsonValues.describe(parser, value));
          }
          return columns;
        case "error":
          if (value != VALUE_NULL) {
            throw readError(value, 0);
          }
          break;
        case "meta":
          throw envelope("\"meta\" came before \"rows\"");
        default:
          parser.skipChildren(); // unknown fields are for newer shards; ignore them
          break;
      }
    }
  }

  private List<String> readColumns(JsonToken t) throws IOException {
    if (t != START_ARRAY) {
      throw envelope("expected \"columns\" to be an array of names, found " + JsonValues.describe(parser, t));
    }
    List<String> names = new ArrayList<>();
    for (t = parser.nextToken(); t != END_ARRAY; t = parser.nextToken()) {
      if (t != VALUE_STRING) {
        throw envelope("expected column name " + names.size() + " to be a string, found "
            + JsonValues.describe(parser, t));
      }
      names.add(parser.getText());
    }
    return names;
  }

  /**
   * Moves to the next row.
   *
   * @param rowsSoFar rows of the answer read so far, for messages
   * @return true if the parser stands on the row's opening bracket; false if the rows ended, in which case the
   *     trailer was read and checked (meta present, nothing after the object)
   * @throws RemoteErrorException if the trailer holds an error
   */
  boolean nextRow(long rowsSoFar) throws IOException {
    JsonToken t = parser.nextToken();
    if (t == START_ARRAY) {
      return true;
    }
    if (t == END_ARRAY) {
      readTrailer(rowsSoFar);
      return false;
    }
    throw new DecodeException(shardId, null, -1, rowsSoFar,
        "expected the row to be an array, found " + JsonValues.describe(parser, t), null);
  }

  private void readTrailer(long rows) throws IOException {
    while (true) {
      JsonToken t = parser.nextToken();
      if (t == END_OBJECT) {
        break;
      }
      if (t == null) {
        throw envelope("truncated JSON: the response ended before its closing brace");
      }
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (name) {
        case "meta":
          readMeta(value);
          break;
        case "error":
          if (value != VALUE_NULL) {
            throw readError(value, rows);
          }
          break;
        default:
          parser.skipChildren();
          break;
      }
    }
    if (!metaSeen) {
      throw envelope("the response ended without \"meta\" after " + rows + " row(s)");
    }
    JsonToken after = parser.nextToken();
    if (after != null) {
      throw envelope("unexpected content after the response object: " + JsonValues.describe(parser, after));
    }
  }

  private void readMeta(JsonToken t) throws IOException {
    if (t != START_OBJECT) {
      throw envelope("expected \"meta\" to be an object, found " + JsonValues.describe(parser, t));
    }
    for (t = parser.nextToken(); t != END_OBJECT; t = parser.nextToken()) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      try {
        if (name.equals("rows_read") && value != VALUE_NULL) {
          rowsRead = JsonValues.readLong(parser, value, "an integer");
        } else if (name.equals("duration_ms") && value != VALUE_NULL) {
          durationMs = readDouble(value);
        } else {
          parser.skipChildren();
        }
      } catch (ValueException e) {
        throw envelope("bad \"meta." + name + "\": " + e.getMessage());
      }
    }
    metaSeen = true;
  }

  private double readDouble(JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      return parser.getDoubleValue();
    }
    if (t == VALUE_STRING) {
      try {
        return Double.parseDouble(parser.getText());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw JsonValues.mismatch(parser, t, "a number");
  }

  private RemoteErrorException readError(JsonToken t, long rows) throws IOException {
    String message = null;
    String code = null;
    if (t == START_OBJECT) {
      for (t = parser.nextToken(); t != END_OBJECT; t = parser.nextToken()) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        String text = value.isScalarValue() && value != VALUE_NULL ? parser.getText() : null;
        parser.skipChildren();
        if (name.equals("message")) {
          message = text;
        } else if (name.equals("code")) {
          code = text;
        }
      }
    } else if (t.isScalarValue()) {
      message = parser.getText();
    } else {
      parser.skipChildren();
    }
    return new RemoteErrorException(shardId, message, code, rows);
  }

  /** Returns an error about the envelope of the answer. */
  DecodeException envelope(String detail) {
    return new DecodeException(shardId, detail, null);
  }

  /**
   * Translates a parser failure into a DecodeException. A syntax error met after the end of the body is reported as
   * truncation, because that is what an answer cut short looks like to the parser.
   */
  DecodeException malformed(JsonProcessingException e, String columnName, int columnIndex, long row) {
    String original = e.getOriginalMessage();
    String detail;
    if (e instanceof JsonEOFException || (in.endReached() && !(e instanceof StreamConstraintsException))) {
      detail = "truncated JSON: the response ended after " + bytesConsumed() + " bytes, before it was complete ("
          + original + ")";
    } else if (e instanceof StreamConstraintsException) {
      detail = "the response exceeds a parser limit: " + original;
    } else {
      JsonLocation where = e.getLocation();
      detail = "malformed JSON" + (where == null ? "" : " at line " + where.getLineNr() + ", column "
          + where.getColumnNr()) + ": " + original;
    }
    return new DecodeException(shardId, columnName, columnIndex, row, detail, e);
  }

  @Override
  public void close() throws IOException {
    if (parser != null) {
      parser.close(); // also closes the stream (AUTO_CLOSE_SOURCE)
    }
    in.close();
  }
}
