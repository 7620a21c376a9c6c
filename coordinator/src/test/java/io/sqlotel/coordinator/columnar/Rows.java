package io.sqlotel.coordinator.columnar;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Test helpers: rows as Java values (Long for BIGINT and TIMESTAMP, Integer, Double, String, ByteBuffer for
 * VARBINARY, Boolean, BigDecimal) to and from Arrow batches, random data, and a reference row order.
 */
final class Rows {
  static final ArrowType BIGINT = new ArrowType.Int(64, true);
  static final ArrowType INT = new ArrowType.Int(32, true);
  static final ArrowType DOUBLE = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
  static final ArrowType TEXT = ArrowType.Utf8.INSTANCE;
  static final ArrowType BINARY = ArrowType.Binary.INSTANCE;
  static final ArrowType BOOL = ArrowType.Bool.INSTANCE;
  static final ArrowType TIMESTAMP = new ArrowType.Timestamp(TimeUnit.NANOSECOND, null);
  static final ArrowType DECIMAL = new ArrowType.Decimal(12, 2, 128);

  /** Text values that differ by case, accents, byte order and length (incl. 4-byte UTF-8). */
  static final String[] TEXTS = {"", "a", "A", "b", "B", "Z", "z", "é", "E", "ß", "ss", "日本", "日", "😀", "ab",
      "aB", "abc", "Abc", "a\u0000b", "zzzz", "\u007f", "\u0080"};

  private Rows() {}

  static Field field(String name, ArrowType type) {
    return new Field(name, FieldType.nullable(type), null);
  }

  static Schema schema(Field... fields) {
    return new Schema(Arrays.asList(fields));
  }

  /** One batch holding {@code rows}. */
  static VectorSchemaRoot batch(Schema schema, List<Object[]> rows, BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    for (int c = 0; c < schema.getFields().size(); c++) {
      FieldVector v = root.getVector(c);
      v.setInitialCapacity(Math.max(1, rows.size()));
      v.allocateNew();
      for (int r = 0; r < rows.size(); r++) {
        set(v, r, rows.get(r)[c]);
      }
      v.setValueCount(rows.size());
    }
    root.setRowCount(rows.size());
    return root;
  }

  private static void set(FieldVector v, int i, Object x) {
    if (x == null) {
      v.setNull(i);
    } else if (v instanceof BigIntVector b) {
      b.setSafe(i, (Long) x);
    } else if (v instanceof TimeStampNanoVector b) {
      b.setSafe(i, (Long) x);
    } else if (v instanceof IntVector b) {
      b.setSafe(i, (Integer) x);
    } else if (v instanceof Float8Vector b) {
      b.setSafe(i, (Double) x);
    } else if (v instanceof VarCharVector b) {
      b.setSafe(i, ((String) x).getBytes(StandardCharsets.UTF_8));
    } else if (v instanceof VarBinaryVector b) {
      ByteBuffer bb = (ByteBuffer) x;
      byte[] bytes = new byte[bb.remaining()];
      bb.duplicate().get(bytes);
      b.setSafe(i, bytes);
    } else if (v instanceof BitVector b) {
      b.setSafe(i, (Boolean) x ? 1 : 0);
    } else if (v instanceof DecimalVector b) {
      b.setSafe(i, (BigDecimal) x);
    } else {
      throw new IllegalArgumentException(v.getClass().getName());
    }
  }

  /** The value at row {@code i} as a Java value. */
  static Object get(FieldVector v, int i) {
    if (v.isNull(i)) {
      return null;
    } else if (v instanceof VarCharVector b) {
      return new String(b.get(i), StandardCharsets.UTF_8);
    } else if (v instanceof VarBinaryVector b) {
      return ByteBuffer.wrap(b.get(i));
    } else if (v instanceof BitVector b) {
      return b.get(i) == 1;
    } else if (v instanceof TimeStampNanoVector b) {
      return b.get(i);
    }
    return v.getObject(i);
  }

  /** {@code rows} split into batches of random sizes in [1, maxBatch], with some empty batches in between. */
  static List<VectorSchemaRoot> batches(Schema schema, List<Object[]> rows, int maxBatch, Random rnd,
      BufferAllocator allocator) {
    List<VectorSchemaRoot> out = new ArrayList<>();
    int i = 0;
    while (i < rows.size()) {
      if (rnd.nextInt(10) == 0) {
        out.add(batch(schema, List.of(), allocator));
      }
      int n = Math.min(rows.size() - i, 1 + rnd.nextInt(maxBatch));
      out.add(batch(schema, rows.subList(i, i + n), allocator));
      i += n;
    }
    return out;
  }

  /** An operator over {@code rows} in random batches. */
  static BatchOperator operator(Schema schema, List<Object[]> rows, int maxBatch, Random rnd,
      BufferAllocator allocator) {
    return BatchOperators.of(schema, batches(schema, rows, maxBatch, rnd, allocator));
  }

