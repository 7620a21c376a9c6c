package io.sqlotel.shard.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Small helpers to read request bodies and send fixed-length JSON responses. */
final class HttpResponses {
  /** Content type of every response body. */
  static final String JSON_CONTENT_TYPE = "application/json; charset=utf-8";

  private HttpResponses() {}

  /**
   * Reads a request body completely.
   *
   * @param in the request body stream
   * @param maxBytes largest accepted body, in bytes
   * @return the body bytes
   * @throws QueryRequest.BadRequestException if the body is longer than {@code maxBytes}
   * @throws IOException if reading fails
   */
  static byte[] readBody(InputStream in, int maxBytes) throws IOException, QueryRequest.BadRequestException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    int n;
    while ((n = in.read(chunk)) >= 0) {
      if (buf.size() + n > maxBytes) {
        throw new QueryRequest.BadRequestException("request body exceeds " + maxBytes + " bytes");
      }
      buf.write(chunk, 0, n);
    }
    return buf.toByteArray();
  }

  /**
   * Sends {@code {"error": {"message": ..., "code": ...}}} with the HTTP status of the error code.
   *
   * @param ex the exchange; its response headers must not have been sent yet
   * @param factory Jackson factory
   * @param error what to report
   * @throws IOException if writing fails
   */
  static void sendError(Exchange ex, JsonFactory factory, ShardError error) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (JsonGenerator gen = factory.createGenerator(buf)) {
      gen.writeStartObject();
      writeErrorField(gen, error);
      gen.writeEndObject();
    }
    send(ex, error.code().httpStatus(), buf.toByteArray());
  }

  /**
   * Writes the field {@code "error": {"message": ..., "code": ...}} into an open object.
   *
   * @param gen generator positioned inside an object, where a field name may be written
   * @param error what to report
   * @throws IOException if writing fails
   */
  static void writeErrorField(JsonGenerator gen, ShardError error) throws IOException {
    gen.writeObjectFieldStart("error");
    gen.writeStringField("message", error.message());
    gen.writeStringField("code", error.code().name());
    gen.writeEndObject();
  }

  /**
   * Sends a complete JSON body with a fixed Content-Length.
   *
   * @param ex the exchange; its response headers must not have been sent yet
   * @param status HTTP status code
   * @param json the UTF-8 JSON body
   * @throws IOException if writing fails
   */
  static void send(Exchange ex, int status, byte[] json) throws IOException {
    ex.setHeader("Content-Type", JSON_CONTENT_TYPE);
    ex.sendWhole(status, json);
  }
}
