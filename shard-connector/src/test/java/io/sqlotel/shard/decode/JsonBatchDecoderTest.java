package io.sqlotel.shard.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JsonBatchDecoderTest {
  static final ArrowType I64 = new ArrowType.Int(64, true);
  static final ArrowType I32 = new ArrowType.Int(32, true);
  static final ArrowType F64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
  static final ArrowType TS = new ArrowType.Timestamp(TimeUnit.NANOSECOND, null);

  private BufferAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    assertEquals(0, allocator.getAllocatedMemory(), "Arrow memory leaked");
    allocator.close(); // throws if anything leaked
  }

  static Schema schema(Object... nameAndType) {
    List<Field> fields = new ArrayList<>();
    for (int i = 0; i < nameAndType.length; i += 2) {
      fields.add(Field.nullable((String) nameAndType[i], (ArrowType) nameAndType[i + 1]));
    }
    return new Schema(fields);
  }

  static String answer(String columns, String rows) {
    return "{\"columns\": " + columns + ", \"rows\": " + rows + ", \"meta\": {\"rows_read\": 42, \"duration_ms\": 1.5}}";
  }

  JsonBatchDecoder decoder(String json, Schema schema, int batchRows) {
    return new JsonBatchDecoder(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), schema, allocator,
        batchRows, "s1");
  }

  /** Decodes everything into one batch and hands it to the check, closing it afterwards. */
  void decodeOne(String json, Schema schema, java.util.function.Consumer<VectorSchemaRoot> check) {
    try (JsonBatchDecoder d = decoder(json, schema, 1000)) {
      try (VectorSchemaRoot root = d.next()) {
        assertNotNull(root);
        check.accept(root);
      }
      assertNull(d.next());
    }
  }

  DecodeException decodeFails(String json, Schema schema, int batchRows) {
    List<VectorSchemaRoot> got = new ArrayList<>();
    try (JsonBatchDecoder d = decoder(json, schema, batchRows)) {
      return assertThrows(DecodeException.class, () -> {
        for (VectorSchemaRoot r = d.next(); r != null; r = d.next()) {
          got.add(r);
        }
      });
    } finally {
      got.forEach(VectorSchemaRoot::close);
    }
  }

  @Test
  void decodesEveryTypeAndNulls() {
    Schema s = schema("i64", I64, "i32", I32, "f64", F64, "txt", ArrowType.Utf8.INSTANCE,
        "bin", ArrowType.Binary.INSTANCE, "flag", ArrowType.Bool.INSTANCE, "ts", TS);
    String json = answer("[\"i64\",\"i32\",\"f64\",\"txt\",\"bin\",\"flag\",\"ts\"]",
        "[[1, 2, 3.5, \"x\", \"AAEC/w==\", 1, 1700000000123456789],"
            + " [null, null, null, null, null, null, null],"
            + " [\"-7\", \"8\", \"Infinity\", \"\", \"\", \"false\", \"1700000000000000001\"]]");
    decodeOne(json, s, root -> {
      assertEquals(3, root.getRowCount());
      BigIntVector i64 = (BigIntVector) root.getVector(0);
      IntVector i32 = (IntVector) root.getVector(1);
      Float8Vector f64 = (Float8Vector) root.getVector(2);
      VarCharVector txt = (VarCharVector) root.getVector(3);
      VarBinaryVector bin = (VarBinaryVector) root.getVector(4);
      BitVector flag = (BitVector) root.getVector(5);
      TimeStampNanoVector ts = (TimeStampNanoVector) root.getVector(6);
      assertEquals(1, i64.get(0));
      assertEquals(2, i32.get(0));
      assertEquals(3.5, f64.get(0));
      assertEquals("x", txt.getObject(0).toString());
      assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xff}, bin.get(0));
      assertEquals(1, flag.get(0));
      assertEquals(1700000000123456789L, ts.get(0));
      for (int c = 0; c < 7; c++) {
        assertTrue(root.getVector(c).isNull(1), "column " + c + " row 1 must be null");
        assertFalse(root.getVector(c).isNull(2), "column " + c + " row 2 must not be null");
      }
      assertEquals(-7, i64.get(2));
      assertEquals(8, i32.get(2));
      assertEquals(Double.POSITIVE_INFINITY, f64.get(2));
      assertEquals("", txt.getObject(2).toString());
      assertArrayEquals(new byte[0], bin.get(2));
      assertEquals(0, flag.get(2));
      assertEquals(1700000000000000001L, ts.get(2));
    });
  }

  @Test
  void int64IsExactAsNumberAndAsString() {
    Schema s = schema("v", I64);
    String json = answer("[\"v\"]", "[[-9223372036854775808], [9223372036854775807], [\"-9223372036854775808\"],"
        + " [\"9223372036854775807\"], [9007199254740993], [\"9007199254740993\"], [3.0], [-0], [1e3]]");
    decodeOne(json, s, root -> {
      BigIntVector v = (BigIntVector) root.getVector(0);
      long[] expected = {Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, (1L << 53) + 1,
          (1L << 53) + 1, 3, 0, 1000};
      assertEquals(expected.length, root.getRowCount());
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], v.get(i), "row " + i);
      }
    });
  }

  @Test
  void int64RejectsWhatIsNotAnInteger() {
    Schema s = schema("a", I64, "v", I64);
    DecodeException e = decodeFails(answer("[\"a\",\"v\"]", "[[1, 2], [1, 3.5]]"), s, 10);
    assertEquals("v", e.columnName());
    assertEquals(1, e.columnIndex());
    assertEquals(1, e.row());
    assertTrue(e.getMessage().contains("shard 's1'"), e.getMessage());
    assertTrue(e.getMessage().contains("column 'v' (index 1), row 1"), e.getMessage());
    assertTrue(e.getMessage().contains("number 3.5, which is not integral"), e.getMessage());

    assertTrue(decodeFails(answer("[\"a\",\"v\"]", "[[1, 9223372036854775808]]"), s, 10).getMessage()
        .contains("outside the signed 64-bit range"));
    assertTrue(decodeFails(answer("[\"a\",\"v\"]", "[[1, \"9223372036854775808\"]]"), s, 10).getMessage()
        .contains("outside the signed 64-bit range"));
    assertTrue(decodeFails(answer("[\"a\",\"v\"]", "[[1, \"12a\"]]"), s, 10).getMessage()
        .contains("found string \"12a\", which is not a decimal integer"));
    assertTrue(decodeFails(answer("[\"a\",\"v\"]", "[[1, true]]"), s, 10).getMessage().contains("found true"));
    assertTrue(decodeFails(answer("[\"a\",\"v\"]", "[[1, 1e300]]"), s, 10).getMessage().contains("outside"));
  }

  @Test
  void int32ChecksItsRange() {
    Schema s = schema("v", I32);
    decodeOne(answer("[\"v\"]", "[[-2147483648], [\"2147483647\"]]"), s, root -> {
      assertEquals(Integer.MIN_VALUE, ((IntVector) root.getVector(0)).get(0));
      assertEquals(Integer.MAX_VALUE, ((IntVector) root.getVector(0)).get(1));
    });
    assertTrue(decodeFails(answer("[\"v\"]", "[[2147483648]]"), s, 10).getMessage()
        .contains("outside the signed 32-bit range"));
  }

  @Test
  void doublesAcceptNumbersNumericTextAndSpecialValues() {
    Schema s = schema("v", F64);
    decodeOne(answer("[\"v\"]", "[[1], [-2.25], [1e308], [\"Infinity\"], [\"-Infinity\"], [\"NaN\"], [\"1.5e2\"],"
        + " [9007199254740993]]"), s, root -> {
          Float8Vector v = (Float8Vector) root.getVector(0);
          assertEquals(1.0, v.get(0));
          assertEquals(-2.25, v.get(1));
          assertEquals(1e308, v.get(2));
          assertEquals(Double.POSITIVE_INFINITY, v.get(3));
          assertEquals(Double.NEGATIVE_INFINITY, v.get(4));
          assertTrue(Double.isNaN(v.get(5)));
          assertEquals(150.0, v.get(6));
          assertEquals(9007199254740992.0, v.get(7));
        });
    assertTrue(decodeFails(answer("[\"v\"]", "[[\"0x10\"]]"), s, 10).getMessage().contains("expected a number"));
    assertTrue(decodeFails(answer("[\"v\"]", "[[\"1d\"]]"), s, 10).getMessage().contains("expected a number"));
    assertTrue(decodeFails(answer("[\"v\"]", "[[false]]"), s, 10).getMessage().contains("expected a number"));
  }

  @Test
  void textKeepsUnicodeAndPrintsNumbersLikeSqlite() {
    Schema s = schema("v", ArrowType.Utf8.INSTANCE);
    String json = answer("[\"v\"]", "[[\"h\\u00e9llo \\ud83d\\ude00 \u4e16\u754c\"], [\"tab\\tnew\\nline \\\"q\\\"\"],"
        + " [12], [-0], [1.0], [0.1], [1e20], [1.5e-7], [100.0], [-3.25]]");
    decodeOne(json, s, root -> {
      VarCharVector v = (VarCharVector) root.getVector(0);
      assertEquals("h\u00e9llo \ud83d\ude00 \u4e16\u754c", v.getObject(0).toString());
      assertArrayEquals("h\u00e9llo \ud83d\ude00 \u4e16\u754c".getBytes(StandardCharsets.UTF_8), v.get(0));
      assertEquals("tab\tnew\nline \"q\"", v.getObject(1).toString());
      String[] numbers = {"12", "0", "1.0", "0.1", "1.0e+20", "1.5e-07", "100.0", "-3.25"};
      for (int i = 0; i < numbers.length; i++) {
        assertEquals(numbers[i], v.getObject(i + 2).toString());
      }
    });
    assertTrue(decodeFails(answer("[\"v\"]", "[[true]]"), s, 10).getMessage().contains("expected a string"));
  }

  @Test
  void longTextGrowsTheBuffers() {
    String big = "\u00e9".repeat(100_000);
    decodeOne(answer("[\"v\"]", "[[\"" + big + "\"], [\"x\"]]"), schema("v", ArrowType.Utf8.INSTANCE), root -> {
      assertEquals(big, ((VarCharVector) root.getVector(0)).getObject(0).toString());
      assertEquals("x", ((VarCharVector) root.getVector(0)).getObject(1).toString());
    });
  }

  @Test
  void binaryIsBase64() {
    Schema s = schema("v", ArrowType.Binary.INSTANCE);
    decodeOne(answer("[\"v\"]", "[[\"aGVsbG8=\"], [\"aGVsbG8\"]]"), s, root -> {
      assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), ((VarBinaryVector) root.getVector(0)).get(0));
      assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), ((VarBinaryVector) root.getVector(0)).get(1));
    });
    assertTrue(decodeFails(answer("[\"v\"]", "[[\"not base64!\"]]"), s, 10).getMessage().contains("not valid base64"));
    assertTrue(decodeFails(answer("[\"v\"]", "[[12]]"), s, 10).getMessage().contains("expected a base64 string"));
  }

  @Test
  void booleansAreZeroOneOrTrueFalse() {
    Schema s = schema("v", ArrowType.Bool.INSTANCE);
    decodeOne(answer("[\"v\"]", "[[0], [1], [true], [false], [\"1\"], [\"true\"], [\"0\"]]"), s, root -> {
      BitVector v = (BitVector) root.getVector(0);
      int[] expected = {0, 1, 1, 0, 1, 1, 0};
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], v.get(i), "row " + i);
      }
    });
    assertTrue(decodeFails(answer("[\"v\"]", "[[2]]"), s, 10).getMessage().contains("expected a boolean"));
    assertTrue(decodeFails(answer("[\"v\"]", "[[\"yes\"]]"), s, 10).getMessage().contains("expected a boolean"));
  }

  @Test
  void timestampsAreNanosecondsAsNumberOrText() {
    Schema s = schema("ts", TS);
    decodeOne(answer("[\"ts\"]", "[[0], [1700000000123456789], [\"-1\"], [\"9223372036854775807\"]]"), s, root -> {
      TimeStampNanoVector v = (TimeStampNanoVector) root.getVector(0);
      assertEquals(0, v.get(0));
      assertEquals(1700000000123456789L, v.get(1));
      assertEquals(-1, v.get(2));
      assertEquals(Long.MAX_VALUE, v.get(3));
    });
    assertTrue(decodeFails(answer("[\"ts\"]", "[[\"2024-01-01\"]]"), s, 10).getMessage().contains("nanoseconds"));
  }

  @Test
  void nullInNonNullableFieldIsStoredAsNull() {
    Schema s = new Schema(List.of(Field.notNullable("v", I64)));
    decodeOne(answer("[\"v\"]", "[[null], [5]]"), s, root -> {
      assertTrue(root.getVector(0).isNull(0));
      assertEquals(5, ((BigIntVector) root.getVector(0)).get(1));
    });
  }

  @Test
  void splitsIntoBatchesOfAtMostBatchRows() {
    Schema s = schema("v", I64, "t", ArrowType.Utf8.INSTANCE);
    StringBuilder rows = new StringBuilder("[");
    for (int i = 0; i < 10; i++) {
      rows.append(i == 0 ? "" : ",").append("[").append(i).append(", \"r").append(i).append("\"]");
    }
    String json = answer("[\"v\",\"t\"]", rows.append("]").toString());
    List<Integer> sizes = new ArrayList<>();
    long expectedValue = 0;
    try (JsonBatchDecoder d = decoder(json, s, 3)) {
      assertNull(d.meta(), "meta is unknown before the end");
      for (VectorSchemaRoot r = d.next(); r != null; r = d.next()) {
        try (VectorSchemaRoot batch = r) {
          sizes.add(batch.getRowCount());
          for (int i = 0; i < batch.getRowCount(); i++, expectedValue++) {
            assertEquals(expectedValue, ((BigIntVector) batch.getVector(0)).get(i));
            assertEquals("r" + expectedValue, ((VarCharVector) batch.getVector(1)).getObject(i).toString());
          }
        }
      }
      assertNull(d.next(), "stays at the end");
      ResponseMeta meta = d.meta();
      assertEquals(42, meta.rowsRead());
      assertEquals(1.5, meta.durationMs());
      assertEquals(10, meta.rowsDecoded());
      assertEquals(json.getBytes(StandardCharsets.UTF_8).length, meta.bytesConsumed());
    }
    assertEquals(List.of(3, 3, 3, 1), sizes);
  }

  @Test
  void exactMultipleOfBatchRowsAndEmptyAnswers() {
    Schema s = schema("v", I64);
    try (JsonBatchDecoder d = decoder(answer("[\"v\"]", "[[1],[2],[3]]"), s, 3)) {
      try (VectorSchemaRoot r = d.next()) {
        assertEquals(3, r.getRowCount());
      }
      assertNull(d.next());
      assertEquals(3, d.meta().rowsDecoded());
    }
    try (JsonBatchDecoder d = decoder(answer("[\"v\"]", "[]"), s, 3)) {
      assertNull(d.next());
      assertEquals(0, d.meta().rowsDecoded());
      assertEquals(42, d.meta().rowsRead());
    }
  }


  @Test
  void tinyAnswersAllocateForTheirRowsNotForBatchRows() {
    Schema s = schema("service", ArrowType.Utf8.INSTANCE, "spans", I64, "errors", I64, "avg", F64);
    String json = answer("[\"service\",\"spans\",\"errors\",\"avg\"]",
        "[[\"checkout\", 120, 3, 1.5], [\"cart\", 80, null, 2.5], [null, 7, 0, null]]");
    try (JsonBatchDecoder d = decoder(json, s, 4096); VectorSchemaRoot r = d.next()) {
      assertEquals(3, r.getRowCount());
      assertEquals("cart", r.getVector(0).getObject(1).toString());
      assertTrue(r.getVector(2).isNull(1));
      // 4096 rows would need > 100 KiB (3 × 32 KiB of values alone); the first batch starts at FIRST_BATCH_ROWS.
      long held = allocator.getAllocatedMemory();
      assertTrue(held <= 16 * 1024, "a 3-row batch holds " + held + " bytes");
      assertNull(d.next());
    }
  }

  @Test
  void firstBatchGrowsPastItsInitialCapacityAndLaterBatchesStartFull() {
    Schema s = schema("v", I64, "t", ArrowType.Utf8.INSTANCE, "f", F64, "b", ArrowType.Bool.INSTANCE);
    int n = 3 * 1000 + 17;
    StringBuilder rows = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      rows.append(i == 0 ? "" : ",");
      rows.append(i % 7 == 0 ? "[null, null, null, null]"
          : "[" + i + ", \"row-" + "x".repeat(i % 50) + i + "\", " + (i / 4.0) + ", " + (i % 2) + "]");
    }
    String json = answer("[\"v\",\"t\",\"f\",\"b\"]", rows.append("]").toString());
    List<Integer> sizes = new ArrayList<>();
    int i = 0;
    try (JsonBatchDecoder d = decoder(json, s, 1000)) {
      for (VectorSchemaRoot r = d.next(); r != null; r = d.next()) {
        try (VectorSchemaRoot batch = r) {
          sizes.add(batch.getRowCount());
          for (int k = 0; k < batch.getRowCount(); k++, i++) {
            if (i % 7 == 0) {
              for (int c = 0; c < 4; c++) {
                assertTrue(batch.getVector(c).isNull(k), "row " + i + " column " + c);
              }
            } else {
              assertEquals(i, ((BigIntVector) batch.getVector(0)).get(k));
              assertEquals("row-" + "x".repeat(i % 50) + i, batch.getVector(1).getObject(k).toString());
              assertEquals(i / 4.0, ((Float8Vector) batch.getVector(2)).get(k));
              assertEquals(i % 2, ((BitVector) batch.getVector(3)).get(k));
            }
          }
        }
      }
    }
    assertEquals(n, i);
    assertEquals(List.of(1000, 1000, 1000, 17), sizes);
  }
  @Test
  void ignoresUnknownFieldsAndNullError() {
    String json = "{\"version\": {\"x\": [1, 2]}, \"columns\": [\"v\"], \"rows\": [[1]], \"stats\": [1],"
        + " \"error\": null, \"meta\": {\"rows_read\": \"7\", \"duration_ms\": 2, \"extra\": {\"a\": 1}}}";
    try (JsonBatchDecoder d = decoder(json, schema("v", I64), 10)) {
      d.next().close();
      assertNull(d.next());
      assertEquals(7, d.meta().rowsRead());
      assertEquals(2.0, d.meta().durationMs());
    }
  }

  @Test
  void wrongColumnCountIsReported() {
    DecodeException e = decodeFails(answer("[\"a\",\"b\",\"c\"]", "[[1,2,3]]"), schema("a", I64, "b", I64), 10);
    assertTrue(e.getMessage().contains("the response has 3 column(s) [a, b, c] but the schema expects 2 [a, b]"),
        e.getMessage());
  }

  @Test
  void rowsWithTooManyOrTooFewValuesAreReported() {
    Schema s = schema("a", I64, "b", I64);
    DecodeException few = decodeFails(answer("[\"a\",\"b\"]", "[[1,2],[3,4],[5]]"), s, 2);
    assertEquals(2, few.row());
    assertTrue(few.getMessage().contains("row 2: the row has 1 value(s) but the schema has 2 column(s)"),
        few.getMessage());
    DecodeException many = decodeFails(answer("[\"a\",\"b\"]", "[[1,2,3]]"), s, 2);
    assertTrue(many.getMessage().contains("row 0: the row has more than 2 value(s)"), many.getMessage());
    DecodeException notArray = decodeFails(answer("[\"a\",\"b\"]", "[[1,2], 5]"), s, 2);
    assertTrue(notArray.getMessage().contains("row 1: expected the row to be an array, found number 5"),
        notArray.getMessage());
  }

  @Test
  void malformedJsonAndGarbageAreReported() {
    Schema s = schema("v", I64);
    DecodeException syntax = decodeFails("{\"columns\": [\"v\"], \"rows\": [[1], [2,]]}", s, 10);
    assertTrue(syntax.getMessage().contains("malformed JSON at line 1"), syntax.getMessage());
    assertEquals(1, syntax.row());
    DecodeException html = decodeFails("<html><body>502 Bad Gateway</body></html>", s, 10);
    assertTrue(html.getMessage().contains("shard 's1': malformed JSON"), html.getMessage());
    assertTrue(decodeFails("", s, 10).getMessage().contains("the response body is empty"));
    assertTrue(decodeFails("[1, 2]", s, 10).getMessage().contains("expected a JSON object, found an array"));
    assertTrue(decodeFails("{\"rows\": [[1]], \"columns\": [\"v\"]}", s, 10).getMessage()
        .contains("\"rows\" came before \"columns\""));
    assertTrue(decodeFails("{\"columns\": [\"v\"], \"rows\": [[1]]}", s, 10).getMessage()
        .contains("ended without \"meta\" after 1 row(s)"));
    assertTrue(decodeFails(answer("[\"v\"]", "[[1]]") + " {}", s, 10).getMessage()
        .contains("unexpected content after the response object"));
    assertTrue(decodeFails("{\"columns\": [1], \"rows\": []}", s, 10).getMessage()
        .contains("expected column name 0 to be a string"));
  }

  @Test
  void everyTruncationIsAnErrorAndLeaksNothing() {
    Schema s = schema("a", I64, "b", ArrowType.Utf8.INSTANCE);
    String json = answer("[\"a\",\"b\"]", "[[1, \"one\"], [2, \"two\"], [3, null], [4, \"four\"], [5, \"five\"]]");
    for (int cut = 0; cut < json.length(); cut++) {
      String prefix = json.substring(0, cut);
      if (prefix.isBlank()) {
        continue;
      }
      DecodeException e = decodeFails(prefix, s, 2);
      assertTrue(e.getMessage().startsWith("shard 's1'"), e.getMessage());
    }
    DecodeException cut = decodeFails(json.substring(0, json.indexOf("[3")), s, 2);
    assertTrue(cut.getMessage().contains("truncated JSON"), cut.getMessage());
  }

  @Test
  void errorTrailerFailsTheAnswer() {
    Schema s = schema("v", I64);
    String json = "{\"columns\": [\"v\"], \"rows\": [[1], [2], [3]],"
        + " \"error\": {\"message\": \"interrupted\", \"code\": \"SQLITE_INTERRUPT\"}}";
    // batchRows 10: the only batch would be partial; the trailer is read first, so no rows are handed out
    DecodeException e = decodeFails(json, s, 10);
    RemoteErrorException remote = assertInstanceOf(RemoteErrorException.class, e);
    assertEquals("interrupted", remote.remoteMessage());
    assertEquals("SQLITE_INTERRUPT", remote.remoteCode());
    assertTrue(e.getMessage().contains("shard 's1': the shard reported an error after 3 row(s): interrupted"
        + " (code SQLITE_INTERRUPT)"), e.getMessage());
    // batchRows 2: the first, full batch was handed out before the error arrived; the next call fails
    try (JsonBatchDecoder d = decoder(json, s, 2)) {
      d.next().close();
      assertThrows(RemoteErrorException.class, d::next);
      assertNull(d.meta());
    }
    // an error before any row
    RemoteErrorException early = assertInstanceOf(RemoteErrorException.class,
        decodeFails("{\"columns\": [\"v\"], \"error\": {\"message\": \"no such table: x\"}}", s, 10));
    assertEquals("no such table: x", early.remoteMessage());
    assertNull(early.remoteCode());
  }

  @Test
  void deeplyNestedValuesAreRefusedQuickly() {
    Schema s = schema("v", I64);
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    DecodeException inRow = decodeFails(answer("[\"v\"]", "[[" + deep + "]]"), s, 10);
    assertTrue(inRow.getMessage().contains("expected a scalar value, found an array"), inRow.getMessage());
    DecodeException inMeta = decodeFails("{\"columns\": [\"v\"], \"rows\": [], \"meta\": {\"x\": " + deep + "}}", s,
        10);
    assertTrue(inMeta.getMessage().contains("exceeds a parser limit"), inMeta.getMessage());
    DecodeException object = decodeFails(answer("[\"v\"]", "[[{\"a\": 1}]]"), s, 10);
    assertTrue(object.getMessage().contains("found an object"), object.getMessage());
  }

  @Test
  void unsupportedTypesFailAtConstruction() {
    for (ArrowType type : List.of(new ArrowType.Int(16, true), new ArrowType.Int(64, false),
        new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC"),
        new ArrowType.Timestamp(TimeUnit.MICROSECOND, null), new ArrowType.Date(DateUnit.DAY),
        ArrowType.LargeUtf8.INSTANCE)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> decoder("{}", schema("ok", I64, "bad", type), 10));
      assertTrue(e.getMessage().contains("column 'bad' (index 1) has the unsupported Arrow type"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> decoder("{}", schema("v", I64), 0));
  }

  @Test
  void closedOrFailedDecoderRefusesToContinue() {
    JsonBatchDecoder d = decoder("garbage", schema("v", I64), 10);
    assertThrows(DecodeException.class, d::next);
    assertThrows(IllegalStateException.class, d::next);
    d.close();
    d.close();
    assertThrows(IllegalStateException.class, d::next);
  }
}
