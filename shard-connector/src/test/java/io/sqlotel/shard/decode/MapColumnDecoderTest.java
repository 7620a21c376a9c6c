package io.sqlotel.shard.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Attribute maps: the shard's JSON text decoded into Arrow Map(Utf8, Utf8) entries. */
class MapColumnDecoderTest {
  private final BufferAllocator allocator = new RootAllocator();
  private final Schema schema = new Schema(List.of(Field.nullable("n", new ArrowType.Int(64, true)),
      StringMapField.of("attrs", true)));

  @AfterEach
  void tearDown() {
    assertEquals(0, allocator.getAllocatedMemory(), "Arrow memory leaked");
    allocator.close();
  }

  private static String quote(String json) {
    return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private JsonBatchDecoder decoder(List<String> mapTexts, int batchRows) {
    StringBuilder rows = new StringBuilder("[");
    for (int i = 0; i < mapTexts.size(); i++) {
      rows.append(i == 0 ? "" : ",").append("[").append(i).append(",")
          .append(mapTexts.get(i) == null ? "null" : quote(mapTexts.get(i))).append("]");
    }
    String body = "{\"columns\":[\"n\",\"attrs\"],\"rows\":" + rows + "],\"meta\":{\"rows_read\":1}}";
    return new JsonBatchDecoder(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), schema, allocator,
        batchRows, "s1");
  }

  /** Row {@code i} of a map vector as an ordered Java map (null for a NULL map). */
  static Map<String, String> row(MapVector v, int i) {
    if (v.isNull(i)) {
      return null;
    }
    StructVector entries = (StructVector) v.getDataVector();
    VarCharVector k = (VarCharVector) entries.getChildrenFromFields().get(0);
    VarCharVector val = (VarCharVector) entries.getChildrenFromFields().get(1);
    Map<String, String> out = new LinkedHashMap<>();
    for (int e = v.getElementStartIndex(i); e < v.getElementEndIndex(i); e++) {
      out.put(new String(k.get(e), StandardCharsets.UTF_8),
          val.isNull(e) ? null : new String(val.get(e), StandardCharsets.UTF_8));
    }
    return out;
  }

  private List<Map<String, String>> decodeAll(List<String> texts, int batchRows) {
    List<Map<String, String>> out = new ArrayList<>();
    try (JsonBatchDecoder d = decoder(texts, batchRows)) {
      for (VectorSchemaRoot next = d.next(); next != null; next = d.next()) {
        try (VectorSchemaRoot r = next) {
          MapVector v = (MapVector) r.getVector(1);
          assertEquals(r.getRowCount(), v.getValueCount());
          for (int i = 0; i < r.getRowCount(); i++) {
            out.add(row(v, i));
          }
        }
      }
    }
    return out;
  }

  @Test
  void decodesEntriesInOrderWithNonStringValuesAsJsonText() {
    List<String> texts = new ArrayList<>();
    texts.add("{\"http.method\":\"GET\",\"http.status_code\":\"200\",\"中文\":\"🚀\"}");
    texts.add("{}");
    texts.add(null);
    texts.add("{\"n\":10,\"f\":1.5,\"b\":true,\"arr\":[1,\"x\"],\"obj\":{\"a\":{\"b\":null}},\"nil\":null}");
    texts.add("{\"quote\\\"key\":\"back\\\\slash\"}");
    List<Map<String, String>> rows = decodeAll(texts, 2);
    assertEquals(5, rows.size());
    assertEquals(List.of("http.method", "http.status_code", "中文"), List.copyOf(rows.get(0).keySet()));
    assertEquals("GET", rows.get(0).get("http.method"));
    assertEquals("🚀", rows.get(0).get("中文"));
    assertEquals(Map.of(), rows.get(1));
    assertNull(rows.get(2));
    Map<String, String> m = rows.get(3);
    assertEquals("10", m.get("n"));
    assertEquals("1.5", m.get("f"));
    assertEquals("true", m.get("b"));
    assertEquals("[1,\"x\"]", m.get("arr"));
    assertEquals("{\"a\":{\"b\":null}}", m.get("obj"));
    assertTrue(m.containsKey("nil") && m.get("nil") == null);
    assertEquals("back\\slash", rows.get(4).get("quote\"key"));
  }

  @Test
  void manyRowsAndEntriesGrowTheVectors() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      StringBuilder sb = new StringBuilder("{");
      for (int k = 0; k < i % 7; k++) {
        sb.append(k == 0 ? "" : ",").append("\"k").append(k).append("\":\"").append("v".repeat(i % 50)).append("\"");
      }
      texts.add(sb.append("}").toString());
    }
    List<Map<String, String>> rows = decodeAll(texts, 1024);
    assertEquals(3000, rows.size());
    for (int i = 0; i < 3000; i++) {
      assertEquals(i % 7, rows.get(i).size(), "row " + i);
      if (i % 7 > 0) {
        assertEquals("v".repeat(i % 50), rows.get(i).get("k" + (i % 7 - 1)));
      }
    }
  }

  @Test
  void textThatIsNotAJsonObjectIsAValueError() {
    for (String bad : List.of("[1,2]", "not json", "{\"a\":", "\"s\"", "{\"a\":\"b\"} trailing")) {
      List<String> texts = new ArrayList<>(List.of("{\"ok\":\"1\"}", bad));
      DecodeException e = assertThrows(DecodeException.class, () -> decodeAll(texts, 10), bad);
      assertTrue(e.getMessage().contains("attrs") && e.getMessage().contains("attribute map"), e.getMessage());
    }
  }

  @Test
  void aNumberIsNotAMap() {
    String body = "{\"columns\":[\"n\",\"attrs\"],\"rows\":[[1,5]]}";
    try (JsonBatchDecoder d = new JsonBatchDecoder(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
        schema, allocator, 10, "s1")) {
      DecodeException e = assertThrows(DecodeException.class, d::next);
      assertTrue(e.getMessage().contains("number 5"), e.getMessage());
    }
  }

  @Test
  void mapsOfOtherTypesAreRefused() {
    Field intMap = new Field("m", org.apache.arrow.vector.types.pojo.FieldType.nullable(new ArrowType.Map(false)),
        List.of(new Field("entries", org.apache.arrow.vector.types.pojo.FieldType.notNullable(ArrowType.Struct.INSTANCE),
            List.of(Field.notNullable("key", ArrowType.Utf8.INSTANCE),
                Field.nullable("value", new ArrowType.Int(64, true))))));
    assertThrows(IllegalArgumentException.class, () -> JsonBatchDecoder.requireSupported(new Schema(List.of(intMap))));
  }
}
