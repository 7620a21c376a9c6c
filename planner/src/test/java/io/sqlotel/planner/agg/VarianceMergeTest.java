package io.sqlotel.planner.agg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The (n, sum, m2) merge against exact arithmetic, on nanosecond-scale data where the textbook
 * {@code sum(x^2) - sum(x)^2/n} loses every digit.
 */
class VarianceMergeTest {

  /** Values around 1.7e18 ns (a timestamp) with a spread of a few thousand ns, over 3 shards of unequal size. */
  @Test
  void mergeIsExactWhereTheNaiveFormCancels() {
    SplittableRandom r = new SplittableRandom(7);
    List<List<Long>> shards = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < 3000; i++) {
      shards.get(i % 7 == 0 ? 0 : i % 2 + 1).add(1_767_225_600_000_000_000L + r.nextLong(5_000));
    }
    VarianceMerge.State s = new VarianceMerge().init();
    double naiveSum = 0;
    double naiveSumSq = 0;
    long n = 0;
    for (List<Long> shard : shards) {
      // what a shard computes: COUNT(x), SUM(xd), SUM((xd - AVG(xd) OVER ())^2), in doubles summed with
      // Kahan-Babuska-Neumaier compensation as SQLite (>= 3.43) does
      double sum = neumaier(shard);
      double mean = sum / shard.size();
      double m2 = 0;
      for (long x : shard) {
        m2 += ((double) x - mean) * ((double) x - mean);
        naiveSumSq += (double) x * (double) x;
      }
      naiveSum += sum;
      n += shard.size();
      new VarianceMerge().add(s, (long) shard.size(), sum, m2);
    }
    double exact = exactVarPop(shards);
    double merged = VarianceMerge.result(s, VarianceMerge.Kind.VAR_POP);
    double naive = (naiveSumSq - naiveSum * naiveSum / n) / n;
    // doubles hold 1.7e18 to within 256 ns, so each shard's values are already rounded: allow that, no more
    assertEquals(exact, merged, exact * 0.02, "merged variance");
    assertTrue(Math.abs(naive - exact) > exact * 10, "the naive form should be useless here: " + naive);
  }

  @Test
  void emptyAndSingleRowGroups() {
    VarianceMerge.State s = new VarianceMerge().init();
    assertNull(VarianceMerge.result(s, VarianceMerge.Kind.VAR_POP));
    new VarianceMerge().add(s, 1L, 5.0, 0.0);
    assertEquals(0.0, VarianceMerge.result(s, VarianceMerge.Kind.VAR_POP));
    assertNull(VarianceMerge.result(s, VarianceMerge.Kind.VAR_SAMP));
    new VarianceMerge().add(s, 0L, null, null); // an empty shard changes nothing
    new VarianceMerge().add(s, 1L, 7.0, 0.0);
    assertEquals(1.0, VarianceMerge.result(s, VarianceMerge.Kind.VAR_POP), 1e-12);
    assertEquals(2.0, VarianceMerge.result(s, VarianceMerge.Kind.VAR_SAMP), 1e-12);
    assertEquals(Math.sqrt(2.0), VarianceMerge.result(s, VarianceMerge.Kind.STDDEV_SAMP), 1e-12);
  }

  private static double neumaier(List<Long> values) {
    double sum = 0;
    double c = 0;
    for (long v : values) {
      double x = (double) v;
      double t = sum + x;
      c += Math.abs(sum) >= Math.abs(x) ? (sum - t) + x : (x - t) + sum;
      sum = t;
    }
    return sum + c;
  }

  private static double exactVarPop(List<List<Long>> shards) {
    BigDecimal sum = BigDecimal.ZERO;
    long n = 0;
    for (List<Long> shard : shards) {
      for (long x : shard) {
        sum = sum.add(BigDecimal.valueOf(x));
        n++;
      }
    }
    BigDecimal mean = sum.divide(BigDecimal.valueOf(n), MathContext.DECIMAL128);
    BigDecimal m2 = BigDecimal.ZERO;
    for (List<Long> shard : shards) {
      for (long x : shard) {
        BigDecimal d = BigDecimal.valueOf(x).subtract(mean);
        m2 = m2.add(d.multiply(d));
      }
    }
    return m2.divide(BigDecimal.valueOf(n), MathContext.DECIMAL128).doubleValue();
  }
}
