package io.sqlotel.shard.decode;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Map(Utf8, Utf8): an attribute map, sent by the shard as the text of a JSON object (how the shard schema stores
 * the ClickHouse exporter's {@code Map(String, String)}), decoded into map entries in document order. String values
 * are taken as they are; any other value is stored as its compact JSON text ({@code 10}, {@code true},
 * {@code {"a":1}}), as the exporter stringifies non-string attributes; a JSON {@code null} value is a NULL value.
 * Duplicate keys are kept.
 */
final class MapColumnDecoder implements ColumnDecoder {
  private MapVector vector;
  private StructVector entries;
  private VarCharVector keys;
  private VarCharVector values;

  @Override
  public void bind(FieldVector vector) {
    this.vector = (MapVector) vector;
    this.entries = (StructVector) this.vector.getDataVector();
    this.keys = (VarCharVector) entries.getChildrenFromFields().get(0);
    this.values = (VarCharVector) entries.getChildrenFromFields().get(1);
  }

  @Override
  public void decode(JsonParser parser, JsonToken token, int index) throws IOException {
    if (token != JsonToken.VALUE_STRING) {
      throw JsonValues.mismatch(parser, token, "the JSON text of an object (an attribute map)");
    }
    String text = parser.getText();
    int start = vector.startNewValue(index);
    int n = 0;
    try (JsonParser p = JsonValues.FACTORY.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw notAnObject(text);
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        int entry = start + n;
        entries.setIndexDefined(entry);
        keys.setSafe(entry, p.currentName().getBytes(StandardCharsets.UTF_8));
        JsonToken v = p.nextToken();
        if (v == JsonToken.VALUE_NULL) {
          values.setNull(entry);
        } else {
          String value = v == JsonToken.VALUE_STRING ? p.getText() : jsonText(p);
          values.setSafe(entry, value.getBytes(StandardCharsets.UTF_8));
        }
        n++;
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw notAnObject(text);
      }
    } catch (JsonProcessingException e) {
      throw new ValueException("expected the JSON text of an object (an attribute map), found string \""
          + JsonValues.abbreviate(text) + "\", which is not valid JSON: " + e.getOriginalMessage());
    } finally {
      vector.endValue(index, n); // keeps the offsets consistent even when the batch is abandoned
    }
  }

  private static ValueException notAnObject(String text) {
    return new ValueException("expected the JSON text of an object (an attribute map), found string \""
        + JsonValues.abbreviate(text) + "\"");
  }

  /** The compact JSON text of the value at the parser's current token (a number, boolean, array or object). */
  private static String jsonText(JsonParser p) throws IOException {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JsonValues.FACTORY.createGenerator(w)) {
      g.copyCurrentStructure(p);
    }
    return w.toString();
  }

  @Override
  public void setNull(int index) {
    vector.setNull(index);
  }
}
