package io.sqlotel.bench.jmh;

import io.sqlotel.bench.Fmt;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs the JMH microbenchmarks of this package (one forked JVM each, one thread) and tabulates them. */
public final class JmhBench {
  /**
   * One benchmark's figure.
   *
   * @param name the benchmark
   * @param what what one operation is
   * @param perSecond operations per second, mean over the measurement iterations
   * @param error the 99.9% confidence half-width, operations per second
   * @param mbPerSecond megabytes (10^6) of input per second, or NaN where not meaningful
   */
  public record Row(String name, String what, double perSecond, double error, double mbPerSecond) {}

  private JmhBench() {}

  /**
   * Runs the benchmarks.
   *
   * @param quick fewer and shorter iterations (for a smoke run)
   * @param jmhOutput the file JMH's own progress output goes to
   * @param log progress
   * @return the figures
   * @throws Exception if JMH fails
   */
  public static List<Row> run(boolean quick, Path jmhOutput, PrintStream log) throws Exception {
    log.println("jmh: running the microbenchmarks (JMH's output: " + jmhOutput + ") ...");
    Options opt = new OptionsBuilder()
        .output(jmhOutput.toString())
        .include("io\\.sqlotel\\.bench\\.jmh\\..*Benchmark")
        .forks(1)
        .threads(1)
        .warmupIterations(quick ? 1 : 3)
        .warmupTime(TimeValue.seconds(quick ? 1 : 2))
        .measurementIterations(quick ? 2 : 5)
        .measurementTime(TimeValue.seconds(quick ? 1 : 2))
        .jvmArgsAppend("--add-opens=java.base/java.nio=ALL-UNNAMED", "-Duser.timezone=UTC", "-Xmx1g")
        .shouldFailOnError(true)
        .build();
    Collection<RunResult> results = new Runner(opt).run();
    List<Row> rows = new ArrayList<>();
    for (RunResult rr : results) {
      String bench = rr.getParams().getBenchmark();
      String simple = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1);
      Result<?> p = rr.getPrimaryResult();
      double score = p.getScore();
      double err = p.getScoreError();
      if (simple.startsWith("JsonDecodeBenchmark")) {
        rows.add(new Row(simple, "rows decoded (6 columns)", score, err,
            score * JsonDecodeBenchmark.bytesPerRow() / 1e6));
      } else if (simple.startsWith("AggregateMergeBenchmark")) {
        rows.add(new Row(simple, "partial groups merged (" + AggregateMergeBenchmark.SHARDS + " shards × "
            + AggregateMergeBenchmark.GROUPS + " groups, 4 aggregates)", score, err, Double.NaN));
      } else if (simple.startsWith("KWayMergeBenchmark")) {
        rows.add(new Row(simple, "rows merged (" + KWayMergeBenchmark.SHARDS + " sorted inputs)", score, err,
            Double.NaN));
      } else {
        rows.add(new Row(simple, "operations", score, err, Double.NaN));
      }
    }
    log.println("jmh: done");
    return rows;
  }

  /** The Markdown table. */
  public static String markdown(List<Row> rows) {
    StringBuilder sb = new StringBuilder(Fmt.mdHeader(List.of("benchmark", "operation", ">per second (1 core)",
        ">± (99.9%)", ">MB/s")));
    for (Row r : rows) {
      sb.append(Fmt.mdRow(List.of(r.name(), r.what(), String.format(Locale.ROOT, "%,.0f", r.perSecond()),
          Double.isNaN(r.error()) ? "–" : String.format(Locale.ROOT, "%,.0f", r.error()),
          Double.isNaN(r.mbPerSecond()) ? "–" : String.format(Locale.ROOT, "%.1f", r.mbPerSecond()))));
    }
    return sb.toString();
  }

  /** The CSV. */
  public static String csv(List<Row> rows) {
    StringBuilder sb = new StringBuilder(Fmt.csvRow(List.of("benchmark", "operation", "per_second", "error",
        "mb_per_second")));
    for (Row r : rows) {
      sb.append(Fmt.csvRow(List.of(r.name(), r.what(), Fmt.csv(r.perSecond()), Fmt.csv(r.error()),
          Fmt.csv(r.mbPerSecond()))));
    }
    return sb.toString();
  }
}
