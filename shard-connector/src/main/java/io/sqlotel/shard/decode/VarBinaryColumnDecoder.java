package io.sqlotel.shard.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Base64;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;

/** Binary: a base64 string (standard alphabet, padding optional, no line breaks). */
final class VarBinaryColumnDecoder implements ColumnDecoder {
  private static final String EXPECTED = "a base64 string";
  private VarBinaryVector vector;

  @Override
  public void bind(FieldVector vector) {
    this.vector = (VarBinaryVector) vector;
  }

  @Override
  public void decode(JsonParser parser, JsonToken token, int index) throws IOException {
    if (token != JsonToken.VALUE_STRING) {
      throw JsonValues.mismatch(parser, token, EXPECTED);
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(parser.getText());
    } catch (IllegalArgumentException e) {
      throw new ValueException("expected " + EXPECTED + ", found " + JsonValues.describe(parser, token)
          + ", which is not valid base64 (" + e.getMessage() + ")");
    }
    vector.setSafe(index, bytes);
  }

  @Override
  public void setNull(int index) {
    vector.setNull(index);
  }
}
