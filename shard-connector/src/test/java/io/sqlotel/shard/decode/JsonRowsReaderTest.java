package io.sqlotel.shard.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonRowsReaderTest {

  static JsonRows read(String json, int maxRows) {
    return JsonRowsReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "meta1", maxRows);
  }

  @Test
  void typesValuesByTheirJsonForm() {
    JsonRows rows = read("{\"columns\": [\"name\", \"type\", \"notnull\"], \"rows\": ["
        + "[\"Timestamp\", \"INTEGER\", 1], [\"Body\", \"TEXT\", 0], [\"x\", null, 2.5], [\"b\", true, \"7\"]],"
        + " \"meta\": {\"rows_read\": 4, \"duration_ms\": 0.1}}", 100);
    assertEquals(List.of("name", "type", "notnull"), rows.columns());
    assertEquals(List.of("Timestamp", "INTEGER", 1L), rows.rows().get(0));
    assertEquals(List.of("Body", "TEXT", 0L), rows.rows().get(1));
    assertEquals(Arrays.asList("x", null, 2.5), rows.rows().get(2));
    assertEquals(List.of("b", 1L, "7"), rows.rows().get(3));
    assertEquals(4, rows.meta().rowsRead());
    assertEquals(4, rows.meta().rowsDecoded());
  }

  @Test
  void refusesBadRows() {
    String header = "{\"columns\": [\"a\", \"b\"], \"rows\": ";
    String meta = ", \"meta\": {}}";
    assertTrue(assertThrows(DecodeException.class, () -> read(header + "[[1]]" + meta, 10)).getMessage()
        .contains("shard 'meta1': row 0: the row has 1 value(s) but the answer has 2 column(s)"));
    assertTrue(assertThrows(DecodeException.class, () -> read(header + "[[1, 2, 3]]" + meta, 10)).getMessage()
        .contains("row 0: the row has more than 2 value(s)"));
    assertTrue(assertThrows(DecodeException.class, () -> read(header + "[[1, [2]]]" + meta, 10)).getMessage()
        .contains("column 'b' (index 1), row 0: expected a scalar value, found an array"));
    assertTrue(assertThrows(DecodeException.class, () -> read(header + "[[1, 2], [3, 4]]" + meta, 1)).getMessage()
        .contains("more than 1 rows"));
    assertTrue(assertThrows(DecodeException.class, () -> read(header + "[[1, 99999999999999999999]]" + meta, 10))
        .getMessage().contains("outside the signed 64-bit range"));
    assertThrows(RemoteErrorException.class,
        () -> read(header + "[[1, 2]], \"error\": {\"message\": \"boom\"}}", 10));
    assertTrue(assertThrows(DecodeException.class, () -> read(header + "[[1, 2]", 10)).getMessage()
        .contains("truncated JSON"));
  }
}
