package io.sqlotel.shard.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Utf8: a JSON string, encoded to UTF-8 straight from the parser's buffer (no String per value). A number becomes
 * its text as SQLite prints it ({@code 1.0e+20}), because a TEXT column of SQLite may hold numbers.
 */
final class VarCharColumnDecoder implements ColumnDecoder {
  private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
      .onMalformedInput(CodingErrorAction.REPLACE)
      .onUnmappableCharacter(CodingErrorAction.REPLACE);
  private ByteBuffer buffer = ByteBuffer.allocate(256);
  private VarCharVector vector;

  @Override
  public void bind(FieldVector vector) {
    this.vector = (VarCharVector) vector;
  }

  @Override
  public void decode(JsonParser parser, JsonToken token, int index) throws IOException {
    switch (token) {
      case VALUE_STRING:
        setChars(index, parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        break;
      case VALUE_NUMBER_INT:
        setString(index, SqliteText.formatIntegerLiteral(parser.getText()));
        break;
      case VALUE_NUMBER_FLOAT:
        setString(index, SqliteText.formatReal(parser.getDoubleValue()));
        break;
      default:
        throw JsonValues.mismatch(parser, token, "a string");
    }
  }

  private void setString(int index, String s) {
    vector.setSafe(index, s.getBytes(StandardCharsets.UTF_8));
  }

  private void setChars(int index, char[] chars, int offset, int length) {
    int needed = length * 3; // a UTF-16 unit never needs more than 3 UTF-8 bytes
    if (buffer.capacity() < needed) {
      buffer = ByteBuffer.allocate(Math.max(needed, buffer.capacity() * 2));
    }
    buffer.clear();
    encoder.reset();
    encoder.encode(CharBuffer.wrap(chars, offset, length), buffer, true);
    encoder.flush(buffer);
    vector.setSafe(index, buffer, 0, buffer.position());
  }

  @Override
  public void setNull(int index) {
    vector.setNull(index);
  }
}
