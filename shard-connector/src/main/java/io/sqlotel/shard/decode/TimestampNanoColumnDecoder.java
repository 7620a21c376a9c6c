package io.sqlotel.shard.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampNanoVector;

/** Timestamp(NANOSECOND, null): nanoseconds since the epoch, UTC, as a JSON integer or a string of digits. */
final class TimestampNanoColumnDecoder implements ColumnDecoder {
  private TimeStampNanoVector vector;

  @Override
  public void bind(FieldVector vector) {
    this.vector = (TimeStampNanoVector) vector;
  }

  @Override
  public void decode(JsonParser parser, JsonToken token, int index) throws IOException {
    vector.setSafe(index, JsonValues.readLong(parser, token, "a timestamp in nanoseconds (64-bit integer)"));
  }

  @Override
  public void setNull(int index) {
    vector.setNull(index);
  }
}
