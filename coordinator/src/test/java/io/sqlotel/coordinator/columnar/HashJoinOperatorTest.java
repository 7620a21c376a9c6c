package io.sqlotel.coordinator.columnar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.coordinator.columnar.HashJoinOperator.JoinType;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.rel.core.JoinRelType;
import org.junit.jupiter.api.Test;

class HashJoinOperatorTest {
  private static final ArrowType DECIMAL0 = new ArrowType.Decimal(10, 0, 128);
  private static final long T0 = 1_700_000_000_123_456_789L;

  private static final Schema LEFT = Rows.schema(Rows.field("lk", Rows.BIGINT), Rows.field("ls", Rows.TEXT),
      Rows.field("lt", Rows.TIMESTAMP), Rows.field("li", Rows.INT), Rows.field("ld", Rows.DOUBLE),
      Rows.field("lm", Rows.DECIMAL), Rows.field("lb", Rows.BOOL), Rows.field("lx", Rows.BINARY),
      Rows.field("lid", Rows.INT));
  private static final Schema RIGHT = Rows.schema(Rows.field("rk", Rows.BIGINT), Rows.field("rs", Rows.TEXT),
      Rows.field("rt", Rows.TIMESTAMP), Rows.field("ri", Rows.INT), Rows.field("rd", Rows.DOUBLE),
      Rows.field("rm", Rows.DECIMAL), Rows.field("rb", Rows.BOOL), Rows.field("rx", Rows.BINARY),
      Rows.field("rm0", DECIMAL0), Rows.field("rid", Rows.TEXT));

  /** Key texts that differ only by bytes (composed vs decomposed, case, NUL, 4-byte UTF-8). */
  private static final String[] TEXTS = {"", "é", "e\u0301", "E", "日本", "日", "😀", "a\u0000b", "a", "A", "ß", "ss"};

  /** Column {@code c}'s value for key "base" {@code b}: every type spells b so that cross-type keys can match. */
  private static Object keyValue(Schema schema, int c, int b, Random rnd) {
    ArrowType t = schema.getFields().get(c).getType();
    if (t.equals(Rows.BIGINT)) {
      return rnd.nextInt(50) == 0 ? (Object) (Long.MAX_VALUE - b) : (Object) (long) b;
    } else if (t.equals(Rows.INT)) {
      return b;
    } else if (t.equals(Rows.DOUBLE)) {
      return b == 0 && rnd.nextBoolean() ? -0.0 : rnd.nextInt(10) == 0 ? b + 0.5 : (double) b;
    } else if (t.equals(Rows.DECIMAL)) {
      return BigDecimal.valueOf(b * 100L + (rnd.nextInt(10) == 0 ? 50 : 0), 2);
    } else if (t.equals(DECIMAL0)) {
      return BigDecimal.valueOf(b);
    } else if (t.equals(Rows.TEXT)) {
      int i = Math.floorMod(b, TEXTS.length);
      int d = Math.floorDiv(b, TEXTS.length);
      return d == 0 ? TEXTS[i] : TEXTS[i] + "·" + d;
    } else if (t.equals(Rows.TIMESTAMP)) {
      return T0 + b; // neighbouring keys differ by one nanosecond
    } else if (t.equals(Rows.BOOL)) {
      return (b & 1) == 1;
    } else if (t.equals(Rows.BINARY)) {
      return ByteBuffer.wrap(new byte[] {(byte) b, (byte) (b >> 8), (byte) 0x80});
    }
    throw new IllegalArgumentException(t.toString());
  }

  /** Random rows: key columns derive mostly from one base per row (so multi-column keys match), ~8% NULLs. */
  private static List<Object[]> rows(Schema schema, int n, int cardinality, Random rnd) {
    List<Object[]> rows = new ArrayList<>();
    int last = schema.getFields().size() - 1;
    for (int i = 0; i < n; i++) {
      Object[] r = new Object[schema.getFields().size()];
      int base = rnd.nextInt(cardinality) - cardinality / 4;
      for (int c = 0; c < last; c++) {
        int b = rnd.nextInt(5) == 0 ? rnd.nextInt(cardinality) - cardinality / 4 : base;
        r[c] = rnd.nextInt(12) == 0 ? null : keyValue(schema, c, b, rnd);
      }
      r[last] = schema.getFields().get(last).getType().equals(Rows.INT) ? (Object) i : "r" + i + "😀";
      rows.add(r);
    }
    return rows;
  }

