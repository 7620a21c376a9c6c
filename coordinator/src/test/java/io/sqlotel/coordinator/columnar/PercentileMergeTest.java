package io.sqlotel.coordinator.columnar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.coordinator.EngineConfig;
import io.sqlotel.coordinator.QueryException;
import io.sqlotel.coordinator.columnar.AggCall.Kind;
import io.sqlotel.coordinator.exec.QueryContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * The columnar final aggregate of exact percentiles: shard partial rows {@code (key, value, count)} — one per
 * distinct (group, value) per shard — merged per group equal PERCENTILE_CONT / PERCENTILE_DISC computed from the raw
 * values by the standard definitions.
 */
class PercentileMergeTest {
  private static final double[] FRACTIONS = {0, 0.1, 0.25, 0.5, 0.9, 0.99, 1};

  private static Schema partialSchema(ArrowType value) {
    return Rows.schema(Rows.field("k", Rows.BIGINT), Rows.field("x", value), Rows.field("n", Rows.BIGINT));
  }

  @Test
  void mergesShardValueCountsExactly() {
    for (ArrowType valueType : List.of(Rows.BIGINT, Rows.DOUBLE)) {
      Random rnd = new Random(11);
      // raw values per group (group 3 holds only NULLs, group 4 one value)
      Map<Long, List<Object>> raw = new LinkedHashMap<>();
      for (long g = 0; g < 6; g++) {
        List<Object> vals = new ArrayList<>();
        int n = g == 4 ? 1 : 20 + rnd.nextInt(300);
        for (int i = 0; i < n; i++) {
          long v = rnd.nextInt(40) - 10 + (g == 5 ? 4_000_000_000_000_000_000L : 0); // duplicates; huge in group 5
          vals.add(g == 3 || rnd.nextInt(10) == 0 ? null
              : valueType.equals(Rows.DOUBLE) ? (Object) (v / 4.0) : (Object) v);
        }
        raw.put(g, vals);
      }
      // three shards: each counts its values per (group, value); NULL values form their own row, as in SQLite
      List<Object[]> partials = new ArrayList<>();
      for (int shard = 0; shard < 3; shard++) {
        Map<List<Object>, Long> counts = new LinkedHashMap<>();
        for (var e : raw.entrySet()) {
          List<Object> vals = e.getValue();
          for (int i = shard; i < vals.size(); i += 3) {
            counts.merge(Arrays.asList(e.getKey(), vals.get(i)), 1L, Long::sum);
          }
        }
        counts.forEach((kv, c) -> partials.add(new Object[] {kv.get(0), kv.get(1), c}));
      }
      java.util.Collections.shuffle(partials, rnd);
      List<AggCall> calls = new ArrayList<>();
      List<org.apache.arrow.vector.types.pojo.Field> out = new ArrayList<>();
      out.add(Rows.field("k", Rows.BIGINT));
      for (double q : FRACTIONS) {
        for (boolean desc : new boolean[] {false, true}) {
          calls.add(AggCall.percentile(Kind.PERCENTILE_CONT, 1, 2, q, desc));
          out.add(Rows.field("c" + calls.size(), Rows.DOUBLE));
          calls.add(AggCall.percentile(Kind.PERCENTILE_DISC, 1, 2, q, desc));
          out.add(Rows.field("d" + calls.size(), valueType));
        }
      }
      try (RootAllocator a = new RootAllocator()) {
        BatchOperator in = Rows.operator(partialSchema(valueType), partials, 1 + rnd.nextInt(50), rnd, a);
        List<List<Object>> rows = Rows.drain(new HashAggregateOperator(in, new int[] {0}, calls, a, 4,
            new Schema(out)), 4);
        assertEquals(raw.size(), rows.size());
        for (List<Object> row : rows) {
          List<Object> vals = raw.get((Long) row.get(0));
          int c = 1;
          for (double q : FRACTIONS) {
            for (boolean desc : new boolean[] {false, true}) {
              double[] sorted = sorted(vals, desc);
              String what = valueType + " group " + row.get(0) + " q " + q + (desc ? " DESC" : "");
              if (sorted.length == 0) {
                assertNull(row.get(c++), what);
                assertNull(row.get(c++), what);
                continue;
              }
              double pos = q * (sorted.length - 1);
              double lo = sorted[(int) Math.floor(pos)];
              double hi = sorted[(int) Math.ceil(pos)];
              assertEquals(lo + (hi - lo) * (pos - Math.floor(pos)), (Double) row.get(c++), 0.0, "CONT " + what);
              Object disc = row.get(c++);
              List<Object> exact = sortedExact(vals, desc);
              Object expected = null;
              for (int i = 0; i < exact.size(); i++) {
                if ((double) (i + 1) / exact.size() >= q) {
                  expected = exact.get(i);
                  break;
                }
              }
              assertEquals(expected, disc, "DISC " + what);
            }
          }
        }
      }
    }
  }

