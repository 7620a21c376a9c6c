package io.sqlotel.planner.agg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sqlotel.planner.function.ExactPercentile;
import io.sqlotel.planner.function.ExactPercentile.ValueCounts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * PERCENTILE_CONT / PERCENTILE_DISC over merged (value, count) multisets: PostgreSQL's documented results, and the
 * standard definitions applied to the expanded, sorted values.
 */
class ExactPercentileTest {
  private static ValueCounts of(boolean doubles, double q, boolean desc, double... values) {
    ValueCounts s = new ValueCounts(doubles);
    s.setFraction(q, desc);
    for (double v : values) {
      if (doubles) {
        s.addDouble(v, 1);
      } else {
        s.addLong((long) v, 1);
      }
    }
    return s;
  }

  @Test
  void knownValues() {
    // PostgreSQL: percentile_cont(0.5) of 1..4 is 2.5, percentile_disc(0.5) is 2
    assertEquals(2.5, of(true, 0.5, false, 4, 1, 3, 2).cont());
    assertEquals(2L, of(false, 0.5, false, 4, 1, 3, 2).discLong());
    // {2, 8, 8, 40}: cumulative distribution 0.25, 0.75, 0.75, 1
    assertEquals(2L, of(false, 0, false, 8, 2, 40, 8).discLong());
    assertEquals(2L, of(false, 0.25, false, 8, 2, 40, 8).discLong());
    assertEquals(8L, of(false, 0.26, false, 8, 2, 40, 8).discLong());
    assertEquals(8L, of(false, 0.6, false, 8, 2, 40, 8).discLong());
    assertEquals(40L, of(false, 1, false, 8, 2, 40, 8).discLong());
    assertEquals(6.5, of(true, 0.25, false, 8, 2, 40, 8).cont()); // pos 0.75 between 2 and 8
    // descending: {40, 8, 8, 2}
    assertEquals(16.0, of(true, 0.25, true, 8, 2, 40, 8).cont()); // pos 0.75 between 40 and 8
    assertEquals(40L, of(false, 0.25, true, 8, 2, 40, 8).discLong());
    assertEquals(8L, of(false, 0.6, true, 8, 2, 40, 8).discLong());
    assertEquals(2L, of(false, 1, true, 8, 2, 40, 8).discLong());
    assertEquals(-0.5, of(true, 0.5, false, -0.0, -3, 0.0, -2, -1, 5).cont()); // between -1 and 0
    assertEquals(7.0, of(true, 0.3, false, 7).cont());
  }

  @Test
  void growthIsAnnouncedAndCanBeRefused() {
    long[] charged = {0};
    long[] limit = {Long.MAX_VALUE};
    ValueCounts s = new ValueCounts(false, bytes -> {
      if (charged[0] + bytes > limit[0]) {
        throw new IllegalStateException("over the limit");
      }
      charged[0] += bytes;
    });
    s.setFraction(0.5, false);
    long initial = s.heapBytes();
    for (long v = 0; v < 100; v++) {
      s.addLong(v, 1);
    }
    assertEquals(s.heapBytes(), initial + charged[0], "every growth was announced");
    limit[0] = charged[0]; // 128 slots: 28 more values fit, the 29th needs more
    for (long v = 100; v < 128; v++) {
      s.addLong(v, 1);
    }
    assertThrows(IllegalStateException.class, () -> s.addLong(128, 1));
    assertEquals(initial + charged[0], s.heapBytes());
    assertEquals(128, s.total(), "the refused value was not added");
    assertEquals(63.5, s.cont());
  }

  @Test
  void emptyIsNullAndFractionIsChecked() {
    assertNull(of(true, 0.5, false).cont());
    assertNull(of(false, 0.5, false).discLong());
    ValueCounts s = new ValueCounts(true);
    assertThrows(IllegalArgumentException.class, () -> s.setFraction(1.5, false));
    assertThrows(IllegalArgumentException.class, () -> s.setFraction(-0.1, false));
    assertThrows(IllegalArgumentException.class, () -> s.setFraction(Double.NaN, false));
  }

