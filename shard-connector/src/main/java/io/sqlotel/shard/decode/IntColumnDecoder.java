package io.sqlotel.shard.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;

/** Int(32, signed): like {@link BigIntColumnDecoder}, and the value must fit 32 bits. */
final class IntColumnDecoder implements ColumnDecoder {
  private static final String EXPECTED = "a 32-bit integer";
  private IntVector vector;

  @Override
  public void bind(FieldVector vector) {
    this.vector = (IntVector) vector;
  }

  @Override
  public void decode(JsonParser parser, JsonToken token, int index) throws IOException {
    long value = JsonValues.readLong(parser, token, EXPECTED);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new ValueException("expected " + EXPECTED + ", found " + JsonValues.describe(parser, token)
          + ", which is outside the signed 32-bit range");
    }
    vector.setSafe(index, (int) value);
  }

  @Override
  public void setNull(int index) {
    vector.setNull(index);
  }
}
