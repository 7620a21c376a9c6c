package io.sqlotel.shard.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.apache.arrow.vector.FieldVector;

/**
 * Writes the JSON values of one column into the Arrow vector of the current batch. One implementation per Arrow
 * type, chosen once from the schema by {@link ColumnDecoders#forField}; never guessed per value.
 */
interface ColumnDecoder {

  /** Points the decoder at the vector of a new batch; the vector was created from this decoder's field. */
  void bind(FieldVector vector);

  /**
   * Stores the current scalar, non-null token at {@code index}.
   *
   * @throws ValueException if the value does not fit the column's type
   * @throws IOException if the parser fails
   */
  void decode(JsonParser parser, JsonToken token, int index) throws IOException;

  /** Marks the value at {@code index} as null. */
  void setNull(int index);
}
