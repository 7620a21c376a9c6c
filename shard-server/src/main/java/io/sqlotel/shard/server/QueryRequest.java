package io.sqlotel.shard.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * A parsed {@code POST /query} body.
 *
 * @param sql the statement text, exactly as sent
 * @param params positional parameters, bound to {@code ?1..?n}: each a {@link Long}, {@link Double},
 *     {@link String}, {@code byte[]} or null (booleans are already turned into 1/0 longs); unmodifiable,
 *     may contain nulls
 */
record QueryRequest(String sql, List<Object> params) {

  QueryRequest {
    requireNonNull(sql, "sql is null");
    requireNonNull(params, "params is null");
  }

  /** Thrown when a body does not follow the protocol; the message is meant for the client. */
  static final class BadRequestException extends Exception {
    BadRequestException(String message) {
      super(message);
    }
  }

  /**
   * Parses a request body.
   *
   * @param factory Jackson factory (thread-safe, shared)
   * @param body the whole body, UTF-8 JSON
   * @return the request; unknown top-level fields are ignored so that clients may add hints
   * @throws BadRequestException when the body is not a JSON object with a string {@code "sql"}, when
   *     {@code "params"} is not an array of scalars or {@code {"blob": base64}} objects, when an integer
   *     does not fit in 64 bits, on duplicate keys, or on trailing content
   */
  static QueryRequest parse(JsonFactory factory, byte[] body) throws BadRequestException {
    try (JsonParser p = factory.createParser(body)) {
      p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new BadRequestException("request body must be a JSON object");
      }
      String sql = null;
      List<Object> params = List.of();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("sql".equals(field)) {
          if (value != JsonToken.VALUE_STRING) {
            throw new BadRequestException("\"sql\" must be a string");
          }
          sql = p.getText();
        } else if ("params".equals(field)) {
          params = parseParams(p, value);
        } else {
          p.skipChildren(); // unknown fields are ignored for forward compatibility
        }
      }
      if (p.nextToken() != null) {
        throw new BadRequestException("unexpected content after the request object");
      }
      if (sql == null) {
        throw new BadRequestException("missing \"sql\"");
      }
      return new QueryRequest(sql, params);
    } catch (JsonProcessingException e) {
      throw new BadRequestException("malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      // The parser reads from a byte array; an IOException here can only be a decoding problem.
      throw new BadRequestException("unreadable body: " + e.getMessage());
    }
  }

  private static List<Object> parseParams(JsonParser p, JsonToken start)
      throws IOException, BadRequestException {
    if (start == JsonToken.VALUE_NULL) {
      return List.of();
    }
    if (start != JsonToken.START_ARRAY) {
      throw new BadRequestException("\"params\" must be an array");
    }
    List<Object> out = new ArrayList<>();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      out.add(parseParam(p, t, out.size() + 1));
    }
    return Collections.unmodifiableList(out);
  }

  private static Object parseParam(JsonParser p, JsonToken t, int index)
      throws IOException, BadRequestException {
    switch (t) {
      case VALUE_NULL:
        return null;
      case VALUE_TRUE:
        return 1L;
      case VALUE_FALSE:
        return 0L;
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          throw new BadRequestException("parameter " + index + " does not fit in a signed 64-bit integer");
        }
        return p.getLongValue();
      case VALUE_NUMBER_FLOAT:
        double d = p.getDoubleValue();
        if (!Double.isFinite(d)) {
          throw new BadRequestException("parameter " + index + " is out of the double range");
        }
        return d;
      case START_OBJECT:
        return parseBlob(p, index);
      default:
        throw new BadRequestException("parameter " + index + " must be a scalar or {\"blob\": base64}");
    }
  }

  private static byte[] parseBlob(JsonParser p, int index) throws IOException, BadRequestException {
    byte[] blob = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      if (!"blob".equals(field) || v != JsonToken.VALUE_STRING) {
        throw new BadRequestException("parameter " + index + ": an object parameter must be {\"blob\": base64}");
      }
      try {
        blob = Base64.getDecoder().decode(p.getText());
      } catch (IllegalArgumentException e) {
        throw new BadRequestException("parameter " + index + ": invalid base64: " + e.getMessage());
      }
    }
    if (blob == null) {
      throw new BadRequestException("parameter " + index + ": an object parameter must be {\"blob\": base64}");
    }
    return blob;
  }
}
