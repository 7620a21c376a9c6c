package io.sqlotel.shard.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;

/**
 * FloatingPoint(DOUBLE): a JSON number, a numeric string, or one of the strings {@code "Infinity"},
 * {@code "-Infinity"}, {@code "NaN"} (JSON has no literal for them).
 */
final class Float8ColumnDecoder implements ColumnDecoder {
  private static final String EXPECTED = "a number";
  private Float8Vector vector;

  @Override
  public void bind(FieldVector vector) {
    this.vector = (Float8Vector) vector;
  }

  @Override
  public void decode(JsonParser parser, JsonToken token, int index) throws IOException {
    double value;
    switch (token) {
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        value = parser.getDoubleValue();
        break;
      case VALUE_STRING:
        value = parseText(parser, token);
        break;
      default:
        throw JsonValues.mismatch(parser, token, EXPECTED);
    }
    vector.setSafe(index, value);
  }

  private static double parseText(JsonParser parser, JsonToken token) throws IOException {
    String s = parser.getText();
    switch (s) {
      case "Infinity":
        return Double.POSITIVE_INFINITY;
      case "-Infinity":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        break;
    }
    // Double.parseDouble also takes hex, "1d" and surrounding blanks; a shard sends plain decimal text only.
    boolean plain = !s.isEmpty();
    for (int i = 0; i < s.length() && plain; i++) {
      char c = s.charAt(i);
      plain = (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
    }
    if (plain) {
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    throw JsonValues.mismatch(parser, token, EXPECTED);
  }

  @Override
  public void setNull(int index) {
    vector.setNull(index);
  }
}
