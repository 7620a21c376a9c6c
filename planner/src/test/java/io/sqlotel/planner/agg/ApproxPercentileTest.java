package io.sqlotel.planner.agg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.planner.function.ApproxPercentile;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The log-bucketed sketch: within 1% of the exact value of the same rank, merged from shard bucket counts. */
class ApproxPercentileTest {
  @Test
  void mergedBucketCountsAreWithinTheBound() {
    SplittableRandom r = new SplittableRandom(3);
    double[] values = new double[20_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.exp(r.nextGaussian() * 2 + 15) * (i % 50 == 0 ? -1 : 1); // log-normal, a few negatives
      if (i % 97 == 0) {
        values[i] = 0;
      }
    }
    // three "shards" each reporting (sign, bucket, count); the coordinator merges them
    ApproxPercentile.Merge merge = new ApproxPercentile.Merge();
    for (double q : new double[] {0, 0.01, 0.5, 0.9, 0.99, 1}) {
      ApproxPercentile.Sketch total = merge.init();
      for (int shard = 0; shard < 3; shard++) {
        ApproxPercentile.Raw raw = new ApproxPercentile.Raw();
        ApproxPercentile.Sketch s = raw.init();
        for (int i = shard; i < values.length; i += 3) {
          raw.add(s, values[i], q);
        }
        total = merge.merge(total, s);
      }
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      double exact = sorted[(int) Math.floor(q * (sorted.length - 1))];
      double got = merge.result(total);
      assertTrue(Math.abs(got - exact) <= ApproxPercentile.ALPHA * Math.abs(exact), q + ": " + got + " vs " + exact);
    }
  }

  @Test
  void emptyAndBadQuantile() {
    ApproxPercentile.Merge merge = new ApproxPercentile.Merge();
    ApproxPercentile.Sketch s = merge.init();
    assertNull(merge.result(s));
    merge.add(s, 1L, ApproxPercentile.bucket(100.0), 3L, 0.5);
    assertEquals(100.0, merge.result(s), 1.0);
    assertThrows(IllegalArgumentException.class, () -> merge.add(merge.init(), 1L, 0L, 1L, 1.5));
  }
}
