package io.sqlotel.coordinator.columnar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.coordinator.columnar.AggCall.Kind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class HashAggregateOperatorTest {
  private static final Schema SCHEMA = Rows.schema(Rows.field("k1", Rows.BIGINT), Rows.field("k2", Rows.TEXT),
      Rows.field("v", Rows.BIGINT), Rows.field("d", Rows.DOUBLE), Rows.field("s", Rows.TEXT),
      Rows.field("t", Rows.TIMESTAMP), Rows.field("b", Rows.BOOL), Rows.field("m", Rows.DECIMAL),
      Rows.field("n", Rows.INT), Rows.field("x", Rows.BINARY));
  private static final ArrowType SUM_DECIMAL = new ArrowType.Decimal(20, 2, 128);

  /** One call with its output type. */
  private record Spec(AggCall call, ArrowType out) {
    static Spec of(Kind kind, int arg, ArrowType out) {
      return new Spec(new AggCall(kind, arg, true), out);
    }
  }

  private static final List<Spec> SPECS = List.of(
      Spec.of(Kind.COUNT, -1, Rows.BIGINT), Spec.of(Kind.COUNT, 2, Rows.BIGINT), Spec.of(Kind.COUNT, 4, Rows.BIGINT),
      Spec.of(Kind.SUM, 2, Rows.BIGINT), Spec.of(Kind.SUM0, 2, Rows.BIGINT), Spec.of(Kind.MIN, 2, Rows.BIGINT),
      Spec.of(Kind.MAX, 2, Rows.BIGINT), Spec.of(Kind.SUM, 2, Rows.DOUBLE),
      Spec.of(Kind.SUM, 3, Rows.DOUBLE), Spec.of(Kind.SUM0, 3, Rows.DOUBLE), Spec.of(Kind.MIN, 3, Rows.DOUBLE),
      Spec.of(Kind.MAX, 3, Rows.DOUBLE), Spec.of(Kind.MIN, 4, Rows.TEXT), Spec.of(Kind.MAX, 4, Rows.TEXT),
      Spec.of(Kind.MIN, 5, Rows.TIMESTAMP), Spec.of(Kind.MAX, 5, Rows.TIMESTAMP), Spec.of(Kind.MIN, 6, Rows.BOOL),
      Spec.of(Kind.MAX, 6, Rows.BOOL), Spec.of(Kind.SUM, 7, SUM_DECIMAL), Spec.of(Kind.SUM0, 7, SUM_DECIMAL),
      Spec.of(Kind.SUM, 7, Rows.DOUBLE), Spec.of(Kind.MIN, 7, Rows.DECIMAL), Spec.of(Kind.MAX, 7, Rows.DECIMAL),
      Spec.of(Kind.SUM, 8, Rows.BIGINT), Spec.of(Kind.SUM, 8, Rows.INT), Spec.of(Kind.SUM0, 8, Rows.INT),
      Spec.of(Kind.MIN, 8, Rows.INT), Spec.of(Kind.MAX, 8, Rows.INT), Spec.of(Kind.MIN, 9, Rows.BINARY),
      Spec.of(Kind.MAX, 9, Rows.BINARY));

  private static Schema outSchema(int[] keys, List<Spec> specs) {
    List<Field> fields = new ArrayList<>();
    for (int k : keys) {
      fields.add(SCHEMA.getFields().get(k));
    }
    for (int i = 0; i < specs.size(); i++) {
      fields.add(Rows.field("a" + i, specs.get(i).out()));
    }
    return new Schema(fields);
  }

  private static List<Object[]> randomRows(Random rnd, int n, int keyCardinality) {
    List<Object[]> rows = Rows.randomRows(SCHEMA, n, rnd, 0.1, true);
    for (Object[] r : rows) {
      r[0] = rnd.nextInt(8) == 0 ? null : (Object) new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 7, 8, 9, 10}
          [rnd.nextInt(Math.min(8, keyCardinality))];
      r[2] = rnd.nextInt(8) == 0 ? null : (Object) (rnd.nextLong() % 1_000_000_000_000L);
      r[3] = rnd.nextInt(8) == 0 ? null : (Object) (rnd.nextGaussian() * 1e3);
      r[4] = rnd.nextInt(8) == 0 ? null : Rows.random(Rows.TEXT, rnd, 0, false);
      r[8] = rnd.nextInt(8) == 0 ? null : (Object) (rnd.nextInt(2_000_000) - 1_000_000);
      r[9] = rnd.nextInt(8) == 0 ? null : Rows.random(Rows.BINARY, rnd, 0, false);
    }
    return rows;
  }

  /** The row-at-a-time reference: groups in order of first appearance, each call over its non-null values. */
  private static List<List<Object>> expected(List<Object[]> rows, int[] keys, List<Spec> specs) {
    Map<List<Object>, List<List<Object>>> groups = new LinkedHashMap<>();
    Map<List<Object>, long[]> rowCounts = new LinkedHashMap<>();
    if (keys.length == 0) {
      groups.put(List.of(), newValueLists(specs.size()));
      rowCounts.put(List.of(), new long[1]);
    }
    for (Object[] r : rows) {
      List<Object> key = new ArrayList<>();
      for (int k : keys) {
        key.add(r[k]);
      }
      List<List<Object>> values = groups.computeIfAbsent(key, x -> newValueLists(specs.size()));
      rowCounts.computeIfAbsent(key, x -> new long[1])[0]++;
      for (int c = 0; c < specs.size(); c++) {
        int arg = specs.get(c).call().arg();
        if (arg >= 0 && r[arg] != null) {
          values.get(c).add(r[arg]);
        }
      }
    }
    List<List<Object>> out = new ArrayList<>();
    for (Map.Entry<List<Object>, List<List<Object>>> g : groups.entrySet()) {
      List<Object> row = new ArrayList<>(g.getKey());
      for (int c = 0; c < specs.size(); c++) {
        row.add(result(specs.get(c), g.getValue().get(c), rowCounts.get(g.getKey())[0]));
      }
      out.add(row);
    }
    return out;
  }

  private static List<List<Object>> newValueLists(int n) {
    List<List<Object>> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(new ArrayList<>());
    }
    return l;
  }

  private static Object result(Spec spec, List<Object> values, long rowCount) {
    ArrowType out = spec.out();
    switch (spec.call().kind()) {
      case COUNT:
        return spec.call().arg() < 0 ? rowCount : (long) values.size();
      case SUM:
      case SUM0:
        if (values.isEmpty()) {
          return spec.call().kind() == Kind.SUM ? null
              : out.equals(Rows.DOUBLE) ? 0.0 : out.equals(Rows.INT) ? 0
              : out.equals(SUM_DECIMAL) ? BigDecimal.ZERO.setScale(2) : (Object) 0L;
        }
        if (out.equals(Rows.DOUBLE)) {
          double s = 0;
          for (Object v : values) {
            s += ((Number) v).doubleValue();
          }
          return s;
        } else if (out.equals(SUM_DECIMAL)) {
          BigDecimal s = BigDecimal.ZERO;
          for (Object v : values) {
            s = s.add((BigDecimal) v);
          }
          return s.setScale(2, RoundingMode.UNNECESSARY);
        }
        long s = 0;
        for (Object v : values) {
          s = Math.addExact(s, ((Number) v).longValue());
        }
        return out.equals(Rows.INT) ? (Object) Math.toIntExact(s) : (Object) s;
      case MIN:
      case MAX:
        Object best = null;
        for (Object v : values) {
          if (best == null) {
            best = v;
          } else {
            int c = Rows.compareValues(v, best);
            if (spec.call().kind() == Kind.MIN ? c < 0 : c > 0) {
              best = v;
            }
          }
        }
        return best;
      default:
        throw new AssertionError();
    }
  }

  private static List<List<Object>> run(List<Object[]> rows, int[] keys, List<Spec> specs, int batchRows,
      Random rnd, RootAllocator a) {
    List<AggCall> calls = new ArrayList<>();
    specs.forEach(s -> calls.add(s.call()));
    BatchOperator in = Rows.operator(SCHEMA, rows, 1 + rnd.nextInt(500), rnd, a);
    return Rows.drain(new HashAggregateOperator(in, keys, calls, a, batchRows, outSchema(keys, specs)), batchRows);
  }

  @Test
  void randomizedAgainstReference() {
    Random rnd = new Random(2024);
    int[][] keySets = {{}, {0}, {1}, {0, 1}, {1, 0}, {6}, {5}, {7}, {3}, {9}, {8}, {0, 1, 6, 5}, {4}};
    for (int round = 0; round < 39; round++) {
      int[] keys = keySets[round % keySets.length];
      int n = round % 13 == 12 ? rnd.nextInt(2) : 2000 + rnd.nextInt(3000);
      List<Object[]> rows = randomRows(rnd, n, 1 + rnd.nextInt(8));
      int batchRows = new int[] {1, 5, 1000, 4096}[rnd.nextInt(4)];
      try (RootAllocator a = new RootAllocator()) {
        List<List<Object>> actual = run(rows, keys, SPECS, batchRows, rnd, a);
        assertEquals(expected(rows, keys, SPECS), actual, "round " + round + " keys " + Arrays.toString(keys));
        assertEquals(0, a.getAllocatedMemory());
      }
    }
  }

  @Test
  void manyGroupsGrowTheTable() {
    Random rnd = new Random(3);
    List<Object[]> rows = randomRows(rnd, 30_000, 8);
    for (Object[] r : rows) {
      r[0] = rnd.nextInt(10) == 0 ? null : (Object) (long) rnd.nextInt(20_000);
      r[1] = rnd.nextInt(10) == 0 ? null : "k" + rnd.nextInt(3);
    }
    List<Spec> specs = List.of(Spec.of(Kind.COUNT, -1, Rows.BIGINT), Spec.of(Kind.SUM, 2, Rows.BIGINT),
        Spec.of(Kind.MAX, 4, Rows.TEXT));
    try (RootAllocator a = new RootAllocator()) {
      assertEquals(expected(rows, new int[] {0, 1}, specs), run(rows, new int[] {0, 1}, specs, 4096, rnd, a));
      assertEquals(0, a.getAllocatedMemory());
    }
  }

  @Test
  void globalAggregateOfNoRowsHasOneRow() {
    List<Spec> specs = List.of(Spec.of(Kind.SUM0, 2, Rows.BIGINT), Spec.of(Kind.COUNT, -1, Rows.BIGINT),
        Spec.of(Kind.COUNT, 2, Rows.BIGINT), Spec.of(Kind.SUM, 2, Rows.BIGINT), Spec.of(Kind.MIN, 4, Rows.TEXT),
        Spec.of(Kind.SUM0, 3, Rows.DOUBLE), Spec.of(Kind.SUM0, 7, SUM_DECIMAL), Spec.of(Kind.MAX, 3, Rows.DOUBLE));
    try (RootAllocator a = new RootAllocator()) {
      List<List<Object>> out = run(List.of(), new int[0], specs, 10, new Random(1), a);
      assertEquals(List.of(Arrays.asList(0L, 0L, 0L, null, null, 0.0, new BigDecimal("0.00"), null)), out);
      assertEquals(List.of(), run(List.of(), new int[] {0}, specs, 10, new Random(1), a), "no groups without rows");
      assertEquals(0, a.getAllocatedMemory());
    }
  }

  @Test
  void allNullGroupsAndNullKeys() {
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {1L, null, null, null, null, null, null, null, null, null});
    rows.add(new Object[] {1L, null, null, null, null, null, null, null, null, null});
    rows.add(new Object[] {null, null, 5L, null, "x", null, null, null, null, null});
    rows.add(new Object[] {null, null, 6L, null, "y", null, null, null, null, null});
    List<Spec> specs = List.of(Spec.of(Kind.SUM, 2, Rows.BIGINT), Spec.of(Kind.SUM0, 2, Rows.BIGINT),
        Spec.of(Kind.COUNT, 2, Rows.BIGINT), Spec.of(Kind.COUNT, -1, Rows.BIGINT), Spec.of(Kind.MIN, 4, Rows.TEXT),
        Spec.of(Kind.MAX, 2, Rows.BIGINT));
    try (RootAllocator a = new RootAllocator()) {
      assertEquals(List.of(Arrays.asList(1L, null, 0L, 0L, 2L, null, null),
              Arrays.asList(null, 11L, 11L, 2L, 2L, "x", 6L)),
          run(rows, new int[] {0}, specs, 10, new Random(1), a));
      assertEquals(0, a.getAllocatedMemory());
    }
  }

  @Test
  void textKeysAreCaseAndAccentSensitiveAndMinMaxUseBytes() {
    List<Object[]> rows = new ArrayList<>();
    String[] texts = {"a", "A", "é", "e", "E", "😀", "日本", "a", "z", "Z", ""};
    for (String t : texts) {
      rows.add(new Object[] {null, t, null, null, t, null, null, null, null, null});
    }
    rows.add(new Object[] {null, null, null, null, null, null, null, null, null, null});
    List<Spec> specs = List.of(Spec.of(Kind.COUNT, -1, Rows.BIGINT), Spec.of(Kind.MIN, 4, Rows.TEXT),
        Spec.of(Kind.MAX, 4, Rows.TEXT));
    try (RootAllocator a = new RootAllocator()) {
      List<List<Object>> out = run(rows, new int[] {1}, specs, 3, new Random(1), a);
      assertEquals(11, out.size(), "10 distinct strings and NULL");
      assertEquals(List.of(List.of(12L, "", "😀")), run(rows, new int[0], specs, 3, new Random(1), a));
      assertEquals(0, a.getAllocatedMemory());
    }
  }

  @Test
  void negativeZeroGroupsWithZero() {
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {null, null, 1L, 0.0, null, null, null, null, null, null});
    rows.add(new Object[] {null, null, 2L, -0.0, null, null, null, null, null, null});
    try (RootAllocator a = new RootAllocator()) {
      List<List<Object>> out = run(rows, new int[] {3}, List.of(Spec.of(Kind.SUM, 2, Rows.BIGINT)), 3,
          new Random(1), a);
      assertEquals(1, out.size());
      assertEquals(3L, out.get(0).get(1));
    }
  }

  @Test
  void integerOverflowThrowsAndReleasesMemory() {
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {1L, null, Long.MAX_VALUE, null, null, null, null, null, null, null});
    rows.add(new Object[] {1L, null, 1L, null, null, null, null, null, null, null});
    try (RootAllocator a = new RootAllocator()) {
      assertThrows(ArithmeticException.class,
          () -> run(rows, new int[] {0}, List.of(Spec.of(Kind.SUM, 2, Rows.BIGINT)), 3, new Random(1), a));
      assertEquals(0, a.getAllocatedMemory());
      List<Object[]> ints = new ArrayList<>();
      ints.add(new Object[] {1L, null, null, null, null, null, null, null, Integer.MAX_VALUE, null});
      ints.add(new Object[] {1L, null, null, null, null, null, null, null, 1, null});
      assertThrows(ArithmeticException.class,
          () -> run(ints, new int[] {0}, List.of(Spec.of(Kind.SUM, 8, Rows.INT)), 3, new Random(1), a));
      assertEquals(List.of(List.of(1L, (long) Integer.MAX_VALUE + 1)),
          run(ints, new int[] {0}, List.of(Spec.of(Kind.SUM, 8, Rows.BIGINT)), 3, new Random(1), a));
      assertEquals(0, a.getAllocatedMemory());
    }
  }

  @Test
  void rejectsUnsupportedShapesAndClosesTheInput() {
    try (RootAllocator a = new RootAllocator()) {
      Random rnd = new Random(1);
      List<Object[]> rows = randomRows(rnd, 10, 3);
      assertThrows(IllegalArgumentException.class, () -> new HashAggregateOperator(
          Rows.operator(SCHEMA, rows, 3, rnd, a), new int[0], List.of(new AggCall(Kind.SUM, 4, true)), a, 10,
          outSchema(new int[0], List.of(Spec.of(Kind.SUM, 4, Rows.TEXT)))));
      assertThrows(IllegalArgumentException.class, () -> new HashAggregateOperator(
          Rows.operator(SCHEMA, rows, 3, rnd, a), new int[] {0}, List.of(), a, 10,
          Rows.schema(Rows.field("k", Rows.TEXT))));
      assertThrows(IllegalArgumentException.class, () -> new HashAggregateOperator(
          Rows.operator(SCHEMA, rows, 3, rnd, a), new int[0], List.of(new AggCall(Kind.MIN, 3, true)), a, 10,
          Rows.schema(Rows.field("m", Rows.BIGINT))));
      assertThrows(IllegalArgumentException.class, () -> new AggCall(Kind.SUM, -1, true));
      assertEquals(0, a.getAllocatedMemory());
    }
  }

  @Test
  void closingBeforeTheEndReleasesState() {
    Random rnd = new Random(8);
    List<Object[]> rows = randomRows(rnd, 3000, 8);
    try (RootAllocator a = new RootAllocator()) {
      HashAggregateOperator agg = new HashAggregateOperator(Rows.operator(SCHEMA, rows, 100, rnd, a),
          new int[] {1, 0}, List.of(new AggCall(Kind.COUNT, -1, false)), a, 2,
          outSchema(new int[] {1, 0}, List.of(Spec.of(Kind.COUNT, -1, Rows.BIGINT))));
      agg.next().close();
      agg.close();
      assertEquals(0, a.getAllocatedMemory());
      assertEquals(null, agg.next());
    }
  }

  @Test
  void binaryKeysCompareUnsigned() {
    List<Object[]> rows = new ArrayList<>();
    for (byte[] b : new byte[][] {{(byte) 0x80}, {0x7f}, {}, {0x7f, 0}, {(byte) 0xff}}) {
      rows.add(new Object[] {null, null, null, null, null, null, null, null, null, ByteBuffer.wrap(b)});
    }
    try (RootAllocator a = new RootAllocator()) {
      List<Spec> specs = List.of(Spec.of(Kind.MIN, 9, Rows.BINARY), Spec.of(Kind.MAX, 9, Rows.BINARY));
      List<List<Object>> out = run(rows, new int[0], specs, 3, new Random(1), a);
      assertEquals(List.of(List.of(ByteBuffer.wrap(new byte[0]), ByteBuffer.wrap(new byte[] {(byte) 0xff}))), out);
    }
  }

  /**
   * Aggregates {@code rows} (batches allocated from {@code root}) with state from a child allocator limited to
   * {@code limit} bytes: the rows, or the {@link OutOfMemoryException} (checked to name {@code what}). Either way
   * the child allocator is back at 0 afterwards; with room, its peak is at least {@code minPeak}.
   */
  private static Object runLimited(List<Object[]> rows, int[] keys, List<Spec> specs, long limit, String what,
      long minPeak, RootAllocator root) {
    List<AggCall> calls = new ArrayList<>();
    specs.forEach(s -> calls.add(s.call()));
    Random rnd = new Random(5);
    try (BufferAllocator query = root.newChildAllocator("query", 0, limit)) {
      BatchOperator in = Rows.operator(SCHEMA, rows, 1000, rnd, root);
      Object out;
      try {
        out = Rows.drain(new HashAggregateOperator(in, keys, calls, query, 16, outSchema(keys, specs)), 16);
        assertTrue(query.getPeakMemoryAllocation() >= minPeak, "peak " + query.getPeakMemoryAllocation());
      } catch (OutOfMemoryException e) {
        assertTrue(e.getMessage().contains("heap for " + what), e.getMessage());
        out = e;
      }
      assertEquals(0, query.getAllocatedMemory(), "the state's charge was released");
      return out;
    }
  }

  @Test
  void minMaxTextCopiesCountAgainstTheMemoryLimit() {
    int groups = 2000; // MIN and MAX of 1000-byte strings: about 4 MB of copies on the heap
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 3 * groups; i++) {
      long g = i % groups;
      String s = String.valueOf((char) ('a' + i % 26)).repeat(1000) + g;
      rows.add(new Object[] {g, null, null, null, s, null, null, null, null, null});
    }
    List<Spec> specs = List.of(Spec.of(Kind.MIN, 4, Rows.TEXT), Spec.of(Kind.MAX, 4, Rows.TEXT),
        Spec.of(Kind.COUNT, -1, Rows.BIGINT));
    int[] keys = {0};
    try (RootAllocator root = new RootAllocator()) {
      // 1 MiB: the keys and 16-row output batches take far less; the copies do not fit
      Object small = runLimited(rows, keys, specs, 1 << 20, "MIN/MAX values", 0, root);
      assertTrue(small instanceof OutOfMemoryException, "expected the limit to be hit, got rows");
      Object large = runLimited(rows, keys, specs, 64 << 20, "MIN/MAX values", 4_000_000, root);
      assertEquals(expected(rows, keys, specs), large);
      assertEquals(0, root.getAllocatedMemory());
    }
  }

  @Test
  void groupTableAndSumStatesCountAgainstTheMemoryLimit() {
    int groups = 100_000; // the table (12+ bytes per group) and seven states (about 280 bytes): 30 MB of heap
    Random rnd = new Random(11);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 2 * groups; i++) {
      long g = (i * 7919L) % groups;
      rows.add(new Object[] {g, null, (long) rnd.nextInt(1000), rnd.nextDouble(), null, null, null,
          BigDecimal.valueOf(rnd.nextInt(100_000), 2), rnd.nextInt(1000), null});
    }
    List<Spec> specs = List.of(Spec.of(Kind.COUNT, -1, Rows.BIGINT), Spec.of(Kind.SUM, 2, Rows.BIGINT),
        Spec.of(Kind.SUM, 3, Rows.DOUBLE), Spec.of(Kind.SUM, 7, SUM_DECIMAL), Spec.of(Kind.MAX, 8, Rows.INT),
        Spec.of(Kind.MIN, 3, Rows.DOUBLE), Spec.of(Kind.MAX, 7, Rows.DECIMAL));
    int[] keys = {0};
    try (RootAllocator root = new RootAllocator()) {
      // 3 MiB: the key vector (1 MiB, 1.5 MiB while it doubles) and 16-row output batches fit, the state does not
      Object small = runLimited(rows, keys, specs, 3 << 20, "", 0, root);
      assertTrue(small instanceof OutOfMemoryException, "expected the limit to be hit, got rows");
      Object large = runLimited(rows, keys, specs, 64 << 20, "", 8_000_000, root);
      assertEquals(expected(rows, keys, specs), large);
      assertEquals(0, root.getAllocatedMemory());
    }
  }
}
