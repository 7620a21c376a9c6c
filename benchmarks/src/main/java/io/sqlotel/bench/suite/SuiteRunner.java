package io.sqlotel.bench.suite;

import io.sqlotel.bench.mode.BenchMode;
import io.sqlotel.bench.mode.Sample;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Runs queries in several modes interleaved: every round runs every query in every mode (the mode order rotating
 * from round to round and query to query), so that a noisy neighbour on the shared machine hits all modes alike. The
 * first {@code warmup} rounds are not measured; before them, the modes that ask for it
 * ({@link BenchMode#jitWarmup()}) run the queries in a loop for a while so that the JIT has compiled their code. A
 * mode with a limited number of runs (mode 4) takes part only in the first measured rounds, and a query whose run
 * times out or fails is not run again in that mode.
 */
public final class SuiteRunner {
  private SuiteRunner() {}

  /**
   * Runs the suite.
   *
   * @param queries the queries
   * @param modes the modes, in report order
   * @param jitWarmup how long the modes that ask for it loop over the queries before anything else
   * @param warmup unmeasured rounds first
   * @param runs measured rounds
   * @param progress one line per round
   * @return the measurements
   */
  public static SuiteResult run(List<BenchQuery> queries, List<BenchMode> modes, Duration jitWarmup, int warmup,
      int runs, PrintStream progress) {
    SuiteResult result = new SuiteResult(queries, modes);
    for (BenchMode m : modes) {
      if (!m.jitWarmup() || jitWarmup.isZero()) {
        continue;
      }
      long t0 = System.nanoTime();
      long deadline = t0 + jitWarmup.toNanos();
      int n = 0;
      while (System.nanoTime() - deadline < 0) {
        for (BenchQuery q : queries) {
          m.run(q);
          n++;
        }
      }
      progress.printf(Locale.ROOT, "  JIT warm-up of mode %s: %d queries in %.1f s%n", m.id(), n,
          (System.nanoTime() - t0) / 1e9);
    }
    int rounds = warmup + runs;
    for (int round = 0; round < rounds; round++) {
      boolean measured = round >= warmup;
      long t0 = System.nanoTime();
      for (int qi = 0; qi < queries.size(); qi++) {
        BenchQuery q = queries.get(qi);
        List<BenchMode> order = new ArrayList<>(modes);
        Collections.rotate(order, round + qi);
        for (BenchMode m : order) {
          Cell cell = result.cell(q.name(), m.id());
          if (cell.stopped()) {
            continue;
          }
          boolean limited = m.maxRuns() != Integer.MAX_VALUE;
          if (limited && (!measured || cell.runs() >= m.maxRuns())) {
            continue;
          }
          Sample s = m.run(q);
          if (!s.ok()) {
            cell.fail(s);
            progress.printf(Locale.ROOT, "  %s in mode %s: %s%n", q.name(), m.id(), cell.status());
          } else if (measured) {
            cell.add(s);
          }
        }
      }
      progress.printf(Locale.ROOT, "  round %d/%d (%s) done in %.1f s%n", round + 1, rounds,
          measured ? "measured" : "warm-up", (System.nanoTime() - t0) / 1e9);
    }
    return result;
  }
}
