package io.sqlotel.coordinator.columnar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class KWayMergeOperatorTest {
  private static final Schema SCHEMA = Rows.schema(Rows.field("i", Rows.BIGINT), Rows.field("s", Rows.TEXT),
      Rows.field("d", Rows.DOUBLE), Rows.field("t", Rows.TIMESTAMP), Rows.field("m", Rows.DECIMAL),
      Rows.field("b", Rows.BOOL), Rows.field("shard", Rows.INT), Rows.field("id", Rows.INT));

  /** Per shard: random rows, sorted by the keys (stably); columns 6 and 7 record the shard and the position. */
  private static List<List<Object[]>> shards(Random rnd, int shardCount, int maxRows, List<SortKey> keys) {
    List<List<Object[]>> shards = new ArrayList<>();
    boolean small = rnd.nextBoolean();
    for (int s = 0; s < shardCount; s++) {
      int n = rnd.nextInt(5) == 0 ? rnd.nextInt(2) : rnd.nextInt(maxRows + 1);
      List<Object[]> rows = Rows.randomRows(SCHEMA, n, rnd, 0.15, small);
      rows.sort(Rows.order(keys));
      for (int i = 0; i < n; i++) {
        rows.get(i)[6] = s;
        rows.get(i)[7] = i;
      }
      shards.add(rows);
    }
    return shards;
  }

  private static List<List<Object>> expected(List<List<Object[]>> shards, List<SortKey> keys, long offset,
      long fetch) {
    List<Object[]> all = new ArrayList<>();
    shards.forEach(all::addAll);
    all.sort(Rows.order(keys)); // stable: ties keep shard order, then position
    int from = (int) Math.min(offset, all.size());
    int to = fetch < 0 ? all.size() : (int) Math.min(all.size(), from + Math.min(fetch, all.size()));
    return Rows.lists(all.subList(from, to));
  }

  @Test
  void randomizedAgainstReference() {
    Random rnd = new Random(11);
    for (int round = 0; round < 60; round++) {
      List<SortKey> keys = new ArrayList<>();
      for (int k = 0; k < 1 + rnd.nextInt(3); k++) {
        keys.add(new SortKey(rnd.nextInt(6), rnd.nextBoolean(), rnd.nextBoolean()));
      }
      List<List<Object[]>> shards = shards(rnd, 1 + rnd.nextInt(8), 800, keys);
      int total = shards.stream().mapToInt(List::size).sum();
      long[][] limits = {{0, -1}, {0, 0}, {0, 1}, {total, -1}, {Math.max(0, total - 1), 5}, {total + 3L, 1},
          {rnd.nextInt(total + 1), rnd.nextInt(100)}, {0, total}, {1, Long.MAX_VALUE}};
      long[] limit = limits[round % limits.length];
      int batchRows = new int[] {1, 3, 64, 4096}[rnd.nextInt(4)];
      try (RootAllocator a = new RootAllocator()) {
        List<BatchOperator> inputs = new ArrayList<>();
        for (List<Object[]> rows : shards) {
          inputs.add(Rows.operator(SCHEMA, rows, 1 + rnd.nextInt(100), rnd, a));
        }
        List<List<Object>> actual = Rows.drain(
            new KWayMergeOperator(inputs, keys, limit[0], limit[1], a, batchRows), batchRows);
        assertEquals(expected(shards, keys, limit[0], limit[1]), actual,
            "round " + round + " keys " + keys + " limit " + limit[0] + "/" + limit[1]);
        assertEquals(0, a.getAllocatedMemory());
      }
    }
  }

  @Test
  void stopsAndClosesInputsOnceTheLimitIsReached() {
    Random rnd = new Random(5);
    List<SortKey> keys = List.of(SortKey.asc(0));
    try (RootAllocator a = new RootAllocator()) {
      List<List<Object[]>> shards = shards(rnd, 4, 0, keys);
      List<SortOperatorTest.CountingOperator> inputs = new ArrayList<>();
      for (int s = 0; s < 4; s++) {
        List<Object[]> rows = Rows.randomRows(SCHEMA, 1000, rnd, 0, false);
        rows.sort(Rows.order(keys));
        shards.set(s, rows);
        inputs.add(new SortOperatorTest.CountingOperator(Rows.operator(SCHEMA, rows, 10, rnd, a)));
      }
      KWayMergeOperator merge = new KWayMergeOperator(new ArrayList<>(inputs), keys, 2, 5, a, 100);
      List<List<Object>> rows;
      try (var first = merge.next()) {
        rows = Rows.toRows(first);
      }
      assertEquals(expected(shards, keys, 2, 5), rows);
      for (SortOperatorTest.CountingOperator in : inputs) {
        assertTrue(in.closed, "inputs are closed once the limit is reached");
        assertTrue(in.batches < 10, "inputs were not read to the end: " + in.batches);
      }
      assertEquals(null, merge.next());
      merge.close();
    }
  }

  @Test
  void closeMidStreamAndFailuresReleaseEverything() {
    Random rnd = new Random(9);
    List<SortKey> keys = List.of(SortKey.desc(1), SortKey.asc(0));
    try (RootAllocator a = new RootAllocator()) {
      List<List<Object[]>> shards = shards(rnd, 3, 500, keys);
      List<BatchOperator> inputs = new ArrayList<>();
      for (List<Object[]> rows : shards) {
        inputs.add(Rows.operator(SCHEMA, rows, 50, rnd, a));
      }
      KWayMergeOperator merge = new KWayMergeOperator(inputs, keys, 0, -1, a, 10);
      var b = merge.next();
      if (b != null) {
        b.close();
      }
      merge.close();
      assertEquals(0, a.getAllocatedMemory());

      List<BatchOperator> failing = new ArrayList<>();
      for (List<Object[]> rows : shards(rnd, 3, 500, keys)) {
        failing.add(new SortOperatorTest.FailingOperator(Rows.operator(SCHEMA, rows, 20, rnd, a), 2));
      }
      KWayMergeOperator broken = new KWayMergeOperator(failing, keys, 0, -1, a, 7);
      assertThrows(IllegalStateException.class, () -> {
        while (true) {
          var x = broken.next();
          if (x == null) {
            return;
          }
          x.close();
        }
      });
      assertFalse(a.getAllocatedMemory() > 0, "a failed merge released its batches");
      broken.close();

      List<BatchOperator> mismatched = List.of(Rows.operator(SCHEMA, List.of(), 1, rnd, a),
          BatchOperators.of(Rows.schema(Rows.field("x", Rows.TEXT)), List.of()));
      assertThrows(IllegalArgumentException.class, () -> new KWayMergeOperator(mismatched, keys, 0, -1, a, 7));
      assertEquals(0, a.getAllocatedMemory());
    }
  }
}