  /** The non-NULL values in their exact type, sorted (descending if {@code desc}). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<Object> sortedExact(List<Object> vals, boolean desc) {
    List<Object> s = new ArrayList<>(vals.stream().filter(v -> v != null).toList());
    java.util.Comparator<Object> cmp = (x, y) -> ((Comparable) x).compareTo(y);
    s.sort(desc ? cmp.reversed() : cmp);
    return s;
  }

  private static double[] sorted(List<Object> vals, boolean desc) {
    double[] s = vals.stream().filter(v -> v != null).mapToDouble(v -> ((Number) v).doubleValue()).sorted().toArray();
    if (desc) {
      for (int i = 0; i < s.length / 2; i++) {
        double t = s[i];
        s[i] = s[s.length - 1 - i];
        s[s.length - 1 - i] = t;
      }
    }
    return s;
  }

  @Test
  void distinctValuesCountAgainstTheQueryMemoryLimit() {
    int n = 200_000; // distinct values of one group: 4 MiB of keys and counts on the heap
    List<Object[]> partials = new ArrayList<>();
    for (long v = 0; v < n; v++) {
      partials.add(new Object[] {1L, v * 7 % n, 1L}); // shuffled, so the state also sorts
    }
    Schema out = Rows.schema(Rows.field("k", Rows.BIGINT), Rows.field("p50", Rows.DOUBLE));
    List<AggCall> calls = List.of(AggCall.percentile(Kind.PERCENTILE_CONT, 1, 2, 0.5, false));
    try (RootAllocator root = new RootAllocator()) {
      // 1 MiB: the input batches come from the root; the query allocator holds only what the aggregate keeps
      try (BufferAllocator query = root.newChildAllocator("query-small", 0, 1 << 20)) {
        BatchOperator in = Rows.operator(partialSchema(Rows.BIGINT), partials, 4096, new Random(3), root);
        QueryContext ctx = new QueryContext("q-small", query, null, EngineConfig.defaults(), 0);
        try (OperatorResultStream rs = new OperatorResultStream(
            new HashAggregateOperator(in, new int[] {0}, calls, query, 16, out), out, ctx, () -> { })) {
          QueryException e = assertThrows(QueryException.class, rs::next);
          assertEquals(QueryException.Code.RESOURCE_EXHAUSTED, e.code(), e.toString());
          assertTrue(e.getMessage().startsWith("query memory limit exceeded"), e.getMessage());
        }
        assertEquals(0, query.getAllocatedMemory(), "the charge was released");
      }
      // with room the result is unchanged, the values were charged while held and are released afterwards
      try (BufferAllocator query = root.newChildAllocator("query-large", 0, 64 << 20)) {
        BatchOperator in = Rows.operator(partialSchema(Rows.BIGINT), partials, 4096, new Random(3), root);
        List<List<Object>> rows = Rows.drain(new HashAggregateOperator(in, new int[] {0}, calls, query, 16, out), 16);
        assertEquals(List.of(List.of(1L, (n - 1) / 2.0)), rows);
        assertTrue(query.getPeakMemoryAllocation() >= 16L * n, "peak " + query.getPeakMemoryAllocation());
        assertEquals(0, query.getAllocatedMemory());
      }
    }
  }

  @Test
  void noGroupKeysAndNoRowsGivesOneNullRow() {
    try (RootAllocator a = new RootAllocator()) {
      BatchOperator in = Rows.operator(partialSchema(Rows.BIGINT), List.of(), 10, new Random(1), a);
      List<List<Object>> rows = Rows.drain(new HashAggregateOperator(in, new int[0],
          List.of(AggCall.percentile(Kind.PERCENTILE_CONT, 1, 2, 0.5, false),
              AggCall.percentile(Kind.PERCENTILE_DISC, 1, 2, 0.5, false)),
          a, 10, Rows.schema(Rows.field("c", Rows.DOUBLE), Rows.field("d", Rows.BIGINT))), 10);
      assertEquals(List.of(Arrays.asList(null, null)), rows);
    }
  }

  @Test
  void badCallsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> AggCall.percentile(Kind.PERCENTILE_CONT, 1, 2, 1.01, false));
    assertThrows(IllegalArgumentException.class, () -> AggCall.percentile(Kind.PERCENTILE_DISC, 1, -1, 0.5, false));
    assertThrows(IllegalArgumentException.class, () -> AggCall.percentile(Kind.SUM, 1, 2, 0.5, false));
    try (RootAllocator a = new RootAllocator()) {
      // PERCENTILE_DISC of BIGINT must produce BIGINT, not text
      BatchOperator in = Rows.operator(partialSchema(Rows.BIGINT), List.of(), 10, new Random(1), a);
      assertThrows(IllegalArgumentException.class, () -> new HashAggregateOperator(in, new int[0],
          List.of(AggCall.percentile(Kind.PERCENTILE_DISC, 1, 2, 0.5, false)), a, 10,
          Rows.schema(Rows.field("d", Rows.TEXT))));
    }
  }
}
