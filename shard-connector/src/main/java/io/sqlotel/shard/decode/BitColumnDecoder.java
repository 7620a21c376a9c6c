package io.sqlotel.shard.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

/**
 * Bool: {@code true}/{@code false}, the integers 0/1 (SQLite's booleans), or the strings "0"/"1"/"true"/"false"
 * (a shard that sends integers as text). Any other value is refused rather than guessed.
 */
final class BitColumnDecoder implements ColumnDecoder {
  private static final String EXPECTED = "a boolean (true/false or 0/1)";
  private BitVector vector;

  @Override
  public void bind(FieldVector vector) {
    this.vector = (BitVector) vector;
  }

  @Override
  public void decode(JsonParser parser, JsonToken token, int index) throws IOException {
    vector.setSafe(index, read(parser, token) ? 1 : 0);
  }

  private static boolean read(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case VALUE_TRUE:
        return true;
      case VALUE_FALSE:
        return false;
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT: {
        double d = parser.getDoubleValue();
        if (d == 0 || d == 1) {
          return d == 1;
        }
        break;
      }
      case VALUE_STRING: {
        String s = parser.getText();
        if (s.equals("1") || s.equals("true")) {
          return true;
        }
        if (s.equals("0") || s.equals("false")) {
          return false;
        }
        break;
      }
      default:
        break;
    }
    throw JsonValues.mismatch(parser, token, EXPECTED);
  }

  @Override
  public void setNull(int index) {
    vector.setNull(index);
  }
}