  /** Reads {@code op} to the end (and closes it); checks every batch has 1..maxRows rows and {@code op}'s schema. */
  static List<List<Object>> drain(BatchOperator op, int maxRows) {
    List<List<Object>> out = new ArrayList<>();
    try (op) {
      VectorSchemaRoot next;
      while ((next = op.next()) != null) {
        try (VectorSchemaRoot b = next) {
          assertTrue(b.getRowCount() >= 1 && b.getRowCount() <= maxRows, "batch of " + b.getRowCount() + " rows");
          assertTrue(Batches.sameTypes(b.getSchema(), op.schema()), "batch schema " + b.getSchema());
          out.addAll(toRows(b));
        }
      }
    }
    return out;
  }

  /** The rows of a batch. */
  static List<List<Object>> toRows(VectorSchemaRoot b) {
    List<List<Object>> out = new ArrayList<>();
    for (int r = 0; r < b.getRowCount(); r++) {
      List<Object> row = new ArrayList<>();
      for (FieldVector v : b.getFieldVectors()) {
        row.add(get(v, r));
      }
      out.add(row);
    }
    return out;
  }

  /** Rows as lists (for comparing with {@link #drain}). */
  static List<List<Object>> lists(List<Object[]> rows) {
    List<List<Object>> out = new ArrayList<>();
    for (Object[] r : rows) {
      out.add(Arrays.asList(r));
    }
    return out;
  }

  /** Orders two non-null values of one column: text by UTF-8 bytes unsigned, numbers numerically, false < true. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compareValues(Object a, Object b) {
    if (a instanceof String x) {
      return Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), ((String) b).getBytes(StandardCharsets.UTF_8));
    } else if (a instanceof ByteBuffer x) {
      return Arrays.compareUnsigned(bytes(x), bytes((ByteBuffer) b));
    } else if (a instanceof Double x) {
      double p = x;
      double q = (Double) b;
      return p < q ? -1 : p > q ? 1 : 0;
    }
    return ((Comparable) a).compareTo(b);
  }

  static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  /** The reference row order of {@code keys}. */
  static Comparator<Object[]> order(List<SortKey> keys) {
    return (x, y) -> {
      for (SortKey k : keys) {
        Object a = x[k.field()];
        Object b = y[k.field()];
        if (a == null || b == null) {
          if (a == null && b == null) {
            continue;
          }
          return (a == null) == k.nullsFirst() ? -1 : 1;
        }
        int c = compareValues(a, b);
        if (c != 0) {
          return k.descending() ? -c : c;
        }
      }
      return 0;
    };
  }

  /** A value of {@code type}, NULL with probability {@code nulls}; {@code small} keeps few distinct values. */
  static Object random(ArrowType type, Random rnd, double nulls, boolean small) {
    if (rnd.nextDouble() < nulls) {
      return null;
    }
    if (type.equals(BIGINT)) {
      if (rnd.nextInt(20) == 0) {
        long[] edge = {Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1, 0, -1, 1};
        return edge[rnd.nextInt(edge.length)];
      }
      return small ? (long) rnd.nextInt(20) - 10 : rnd.nextLong();
    } else if (type.equals(INT)) {
      return small ? rnd.nextInt(20) - 10 : rnd.nextInt();
    } else if (type.equals(DOUBLE)) {
      return small ? (double) (rnd.nextInt(40) - 20) / 4 : rnd.nextGaussian() * 1e6;
    } else if (type.equals(TEXT)) {
      String s = TEXTS[rnd.nextInt(TEXTS.length)];
      return small || rnd.nextBoolean() ? s : s + TEXTS[rnd.nextInt(TEXTS.length)];
    } else if (type.equals(BINARY)) {
      byte[] b = new byte[rnd.nextInt(small ? 3 : 12)];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) (small ? rnd.nextInt(3) * 127 : rnd.nextInt(256)); // 0x00, 0x7f, 0xfe: sign matters
      }
      return ByteBuffer.wrap(b);
    } else if (type.equals(BOOL)) {
      return rnd.nextBoolean();
    } else if (type.equals(TIMESTAMP)) {
      return small ? 1_700_000_000_000_000_000L + rnd.nextInt(5) * 1_000_000_000L
          : 1_700_000_000_000_000_000L + rnd.nextLong() % 1_000_000_000_000_000L;
    } else if (type.equals(DECIMAL)) {
      return BigDecimal.valueOf(small ? rnd.nextInt(20) - 10 : rnd.nextInt(2_000_000) - 1_000_000, 2);
    }
    throw new IllegalArgumentException(type.toString());
  }

  /** {@code n} random rows of {@code schema}. */
  static List<Object[]> randomRows(Schema schema, int n, Random rnd, double nulls, boolean small) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Object[] r = new Object[schema.getFields().size()];
      for (int c = 0; c < r.length; c++) {
        r[c] = random(schema.getFields().get(c).getType(), rnd, nulls, small);
      }
      rows.add(r);
    }
    return rows;
  }
}
