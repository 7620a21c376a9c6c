package io.sqlotel.shard.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads the body of a non-2xx answer: {@code {"error": {"message": "...", "code": "..."}}}, or anything else. */
final class ErrorBodies {
  /** How much of an error body is read; the rest (an HTML page, a stack trace) is not worth waiting for. */
  static final int MAX_BYTES = 64 * 1024;
  private static final int MAX_SNIPPET_CHARS = 200;
  private static final JsonFactory FACTORY = new JsonFactory();

  /** The shard's message and code, or a description of the body when it is not the protocol's error object. */
  record ErrorBody(String message, String code) {}

  private ErrorBodies() {}

  /** Reads at most {@link #MAX_BYTES} of the body and interprets them. */
  static ErrorBody read(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BYTES);
    ErrorBody parsed = parse(bytes);
    if (parsed != null) {
      return parsed;
    }
    return new ErrorBody(bytes.length == 0 ? "empty body" : "body is not the protocol's error JSON: "
        + snippet(bytes), null);
  }

  private static ErrorBody parse(byte[] bytes) {
    try (JsonParser p = FACTORY.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String message = null;
      String code = null;
      boolean found = false;
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("error") && value == JsonToken.START_OBJECT) {
          found = true;
          for (JsonToken f = p.nextToken(); f == JsonToken.FIELD_NAME; f = p.nextToken()) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            String text = v.isScalarValue() && v != JsonToken.VALUE_NULL ? p.getText() : null;
            p.skipChildren();
            if (field.equals("message")) {
              message = text;
            } else if (field.equals("code")) {
              code = text;
            }
          }
        } else if (name.equals("error") && value == JsonToken.VALUE_STRING) {
          found = true;
          message = p.getText();
        } else {
          p.skipChildren();
        }
      }
      return found ? new ErrorBody(message == null ? "(no message)" : message, code) : null;
    } catch (IOException | RuntimeException e) {
      return null; // not JSON, or cut at MAX_BYTES: describe the raw bytes instead
    }
  }

  /** Returns the start of the body as one line of printable text. */
  static String snippet(byte[] bytes) {
    String text = new String(bytes, 0, Math.min(bytes.length, MAX_SNIPPET_CHARS * 4), StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder();
    boolean space = false;
    for (int i = 0; i < text.length() && sb.length() < MAX_SNIPPET_CHARS; i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        space = sb.length() > 0;
      } else {
        if (space) {
          sb.append(' ');
          space = false;
        }
        sb.append(c);
      }
    }
    if (text.length() > sb.length() && sb.length() >= MAX_SNIPPET_CHARS) {
      sb.append("...");
    }
    return '"' + sb.toString() + '"';
  }
}
