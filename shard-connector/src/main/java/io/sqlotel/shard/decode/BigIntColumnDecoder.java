package io.sqlotel.shard.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;

/** Int(64, signed): a JSON integer, a string of digits (exact beyond 2^53) or an integral float like 3.0. */
final class BigIntColumnDecoder implements ColumnDecoder {
  private BigIntVector vector;

  @Override
  public void bind(FieldVector vector) {
    this.vector = (BigIntVector) vector;
  }

  @Override
  public void decode(JsonParser parser, JsonToken token, int index) throws IOException {
    vector.setSafe(index, JsonValues.readLong(parser, token, "a 64-bit integer"));
  }

  @Override
  public void setNull(int index) {
    vector.setNull(index);
  }
}