  /** SQL equality of two non-null values of possibly different numeric types. */
  private static boolean valueEquals(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      if (x instanceof Double || y instanceof Double) {
        return x.doubleValue() == y.doubleValue();
      } else if (x instanceof BigDecimal || y instanceof BigDecimal) {
        return decimal(x).compareTo(decimal(y)) == 0;
      }
      return x.longValue() == y.longValue();
    } else if (a instanceof String x && b instanceof String y) {
      return Arrays.equals(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8));
    }
    return a.equals(b);
  }

  private static BigDecimal decimal(Number n) {
    return n instanceof BigDecimal d ? d : BigDecimal.valueOf(n.longValue());
  }

  /** For each left row, the indexes of the right rows it matches, by nested loops. */
  private static List<List<Integer>> matches(List<Object[]> left, List<Object[]> right, int[] lk, int[] rk) {
    List<List<Integer>> out = new ArrayList<>();
    for (Object[] l : left) {
      List<Integer> m = new ArrayList<>();
      for (int j = 0; j < right.size(); j++) {
        Object[] r = right.get(j);
        boolean eq = true;
        for (int k = 0; k < lk.length && eq; k++) {
          eq = l[lk[k]] != null && r[rk[k]] != null && valueEquals(l[lk[k]], r[rk[k]]);
        }
        if (eq) {
          m.add(j);
        }
      }
      out.add(m);
    }
    return out;
  }

  /** The reference result: probe order, matches in build order, then unmatched build rows. */
  private static List<List<Object>> reference(List<Object[]> left, List<Object[]> right, List<List<Integer>> matches,
      JoinType type) {
    List<List<Object>> out = new ArrayList<>();
    boolean[] rightMatched = new boolean[right.size()];
    Object[] leftNulls = new Object[LEFT.getFields().size()];
    Object[] rightNulls = new Object[RIGHT.getFields().size()];
    for (int i = 0; i < left.size(); i++) {
      Object[] l = left.get(i);
      List<Integer> m = matches.get(i);
      for (int j : m) {
        rightMatched[j] = true;
        if (type != JoinType.SEMI && type != JoinType.ANTI) {
          out.add(concat(l, right.get(j)));
        }
      }
      if ((type == JoinType.SEMI && !m.isEmpty()) || (type == JoinType.ANTI && m.isEmpty())) {
        out.add(Arrays.asList(l));
      } else if (m.isEmpty() && (type == JoinType.LEFT || type == JoinType.FULL)) {
        out.add(concat(l, rightNulls));
      }
    }
    if (type == JoinType.RIGHT || type == JoinType.FULL) {
      for (int j = 0; j < right.size(); j++) {
        if (!rightMatched[j]) {
          out.add(concat(leftNulls, right.get(j)));
        }
      }
    }
    return out;
  }

  private static List<List<Object>> reference(List<Object[]> left, List<Object[]> right, int[] lk, int[] rk,
      JoinType type) {
    return reference(left, right, matches(left, right, lk, rk), type);
  }

  private static List<Object> concat(Object[] a, Object[] b) {
    List<Object> row = new ArrayList<>(Arrays.asList(a));
    row.addAll(Arrays.asList(b));
    return row;
  }

  private static Schema outSchema(JoinType type) {
    List<Field> fields = new ArrayList<>(LEFT.getFields());
    if (type != JoinType.SEMI && type != JoinType.ANTI) {
      fields.addAll(RIGHT.getFields());
    }
    return new Schema(fields);
  }

  private static HashJoinOperator join(List<Object[]> left, List<Object[]> right, int[] lk, int[] rk,
      JoinType type, int batchRows, Random rnd, BufferAllocator a) {
    BatchOperator l = Rows.operator(LEFT, left, 1 + rnd.nextInt(700), rnd, a);
    BatchOperator r = Rows.operator(RIGHT, right, 1 + rnd.nextInt(700), rnd, a);
    return new HashJoinOperator(l, r, lk, rk, type, a, batchRows, outSchema(type));
  }

  /** Runs every join type on the inputs and compares with the reference; checks that nothing leaks. */
  private static void checkAllTypes(List<Object[]> left, List<Object[]> right, int[] lk, int[] rk, Random rnd,
      String what) {
    List<List<Integer>> matches = matches(left, right, lk, rk);
    for (JoinType type : JoinType.values()) {
      int batchRows = new int[] {1, 3, 64, 1000, 4096, 10_000}[rnd.nextInt(6)];
      try (RootAllocator a = new RootAllocator()) {
        List<List<Object>> actual = Rows.drain(join(left, right, lk, rk, type, batchRows, rnd, a), batchRows);
        List<List<Object>> expected = reference(left, right, matches, type);
        assertEquals(expected.size(), actual.size(), what + " " + type + " row count");
        assertEquals(expected, actual, what + " " + type);
        assertEquals(0, a.getAllocatedMemory(), what + " " + type);
      }
    }
  }

  @Test
  void randomizedAgainstNestedLoops() {
    Random rnd = new Random(2025);
    int[][][] keyPairs = {
        {{0}, {0}}, // BIGINT
        {{1}, {1}}, // VARCHAR with unicode
        {{2}, {2}}, // TIMESTAMP, keys 1 ns apart
        {{0, 1}, {0, 1}}, {{1, 2, 6}, {1, 2, 6}}, {{2, 0}, {2, 3}},
        {{3}, {0}}, {{0}, {3}}, // INTEGER with BIGINT
        {{4}, {0}}, {{3}, {4}}, {{4}, {5}}, // with DOUBLE
        {{5}, {0}}, {{5}, {5}}, {{5}, {8}}, {{3}, {8}}, // DECIMAL: same, with integers, with another scale
        {{7}, {7}}, // VARBINARY
        {{7, 6}, {7, 6}}, {{1, 3}, {1, 0}}};
    for (int round = 0; round < keyPairs.length + 6; round++) {
      int[] lk = keyPairs[round % keyPairs.length][0];
      int[] rk = keyPairs[round % keyPairs.length][1];
      int cardinality = 60 + rnd.nextInt(400);
      int nl = round % 9 == 8 ? rnd.nextInt(3) : 400 + rnd.nextInt(1800);
      int nr = round % 7 == 6 ? rnd.nextInt(3) : 400 + rnd.nextInt(1800);
      List<Object[]> left = rows(LEFT, nl, cardinality, rnd);
      List<Object[]> right = rows(RIGHT, nr, cardinality, rnd);
      checkAllTypes(left, right, lk, rk, rnd, "round " + round + " keys " + Arrays.toString(lk) + "="
          + Arrays.toString(rk));
    }
  }

  @Test
  void emptySidesBooleanKeysAndCrossJoins() {
    Random rnd = new Random(11);
    List<Object[]> some = rows(LEFT, 300, 50, rnd);
    List<Object[]> someRight = rows(RIGHT, 250, 50, rnd);
    int[] k = {0};
    checkAllTypes(List.of(), someRight, k, k, rnd, "empty left");
    checkAllTypes(some, List.of(), k, k, rnd, "empty right");
    checkAllTypes(List.of(), List.of(), k, k, rnd, "both empty");
    checkAllTypes(some.subList(0, 120), someRight.subList(0, 90), new int[] {6}, new int[] {6}, rnd, "BOOLEAN");
    checkAllTypes(some.subList(0, 70), someRight.subList(0, 60), new int[0], new int[0], rnd, "cross join");
    checkAllTypes(List.of(), someRight, new int[0], new int[0], rnd, "cross join, empty left");
  }

  @Test
  void nullKeysNeverMatchButAntiReturnsThem() {
    List<Object[]> left = new ArrayList<>();
    List<Object[]> right = new ArrayList<>();
    left.add(new Object[] {null, "x", null, null, null, null, null, null, 0});
    left.add(new Object[] {1L, null, null, null, null, null, null, null, 1});
    left.add(new Object[] {2L, "x", null, null, null, null, null, null, 2});
    right.add(new Object[] {null, "x", null, null, null, null, null, null, null, "a"});
    right.add(new Object[] {1L, null, null, null, null, null, null, null, null, "b"});
    right.add(new Object[] {2L, "x", null, null, null, null, null, null, null, "c"});
    Random rnd = new Random(5);
    try (RootAllocator a = new RootAllocator()) {
      int[] k = {0, 1};
      List<List<Object>> anti = Rows.drain(join(left, right, k, k, JoinType.ANTI, 10, rnd, a), 10);
      assertEquals(List.of(Arrays.asList(left.get(0)), Arrays.asList(left.get(1))), anti);
      List<List<Object>> semi = Rows.drain(join(left, right, k, k, JoinType.SEMI, 10, rnd, a), 10);
      assertEquals(List.of(Arrays.asList(left.get(2))), semi);
      List<List<Object>> full = Rows.drain(join(left, right, k, k, JoinType.FULL, 2, rnd, a), 2);
      assertEquals(5, full.size(), "one match, two padded rows per side");
      assertEquals(0, a.getAllocatedMemory());
    }
  }

  @Test
  void timestampsKeepTheirNanoseconds() {
    List<Object[]> left = new ArrayList<>();
    List<Object[]> right = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      left.add(new Object[] {null, null, T0 + i, null, null, null, null, null, i});
      right.add(new Object[] {null, null, T0 + 2 * i, null, null, null, null, null, null, "r" + i});
    }
    try (RootAllocator a = new RootAllocator()) {
      List<List<Object>> out = Rows.drain(join(left, right, new int[] {2}, new int[] {2}, JoinType.INNER, 10,
          new Random(1), a), 10);
      assertEquals(List.of(T0, T0 + 2), List.of(out.get(0).get(2), out.get(1).get(2)));
      assertEquals(List.of(T0, T0 + 2), List.of(out.get(0).get(11), out.get(1).get(11)));
      assertEquals(List.of("r0", "r1"), List.of(out.get(0).get(18), out.get(1).get(18)));
      assertEquals(2, out.size());
      assertEquals(0, a.getAllocatedMemory());
    }
  }

  @Test
  void batchesAreFullUpToTheLast() {
    Random rnd = new Random(8);
    List<Object[]> left = rows(LEFT, 250, 30, rnd);
    List<Object[]> right = rows(RIGHT, 200, 30, rnd);
    int[] k = {0};
    for (JoinType type : JoinType.values()) {
      int total = reference(left, right, k, k, type).size();
      for (int batchRows : new int[] {1, 2, 7, total - 1, total, total + 1, 4095, 4096, 4097}) {
        if (batchRows < 1) {
          continue;
        }
        try (RootAllocator a = new RootAllocator()) {
          List<Integer> sizes = new ArrayList<>();
          try (HashJoinOperator op = join(left, right, k, k, type, batchRows, rnd, a)) {
            VectorSchemaRoot b;
            while ((b = op.next()) != null) {
              sizes.add(b.getRowCount());
              b.close();
            }
            assertNull(op.next());
          }
          int sum = sizes.stream().mapToInt(Integer::intValue).sum();
          assertEquals(total, sum, type + " batchRows " + batchRows);
          for (int i = 0; i < sizes.size(); i++) {
            int s = sizes.get(i);
            assertTrue(i == sizes.size() - 1 ? s >= 1 && s <= batchRows : s == batchRows,
                type + " batchRows " + batchRows + " sizes " + sizes);
          }
          assertEquals(0, a.getAllocatedMemory());
        }
      }
    }
  }

  @Test
  void manyDistinctKeysAndLongChains() {
    Random rnd = new Random(4);
    List<Object[]> right = rows(RIGHT, 30_000, 20_000, rnd);
    List<Object[]> left = rows(LEFT, 1_000, 20_000, rnd);
    for (int i = 0; i < 3000; i++) { // one hot key: a long chain on the build side
      right.get(rnd.nextInt(right.size()))[0] = 7L;
    }
    for (int i = 0; i < 20; i++) {
      left.get(rnd.nextInt(left.size()))[0] = 7L;
    }
    int[] k = {0};
    List<List<Integer>> matches = matches(left, right, k, k);
    try (RootAllocator a = new RootAllocator()) {
      for (JoinType type : new JoinType[] {JoinType.INNER, JoinType.FULL, JoinType.ANTI}) {
        assertEquals(reference(left, right, matches, type),
            Rows.drain(join(left, right, k, k, type, 4096, rnd, a), 4096), type.toString());
      }
      assertEquals(0, a.getAllocatedMemory());
    }
  }

  @Test
  void closingEarlyFreesEverything() {
    Random rnd = new Random(9);
    List<Object[]> left = rows(LEFT, 2000, 20, rnd);
    List<Object[]> right = rows(RIGHT, 2000, 20, rnd);
    int[] k = {0};
    for (JoinType type : JoinType.values()) {
      try (RootAllocator a = new RootAllocator()) {
        HashJoinOperator op = join(left, right, k, k, type, 100, rnd, a);
        VectorSchemaRoot b = op.next();
        b.close();
        op.close();
        op.close();
        assertNull(op.next());
        assertEquals(0, a.getAllocatedMemory());
        join(left, right, k, k, type, 100, rnd, a).close(); // never started
        assertEquals(0, a.getAllocatedMemory());
      }
    }
  }

  /** An input that returns its batches, then fails. */
  private static BatchOperator failingAfter(BatchOperator in, int batches) {
    return new BatchOperator() {
      private int n;

      @Override
      public Schema schema() {
        return in.schema();
      }

      @Override
      public VectorSchemaRoot next() {
        if (n++ == batches) {
          throw new IllegalStateException("shard failed");
        }
        return in.next();
      }

      @Override
      public void close() {
        in.close();
      }
    };
  }

  @Test
  void inputFailuresReleaseEverything() {
    Random rnd = new Random(10);
    List<Object[]> left = rows(LEFT, 3000, 20, rnd);
    List<Object[]> right = rows(RIGHT, 3000, 20, rnd);
    int[] k = {0};
    for (boolean failLeft : new boolean[] {true, false}) {
      for (JoinType type : JoinType.values()) {
        try (RootAllocator a = new RootAllocator()) {
          BatchOperator l = Rows.operator(LEFT, left, 200, rnd, a);
          BatchOperator r = Rows.operator(RIGHT, right, 200, rnd, a);
          l = failLeft ? failingAfter(l, 3) : l;
          r = failLeft ? r : failingAfter(r, 3);
          HashJoinOperator op = new HashJoinOperator(l, r, k, k, type, a, 50, outSchema(type));
          RuntimeException e = assertThrows(RuntimeException.class, () -> {
            VectorSchemaRoot b;
            while ((b = op.next()) != null) {
              b.close();
            }
          });
          assertEquals("shard failed", e.getMessage());
          assertNull(op.next());
          op.close();
          assertEquals(0, a.getAllocatedMemory(), type + " failLeft " + failLeft);
        }
      }
    }
  }

  @Test
  void badArgumentsCloseTheInputs() {
    Random rnd = new Random(12);
    List<Object[]> left = rows(LEFT, 10, 5, rnd);
    List<Object[]> right = rows(RIGHT, 10, 5, rnd);
    try (RootAllocator a = new RootAllocator()) {
      Object[][] cases = {
          {new int[] {1}, new int[] {0}, JoinType.INNER, outSchema(JoinType.INNER)}, // VARCHAR = BIGINT
          {new int[] {1}, new int[] {7}, JoinType.INNER, outSchema(JoinType.INNER)}, // VARCHAR = VARBINARY
          {new int[] {2}, new int[] {0}, JoinType.INNER, outSchema(JoinType.INNER)}, // TIMESTAMP = BIGINT
          {new int[] {0}, new int[] {0, 1}, JoinType.INNER, outSchema(JoinType.INNER)},
          {new int[] {9}, new int[] {0}, JoinType.INNER, outSchema(JoinType.INNER)},
          {new int[] {0}, new int[] {0}, JoinType.SEMI, outSchema(JoinType.INNER)},
          {new int[] {0}, new int[] {0}, JoinType.INNER, LEFT},
          {new int[] {0}, new int[] {0}, JoinType.LEFT, withRightNotNull()}};
      for (Object[] c : cases) {
        BatchOperator l = Rows.operator(LEFT, left, 3, rnd, a);
        BatchOperator r = Rows.operator(RIGHT, right, 3, rnd, a);
        assertThrows(IllegalArgumentException.class, () -> new HashJoinOperator(l, r, (int[]) c[0], (int[]) c[1],
            (JoinType) c[2], a, 10, (Schema) c[3]));
        assertEquals(0, a.getAllocatedMemory());
      }
      // INNER pads nothing, so a non-null right side is accepted (only that check is under test here)
      assertEquals(reference(left, right, new int[] {0}, new int[] {0}, JoinType.INNER),
          Rows.drain(new HashJoinOperator(Rows.operator(LEFT, left, 3, rnd, a), Rows.operator(RIGHT, right, 3, rnd,
              a), new int[] {0}, new int[] {0}, JoinType.INNER, a, 10, withRightNotNull()), 10));
      assertEquals(0, a.getAllocatedMemory());
    }
  }

  private static Schema withRightNotNull() {
    List<Field> fields = new ArrayList<>(LEFT.getFields());
    for (Field f : RIGHT.getFields()) {
      fields.add(new Field(f.getName(), FieldType.notNullable(f.getType()), null));
    }
    return new Schema(fields);
  }

  @Test
  void calciteJoinTypes() {
    assertSame(JoinType.INNER, JoinType.of(JoinRelType.INNER));
    assertSame(JoinType.FULL, JoinType.of(JoinRelType.FULL));
    assertSame(JoinType.ANTI, JoinType.of(JoinRelType.ANTI));
    assertThrows(IllegalArgumentException.class, () -> JoinType.of(JoinRelType.ASOF));
  }

  @Test
  void theBuildTableCountsAgainstTheMemoryLimit() {
    Schema l = Rows.schema(Rows.field("lk", Rows.BIGINT));
    Schema r = Rows.schema(Rows.field("rk", Rows.BIGINT), Rows.field("rv", Rows.BIGINT));
    Schema out = Rows.schema(Rows.field("lk", Rows.BIGINT), Rows.field("rk", Rows.BIGINT),
        Rows.field("rv", Rows.BIGINT));
    List<Object[]> right = new ArrayList<>();
    for (long i = 0; i < 200_000; i++) { // row refs, hashes, chains and slots: over 5 MB of heap
      right.add(new Object[] {i % 50_000, i});
    }
    List<Object[]> left = new ArrayList<>();
    List<List<Object>> expected = new ArrayList<>();
    for (long i = 0; i < 1000; i++) {
      long k = i * 97 % 100_000;
      left.add(new Object[] {k});
      for (long v = k; k < 50_000 && v < 200_000; v += 50_000) {
        expected.add(List.of(k, k, v));
      }
    }
    Random rnd = new Random(6);
    try (RootAllocator root = new RootAllocator()) {
      for (long limit : new long[] {1 << 20, 64 << 20}) {
        // the inputs' batches come from the root: the query allocator holds the output batches and the table
        try (BufferAllocator query = root.newChildAllocator("query", 0, limit)) {
          HashJoinOperator join = new HashJoinOperator(Rows.operator(l, left, 500, rnd, root),
              Rows.operator(r, right, 4096, rnd, root), new int[] {0}, new int[] {0}, JoinType.INNER, query, 64, out);
          if (limit == 1 << 20) {
            OutOfMemoryException e = assertThrows(OutOfMemoryException.class, join::next);
            assertTrue(e.getMessage().contains("heap for the hash join's build table"), e.getMessage());
          } else {
            assertEquals(expected, Rows.drain(join, 64));
            assertTrue(query.getPeakMemoryAllocation() >= 4_000_000, "peak " + query.getPeakMemoryAllocation());
          }
          assertEquals(0, query.getAllocatedMemory(), "the table's charge was released");
        }
      }
      assertEquals(0, root.getAllocatedMemory());
    }
  }
}
