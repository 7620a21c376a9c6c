package io.sqlotel.coordinator.columnar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class SortOperatorTest {
  private static final Schema SCHEMA = Rows.schema(Rows.field("i", Rows.BIGINT), Rows.field("s", Rows.TEXT),
      Rows.field("d", Rows.DOUBLE), Rows.field("b", Rows.BOOL), Rows.field("t", Rows.TIMESTAMP),
      Rows.field("n", Rows.INT), Rows.field("m", Rows.DECIMAL), Rows.field("x", Rows.BINARY),
      Rows.field("id", Rows.INT));

  /** Random rows; the last column is the row number, which makes a stable sort's order observable. */
  private static List<Object[]> rows(Random rnd, int n, boolean small) {
    List<Object[]> rows = Rows.randomRows(SCHEMA, n, rnd, 0.15, small);
    for (int i = 0; i < n; i++) {
      rows.get(i)[8] = i;
    }
    return rows;
  }

  private static List<SortKey> randomKeys(Random rnd) {
    List<SortKey> keys = new ArrayList<>();
    int n = 1 + rnd.nextInt(3);
    for (int k = 0; k < n; k++) {
      keys.add(new SortKey(rnd.nextInt(8), rnd.nextBoolean(), rnd.nextBoolean()));
    }
    return keys;
  }

  private static List<List<Object>> expected(List<Object[]> rows, List<SortKey> keys, long offset, long fetch) {
    List<Object[]> sorted = new ArrayList<>(rows);
    sorted.sort(Rows.order(keys)); // List.sort is stable
    int from = (int) Math.min(offset, sorted.size());
    int to = fetch < 0 ? sorted.size() : (int) Math.min(sorted.size(), from + Math.min(fetch, sorted.size()));
    return Rows.lists(sorted.subList(from, to));
  }

  private static void check(List<Object[]> rows, List<SortKey> keys, long offset, long fetch, int batchRows,
      Random rnd) {
    try (RootAllocator a = new RootAllocator()) {
      BatchOperator in = Rows.operator(SCHEMA, rows, 1 + rnd.nextInt(300), rnd, a);
      List<List<Object>> actual = Rows.drain(new SortOperator(in, keys, offset, fetch, a, batchRows), batchRows);
      assertEquals(expected(rows, keys, offset, fetch), actual,
          "keys " + keys + " offset " + offset + " fetch " + fetch);
      assertEquals(0, a.getAllocatedMemory());
    }
  }

  @Test
  void randomizedAgainstReference() {
    Random rnd = new Random(42);
    for (int round = 0; round < 40; round++) {
      boolean small = rnd.nextBoolean();
      int n = round % 10 == 0 ? rnd.nextInt(3) : 500 + rnd.nextInt(3000);
      List<Object[]> rows = rows(rnd, n, small);
      List<SortKey> keys = randomKeys(rnd);
      long[][] limits = {{0, -1}, {0, 0}, {0, 1}, {0, n}, {0, n + 1L}, {n, -1}, {Math.max(0, n - 1), -1},
          {n + 5L, 10}, {rnd.nextInt(n + 1), rnd.nextInt(50)}, {rnd.nextInt(n + 1), -1}, {3, 2000},
          {Long.MAX_VALUE / 2, Long.MAX_VALUE}, {0, Long.MAX_VALUE}};
      long[] limit = limits[round % limits.length];
      int batchRows = new int[] {1, 7, 100, 4096}[rnd.nextInt(4)];
      check(rows, keys, limit[0], limit[1], batchRows, rnd);
    }
  }

  @Test
  void topNCompactsAndKeepsStableTies() {
    Random rnd = new Random(7);
    List<Object[]> rows = rows(rnd, 20_000, true); // few distinct values: many ties across compactions
    for (long fetch : new long[] {1, 5, 100, 999, 1000, 1001, 5000}) {
      check(rows, List.of(SortKey.asc(0), SortKey.desc(1)), 3, fetch, 333, rnd);
    }
  }

  @Test
  void textSortsByUtf8BytesAndInt64Extremes() {
    try (RootAllocator a = new RootAllocator()) {
      List<Object[]> rows = new ArrayList<>();
      String[] texts = {"b", "B", "a", "A", "é", "😀", "日本", "", "Z", "z"};
      long[] ints = {Long.MAX_VALUE, Long.MIN_VALUE, 0, -1, 1, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1, 5, -5, 2};
      for (int i = 0; i < texts.length; i++) {
        rows.add(new Object[] {ints[i], texts[i], null, null, null, null, null, null, i});
      }
      rows.add(new Object[] {null, null, null, null, null, null, null, null, 99});
      BatchOperator in = BatchOperators.of(SCHEMA, List.of(Rows.batch(SCHEMA, rows, a)));
      List<List<Object>> bytext = Rows.drain(new SortOperator(in, List.of(SortKey.asc(1)), 0, -1, a, 100), 100);
      List<Object> order = new ArrayList<>();
      bytext.forEach(r -> order.add(r.get(1)));
      assertEquals(java.util.Arrays.asList(null, "", "A", "B", "Z", "a", "b", "z", "é", "日本", "😀"), order);

      in = BatchOperators.of(SCHEMA, List.of(Rows.batch(SCHEMA, rows, a)));
      List<List<Object>> byint = Rows.drain(new SortOperator(in, List.of(SortKey.desc(0)), 0, 4, a, 100), 100);
      List<Object> ints2 = new ArrayList<>();
      byint.forEach(r -> ints2.add(r.get(0)));
      assertEquals(List.of(Long.MAX_VALUE, Long.MAX_VALUE - 1, 5L, 2L), ints2);
    }
  }

  @Test
  void limitZeroReadsNothingAndEmptyInputEndsAtOnce() {
    try (RootAllocator a = new RootAllocator()) {
      CountingOperator in = new CountingOperator(BatchOperators.of(SCHEMA,
          List.of(Rows.batch(SCHEMA, rows(new Random(1), 10, true), a))));
      SortOperator sort = new SortOperator(in, List.of(SortKey.asc(0)), 0, 0, a, 10);
      assertEquals(null, sort.next());
      assertEquals(0, in.batches);
      assertTrue(in.closed);
      sort.close();
      assertEquals(List.of(), Rows.drain(new SortOperator(BatchOperators.of(SCHEMA, List.of()),
          List.of(SortKey.asc(0)), 0, -1, a, 10), 10));
      assertEquals(0, a.getAllocatedMemory());
    }
  }

  @Test
  void closingEarlyAndFailuresReleaseEverything() {
    try (RootAllocator a = new RootAllocator()) {
      List<Object[]> rows = rows(new Random(3), 1000, false);
      SortOperator sort = new SortOperator(Rows.operator(SCHEMA, rows, 100, new Random(3), a),
          List.of(SortKey.asc(2)), 0, -1, a, 10);
      sort.next().close();
      sort.close(); // most rows still buffered
      assertEquals(0, a.getAllocatedMemory());

      BatchOperator failing = new FailingOperator(Rows.operator(SCHEMA, rows, 100, new Random(3), a), 3);
      SortOperator broken = new SortOperator(failing, List.of(SortKey.asc(2)), 0, 10, a, 10);
      assertThrows(IllegalStateException.class, broken::next);
      broken.close();
      assertEquals(0, a.getAllocatedMemory());

      BatchOperator in = Rows.operator(SCHEMA, rows, 100, new Random(3), a);
      assertThrows(IllegalArgumentException.class, () -> new SortOperator(in, List.of(SortKey.asc(20)), 0, -1, a, 1));
      assertEquals(0, a.getAllocatedMemory(), "a rejected input is closed");
    }
  }

  /** Counts the batches read from an operator and whether it was closed. */
  static final class CountingOperator implements BatchOperator {
    private final BatchOperator in;
    int batches;
    boolean closed;

    CountingOperator(BatchOperator in) {
      this.in = in;
    }

    @Override
    public Schema schema() {
      return in.schema();
    }

    @Override
    public VectorSchemaRoot next() {
      VectorSchemaRoot b = in.next();
      if (b != null) {
        batches++;
      }
      return b;
    }

    @Override
    public void close() {
      closed = true;
      in.close();
    }
  }

  /** Fails with IllegalStateException after {@code okBatches} batches. */
  static final class FailingOperator implements BatchOperator {
    private final BatchOperator in;
    private int left;

    FailingOperator(BatchOperator in, int okBatches) {
      this.in = in;
      this.left = okBatches;
    }

    @Override
    public Schema schema() {
      return in.schema();
    }

    @Override
    public VectorSchemaRoot next() {
      if (left-- == 0) {
        throw new IllegalStateException("shard s1 failed");
      }
      return in.next();
    }

    @Override
    public void close() {
      in.close();
    }
  }

  @Test
  void rowReferencesCountAgainstTheMemoryLimit() {
    Schema narrow = Rows.schema(Rows.field("v", Rows.BIGINT));
    List<Object[]> rows = new ArrayList<>();
    List<List<Object>> expected = new ArrayList<>();
    int n = 200_000; // the sorted references and the merge's scratch array: 16 bytes per row, 3.2 MB
    for (long i = 0; i < n; i++) {
      rows.add(new Object[] {i * 7919 % n});
      expected.add(List.of(i));
    }
    Random rnd = new Random(12);
    List<SortKey> keys = List.of(new SortKey(0, false, false));
    try (RootAllocator root = new RootAllocator()) {
      // the input's batches come from the root: the query allocator holds the output batches and the references
      try (BufferAllocator query = root.newChildAllocator("query", 0, 1 << 20)) {
        SortOperator sort = new SortOperator(Rows.operator(narrow, rows, 4096, rnd, root), keys, 0, -1, query, 64);
        OutOfMemoryException e = assertThrows(OutOfMemoryException.class, sort::next);
        assertTrue(e.getMessage().contains("heap for sort row references"), e.getMessage());
        assertEquals(0, query.getAllocatedMemory(), "the references' charge was released");
      }
      try (BufferAllocator query = root.newChildAllocator("query", 0, 64 << 20)) {
        SortOperator sort = new SortOperator(Rows.operator(narrow, rows, 4096, rnd, root), keys, 0, -1, query, 64);
        assertEquals(expected, Rows.drain(sort, 64));
        assertTrue(query.getPeakMemoryAllocation() >= 16L * n, "peak " + query.getPeakMemoryAllocation());
        assertEquals(0, query.getAllocatedMemory());
      }
      assertEquals(0, root.getAllocatedMemory());
    }
  }
}