  @Test
  void doubleKeysKeepTheNumericOrder() {
    double[] v = {Double.NEGATIVE_INFINITY, -1e300, -2.5, -Double.MIN_VALUE, 0, Double.MIN_VALUE, 1, 1e300,
        Double.POSITIVE_INFINITY};
    for (int i = 0; i + 1 < v.length; i++) {
      assertEquals(-1, Long.signum(ExactPercentile.doubleKey(v[i]) - ExactPercentile.doubleKey(v[i + 1])) < 0 ? -1 : 1,
          v[i] + " < " + v[i + 1]);
      assertEquals(v[i], ExactPercentile.fromDoubleKey(ExactPercentile.doubleKey(v[i])));
    }
    assertEquals(ExactPercentile.doubleKey(0.0), ExactPercentile.doubleKey(-0.0));
  }

  /** Shards' (value, count) partials merged in random order equal the definitions on the sorted raw values. */
  @Test
  void mergedShardCountsEqualTheDefinition() {
    SplittableRandom r = new SplittableRandom(7);
    for (int trial = 0; trial < 300; trial++) {
      int n = r.nextInt(0, 60);
      long[] raw = new long[n];
      for (int i = 0; i < n; i++) {
        raw[i] = r.nextInt(-5, 15) * (trial % 3 == 0 ? 1_000_000_007L : 1); // many duplicates
      }
      double q = trial % 5 == 0 ? r.nextInt(0, 5) / 4.0 : r.nextDouble();
      boolean desc = r.nextBoolean();
      ValueCounts cont = partials(raw, r, true);
      ValueCounts disc = partials(raw, r, false);
      cont.setFraction(q, desc);
      disc.setFraction(q, desc);
      long[] sorted = raw.clone();
      Arrays.sort(sorted);
      if (desc) {
        for (int i = 0; i < n / 2; i++) {
          long t = sorted[i];
          sorted[i] = sorted[n - 1 - i];
          sorted[n - 1 - i] = t;
        }
      }
      if (n == 0) {
        assertNull(cont.cont());
        assertNull(disc.discLong());
        continue;
      }
      double pos = q * (n - 1);
      double a = sorted[(int) Math.floor(pos)];
      double b = sorted[(int) Math.ceil(pos)];
      assertEquals(a + (b - a) * (pos - Math.floor(pos)), cont.cont(), 0.0, "cont " + q + " " + desc);
      // DISC: the first value whose cumulative distribution (rows so far / n) reaches q
      long expected = sorted[n - 1];
      for (int i = 0; i < n; i++) {
        if ((double) (i + 1) / n >= q) {
          expected = sorted[i];
          break;
        }
      }
      assertEquals(expected, disc.discLong(), "disc " + q + " " + desc + " " + Arrays.toString(sorted));
    }
  }

  /** Three "shards", each reporting (value, count) per distinct value, merged as the coordinator does. */
  private static ValueCounts partials(long[] raw, SplittableRandom r, boolean doubles) {
    List<ValueCounts> shards = new ArrayList<>();
    for (int s = 0; s < 3; s++) {
      shards.add(new ValueCounts(doubles));
    }
    java.util.Map<Integer, java.util.Map<Long, Long>> perShard = new java.util.HashMap<>();
    for (long v : raw) {
      perShard.computeIfAbsent(r.nextInt(3), k -> new java.util.HashMap<>()).merge(v, 1L, Long::sum);
    }
    perShard.forEach((s, counts) -> counts.forEach((v, c) -> {
      if (doubles) {
        shards.get(s).addDouble(v, c);
      } else {
        shards.get(s).addLong(v, c);
      }
    }));
    ValueCounts total = new ValueCounts(doubles);
    for (ValueCounts s : shards) {
      total.merge(s);
    }
    return total;
  }
}
