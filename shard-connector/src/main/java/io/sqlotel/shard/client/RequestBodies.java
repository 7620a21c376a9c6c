package io.sqlotel.shard.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

/** Writes the JSON body of {@code POST /query}: {@code {"sql": "...", "params": [...]}}. */
final class RequestBodies {
  /** Integers beyond this magnitude lose precision in a JavaScript number. */
  private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
  private static final JsonFactory FACTORY = new JsonFactory();

  private RequestBodies() {}

  /**
   * Encodes a query. Parameters: null, numbers, strings and booleans as themselves, byte[] as
   * {@code {"blob": "<base64>"}} (what the reference shard binds as a BLOB). Doubles JSON cannot hold (NaN,
   * infinities) are sent as the strings the shards answer with; for an {@code int64AsText} shard, integers beyond
   * 2^53 are sent as strings so that no digit is lost.
   */
  static byte[] query(String sql, List<Object> params, boolean int64AsText) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + sql.length());
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("sql", sql);
      g.writeArrayFieldStart("params");
      for (Object p : params) {
        writeParam(g, p, int64AsText);
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a request body in memory", e);
    }
    return out.toByteArray();
  }

  private static void writeParam(JsonGenerator g, Object p, boolean int64AsText) throws IOException {
    if (p == null) {
      g.writeNull();
    } else if (p instanceof Long || p instanceof Integer) {
      long v = ((Number) p).longValue();
      if (int64AsText && (v > MAX_SAFE_INTEGER || v < -MAX_SAFE_INTEGER)) {
        g.writeString(Long.toString(v));
      } else {
        g.writeNumber(v);
      }
    } else if (p instanceof Double) {
      double d = (Double) p;
      if (Double.isNaN(d)) {
        g.writeString("NaN");
      } else if (Double.isInfinite(d)) {
        g.writeString(d > 0 ? "Infinity" : "-Infinity");
      } else {
        g.writeNumber(d);
      }
    } else if (p instanceof String) {
      g.writeString((String) p);
    } else if (p instanceof Boolean) {
      g.writeBoolean((Boolean) p);
    } else if (p instanceof byte[]) {
      // An object, not a bare string: the shard must bind a BLOB, and a bare string would bind as TEXT.
      g.writeStartObject();
      g.writeStringField("blob", Base64.getEncoder().encodeToString((byte[]) p));
      g.writeEndObject();
    } else {
      throw new AssertionError("ShardRequest admitted a parameter of type " + p.getClass().getName());
    }
  }
}
