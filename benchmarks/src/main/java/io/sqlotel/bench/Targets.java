package io.sqlotel.bench;

import io.sqlotel.bench.jmh.JmhBench;
import io.sqlotel.bench.memory.MemoryBench;
import io.sqlotel.bench.scale.ScalingBench;
import io.sqlotel.bench.suite.BenchQuery;
import io.sqlotel.bench.suite.Cell;
import io.sqlotel.bench.suite.SuiteReport;
import io.sqlotel.bench.suite.SuiteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The issue's targets, checked against the figures of one run. A part that did not run leaves its targets open. */
public final class Targets {
  /**
   * One target.
   *
   * @param target the target as stated
   * @param measured the figures it was judged on
   * @param met true, false, or null when not measured in this run
   */
  public record Target(String target, String measured, Boolean met) {}

  private Targets() {}

  /**
   * Judges every target.
   *
   * @param suite the suite (with WAN modes if they ran), or null
   * @param scaling the scaling rows, or null
   * @param memory the memory run, or null
   * @param jmh the JMH figures, or null
   * @param heapLimitBytes the heap target of the memory run, bytes
   * @return the targets in the issue's order
   */
  public static List<Target> evaluate(SuiteResult suite, List<ScalingBench.Row> scaling, MemoryBench.Result memory,
      List<JmhBench.Row> jmh, long heapLimitBytes) {
    List<Target> t = new ArrayList<>();
    List<BenchQuery> aggs = suite == null ? List.of() : suite.queries().stream().filter(BenchQuery::isAggregate)
        .toList();
    // rows received <= groups x shards
    if (suite != null) {
      StringBuilder m = new StringBuilder();
      boolean ok = true;
      for (BenchQuery q : aggs) {
        Cell c = suite.cell(q.name(), "1");
        long limit = c.rowsOut() * c.shardsAsked();
        ok &= c.runs() > 0 && c.rowsReceived() <= limit;
        m.append(q.name()).append(' ').append(Fmt.count(c.rowsReceived())).append(" ≤ ").append(Fmt.count(limit))
            .append("; ");
      }
      t.add(new Target("aggregates: rows received from shards ≤ groups × shards (mode 1)", m.toString(), ok));
      t.add(ratioTarget("aggregates: bytes received ≥ 100× fewer than mode 2", suite, aggs, 100, true,
          (q) -> (double) suite.cell(q.name(), "2").bytesReceived() / suite.cell(q.name(), "1").bytesReceived()));
      t.add(ratioTarget("aggregates: end-to-end ≥ 1.5× faster than mode 2 on loopback", suite, aggs, 1.5, true,
          (q) -> SuiteReport.speedupVs2(suite, q, "1")));
      boolean wan = suite.modeIds().contains("1-wan");
      t.add(wan ? ratioTarget("aggregates: end-to-end ≥ 20× faster than mode 2 through the WAN proxy", suite, aggs,
          20, true, (q) -> SuiteReport.speedupVs2(suite, q, "1-wan"))
          : new Target("aggregates: ≥ 20× faster than mode 2 through the WAN proxy", "WAN not run", null));
      t.add(ratioTarget("aggregates: within 1.2× of mode 3 (one SQLite)", suite, aggs, 1.2, false,
          (q) -> SuiteReport.timeVs3(suite, q, "1")));
      double planning = Double.NaN;
      double engine = Double.NaN;
      for (BenchQuery q : suite.queries()) {
        double[] p = suite.planning(q.name());
        if (p != null) {
          planning = max(planning, p[0]);
        }
        engine = max(engine, suite.cell(q.name(), "1").planningMs());
      }
      t.add(new Target("warm planning ≤ 3 ms median (suite queries, planner alone, worst query)",
          Fmt.ms(planning) + " ms (engine-reported in the suite, worst query: " + Fmt.ms(engine) + " ms)",
          Double.isNaN(planning) ? null : planning <= 3));
      if (suite.modeIds().contains("4")) {
        StringBuilder m4 = new StringBuilder();
        for (BenchQuery q : suite.queries()) {
          Cell c4 = suite.cell(q.name(), "4");
          Cell c1 = suite.cell(q.name(), "1");
          m4.append(q.name()).append(' ').append(c4.runs() == 0 ? c4.status().replaceAll(" \\(.*", "")
              : Fmt.ratio(c4.medianMs() / c1.medianMs())).append("; ");
        }
        t.add(new Target("mode 4 (Calcite JDBC adapter) left far behind: its time ÷ mode 1's", m4.toString(), null));
      }
    }
    if (scaling != null) {
      double worstOverhead = Double.NaN;
      double worstPlanning = Double.NaN;
      StringBuilder planningRatio = new StringBuilder();
      double worstRatio = Double.NaN;
      double worstFanOut = Double.NaN;
      ScalingBench.Row worstAt100 = null;
      ScalingBench.Row worstAtMax = null;
      int maxShards = scaling.stream().mapToInt(ScalingBench.Row::shards).max().orElse(0);
      for (ScalingBench.Row r : scaling) {
        if (r.shards() == 100 && !(r.overheadMs() <= worstOverhead)) {
          worstOverhead = r.overheadMs();
          worstAt100 = r;
        }
        worstPlanning = max(worstPlanning, r.planningMs());
        if (r.shards() == maxShards) {
          double f = ScalingBench.fanOutMicrosPerShard(scaling, r);
          if (!(f <= worstFanOut)) {
            worstFanOut = f;
            worstAtMax = r;
          }
          for (ScalingBench.Row ten : scaling) {
            if (ten.shards() == 10 && ten.query().equals(r.query())) {
              double ratio = r.planningMs() / ten.planningMs();
              worstRatio = max(worstRatio, ratio);
              planningRatio.append(r.query()).append(' ').append(Fmt.ratio(ratio)).append("; ");
            }
          }
        }
      }
      t.add(new Target("coordinator overhead ≤ 5 ms median at 100 shards (aggregates, worst query)",
          Double.isNaN(worstOverhead) ? "100 shards not run" : Fmt.ms(worstOverhead) + " ms (" + worstAt100.query()
              + "; CPU floor " + Fmt.ms(ScalingBench.cpuFloorMs(worstAt100)) + " ms: coordinator "
              + Fmt.ms(worstAt100.coordinatorCpuMs()) + " + shards " + Fmt.ms(worstAt100.shardHostCpuMs())
              + " ms of CPU per query on the same cores)",
          Double.isNaN(worstOverhead) ? null : worstOverhead <= 5));
      t.add(new Target("warm planning ≤ 3 ms median (scaling runs, any shard count, worst query)",
          Fmt.ms(worstPlanning) + " ms", worstPlanning <= 3));
      t.add(new Target("planning at " + maxShards + " shards within 2× of 10 shards", planningRatio.toString(),
          Double.isNaN(worstRatio) ? null : worstRatio <= 2));
      t.add(new Target("fan-out cost ≤ 50 µs per shard (overhead growth " + scaling.get(0).shards() + " → "
          + maxShards + " shards, worst query)", Fmt.ms(worstFanOut) + " µs" + (worstAtMax == null ? ""
              : " (" + worstAtMax.query() + "; of which the coordinator's own CPU "
              + Fmt.ms(ScalingBench.cpuMicrosPerShard(scaling, worstAtMax)) + " µs per shard, the shard JVM's "
              + Fmt.ms(worstAtMax.shardHostCpuMs() * 1000 / worstAtMax.shards()) + " µs per request, on "
              + Runtime.getRuntime().availableProcessors() + " shared cores)"),
          Double.isNaN(worstFanOut) ? null : worstFanOut <= 50));
    }
    for (JmhBench.Row r : jmh == null ? List.<JmhBench.Row>of() : jmh) {
      if (r.name().startsWith("JsonDecodeBenchmark")) {
        t.add(new Target("JSON→Arrow decoding ≥ 1 M rows/s per core (6-column row)", String.format(Locale.ROOT,
            "%,.0f rows/s, %.0f MB/s", r.perSecond(), r.mbPerSecond()), r.perSecond() >= 1_000_000));
      }
    }
    if (memory != null) {
      long heap = memory.peaks().getOrDefault("heapUsed", -1L);
      boolean completed = memory.error() == null && memory.rowsRead() == memory.rows();
      t.add(new Target(String.format(Locale.ROOT, "%,d-row raw scan streams with peak heap ≤ %s", memory.rows(),
          Fmt.bytes(heapLimitBytes)), (completed ? "completed" : "FAILED") + " under -Xmx" + memory.xmx()
          + ", peak heap used " + Fmt.bytes(heap) + ", live after GC " + Fmt.bytes(memory.peaks().getOrDefault(
              "oldGenAfterGc", -1L)), completed && heap >= 0 && heap <= heapLimitBytes));
    }
    return t;
  }

  private static double max(double a, double b) {
    return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
  }

  private static Target ratioTarget(String name, SuiteResult suite, List<BenchQuery> aggs, double bound,
      boolean atLeast, java.util.function.ToDoubleFunction<BenchQuery> f) {
    StringBuilder m = new StringBuilder();
    boolean ok = !aggs.isEmpty();
    for (BenchQuery q : aggs) {
      double v = f.applyAsDouble(q);
      ok &= !Double.isNaN(v) && (atLeast ? v >= bound : v <= bound);
      m.append(q.name()).append(' ').append(Fmt.ratio(v)).append("; ");
    }
    return new Target(name, m.toString(), ok);
  }

  /** The Markdown table. */
  public static String markdown(List<Target> targets) {
    StringBuilder sb = new StringBuilder(Fmt.mdHeader(List.of("target", "met?", "measured")));
    for (Target t : targets) {
      sb.append(Fmt.mdRow(List.of(t.target(), t.met() == null ? "–" : t.met() ? "**met**" : "**missed**",
          t.measured())));
    }
    return sb.toString();
  }
}
