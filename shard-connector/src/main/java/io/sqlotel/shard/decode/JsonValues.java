package io.sqlotel.shard.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.math.BigDecimal;

/** Shared helpers of the column decoders: the parser factory, value coercions and error descriptions. */
final class JsonValues {

  /**
   * The parser factory of every shard answer. The protocol nests at most four levels (answer, rows, row, value), so
   * a low depth limit turns a hostile deeply nested body into a quick error instead of a long walk.
   */
  static final JsonFactory FACTORY = new JsonFactoryBuilder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build())
      .build();

  private static final int MAX_SHOWN_CHARS = 40;

  private JsonValues() {}

  /**
   * Reads the current token as a signed 64-bit integer: a JSON integer, a string of digits (exact beyond 2^53), or
   * an integral JSON float such as {@code 3.0}.
   *
   * @param expected what the column expects, for the error message (e.g. "an integer")
   * @throws ValueException if the token is another kind of value, not integral, or outside the 64-bit range
   */
  static long readLong(JsonParser p, JsonToken t, String expected) throws IOException {
    switch (t) {
      case VALUE_NUMBER_INT:
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          throw new ValueException("expected " + expected + ", found " + describe(p, t)
              + ", which is outside the signed 64-bit range");
        }
        return p.getLongValue();
      case VALUE_NUMBER_FLOAT: {
        BigDecimal d;
        try {
          d = p.getDecimalValue();
        } catch (NumberFormatException e) {
          // e.g. 1e5600614083963: an exponent BigDecimal cannot hold, far outside any 64-bit integer
          throw new ValueException("expected " + expected + ", found " + describe(p, t)
              + ", which is outside the signed 64-bit range");
        }
        try {
          return d.longValueExact();
        } catch (ArithmeticException e) {
          String why = d.stripTrailingZeros().scale() > 0 ? ", which is not integral" : ", which is outside the signed"
              + " 64-bit range";
          throw new ValueException("expected " + expected + ", found " + describe(p, t) + why);
        }
      }
      case VALUE_STRING:
        return parseLongText(p.getText(), p, t, expected);
      default:
        throw mismatch(p, t, expected);
    }
  }

  private static long parseLongText(String s, JsonParser p, JsonToken t, String expected) throws IOException {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      boolean digits = !s.isEmpty();
      for (int i = 0; i < s.length() && digits; i++) {
        char c = s.charAt(i);
        digits = Character.isDigit(c) || (i == 0 && (c == '-' || c == '+') && s.length() > 1);
      }
      throw new ValueException("expected " + expected + ", found " + describe(p, t)
          + (digits ? ", which is outside the signed 64-bit range" : ", which is not a decimal integer"));
    }
  }

  /** Returns the error for a token that the column cannot take. */
  static ValueException mismatch(JsonParser p, JsonToken t, String expected) throws IOException {
    return new ValueException("expected " + expected + ", found " + describe(p, t));
  }

  /** Describes a token for an error message, abbreviating long text. */
  static String describe(JsonParser p, JsonToken t) throws IOException {
    if (t == null) {
      return "the end of the input";
    }
    switch (t) {
      case VALUE_STRING:
        return "string \"" + abbreviate(p.getText()) + "\"";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "number " + abbreviate(p.getText());
      case VALUE_TRUE:
        return "true";
      case VALUE_FALSE:
        return "false";
      case VALUE_NULL:
        return "null";
      case START_ARRAY:
        return "an array";
      case START_OBJECT:
        return "an object";
      case END_ARRAY:
        return "the end of an array";
      case END_OBJECT:
        return "the end of an object";
      case FIELD_NAME:
        return "field \"" + abbreviate(p.currentName()) + "\"";
      default:
        return t.name();
    }
  }

  /** Shortens text to at most 40 characters and escapes control characters, for error messages. */
  static String abbreviate(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_SHOWN_CHARS) + 8);
    for (int i = 0; i < s.length(); i++) {
      if (sb.length() >= MAX_SHOWN_CHARS) {
        return sb.append("...(").append(s.length()).append(" chars)").toString();
      }
      char c = s.charAt(i);
      if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
