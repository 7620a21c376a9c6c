package io.sqlotel.bench;

import io.sqlotel.bench.jmh.JmhBench;
import io.sqlotel.bench.memory.MemoryBench;
import io.sqlotel.bench.scale.ScalingBench;
import io.sqlotel.bench.shards.Dataset;
import io.sqlotel.bench.shards.DatasetSpec;
import io.sqlotel.bench.suite.SuiteBench;
import io.sqlotel.bench.suite.SuiteReport;
import io.sqlotel.bench.suite.SuiteResult;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark's command line ({@code ./bench}): generates or reuses the dataset, runs the selected parts (the
 * dashboard suite in modes 1–4, the WAN mode, the scaling runs, the memory run, the JMH microbenchmarks), prints one
 * Markdown report with the targets and writes it with one CSV per part into the output directory.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"sqlotel benchmarks: pushdown vs. naive federation vs. one SQLite vs. Calcite's JDBC adapter, "
        + "WAN, scaling to 1000 shards, memory, JMH hot paths.", ""})
public final class BenchMain implements Callable<Integer> {
  @Option(names = "--parts", split = ",", paramLabel = "PART",
      description = "Parts to run, comma-separated: suite, wan, scaling, memory, jmh (default: ${DEFAULT-VALUE}).",
      defaultValue = "suite,wan,scaling,memory")
  List<String> parts;

  @Option(names = "--jmh", description = "Also run the JMH microbenchmarks (same as adding jmh to --parts).")
  boolean jmh;

  @Option(names = "--quick", description = "Reduced scale for a first try: 200k logs/spans, fewer runs, scaling "
      + "to 100 shards, a 1M-row memory run.")
  boolean quick;

  @Option(names = "--shards", description = "Shards of the suite's dataset (default: ${DEFAULT-VALUE}).",
      defaultValue = "24")
  int shards;

  @Option(names = "--logs", description = "Log rows in all (default: ${DEFAULT-VALUE}).", defaultValue = "2000000")
  long logs;

  @Option(names = "--spans", description = "Spans in all (default: ${DEFAULT-VALUE}).", defaultValue = "2000000")
  long spans;

  @Option(names = "--metric-points", description = "Metric points in all (default: ${DEFAULT-VALUE}).",
      defaultValue = "480000")
  long metricPoints;

  @Option(names = "--data", description = "Dataset cache directory (default: $SQLOTEL_BENCH_DATA or "
      + "~/.cache/sqlotel-bench).")
  Path data;

  @Option(names = "--out", description = "Output directory for results.md and the CSV files (default: "
      + "$SQLOTEL_BENCH_OUT_ROOT/<UTC timestamp>; the launcher sets benchmarks/target/bench-results).")
  Path out;

  @Option(names = "--jit-warmup", description = "Seconds mode 1 loops over the suite before the rounds, so that the "
      + "JIT has compiled the planner; the scaling runs loop at their first shard count for as long, at most 30 s "
      + "(default: ${DEFAULT-VALUE}).", defaultValue = "45")
  int jitWarmup;

  @Option(names = "--warmup", description = "Warm-up rounds of the suite (default: ${DEFAULT-VALUE}).",
      defaultValue = "2")
  int warmup;

  @Option(names = "--runs", description = "Measured rounds of the suite (default: ${DEFAULT-VALUE}).",
      defaultValue = "7")
  int runs;

  @Option(names = "--no-mode4", description = "Skip mode 4 (Calcite's JDBC adapter).")
  boolean noMode4;

  @Option(names = "--mode4-runs", description = "Measured runs per query of mode 4 (default: ${DEFAULT-VALUE}).",
      defaultValue = "2")
  int mode4Runs;

  @Option(names = "--mode4-timeout", description = "Time box of one mode-4 run, seconds (default: "
      + "${DEFAULT-VALUE}).", defaultValue = "60")
  int mode4Timeout;

  @Option(names = "--wan-mbit", description = "WAN bandwidth per direction, Mbit/s (default: ${DEFAULT-VALUE}).",
      defaultValue = "100")
  double wanMbit;

  @Option(names = "--wan-rtt-ms", description = "WAN round-trip time, ms (default: ${DEFAULT-VALUE}).",
      defaultValue = "20")
  double wanRttMs;

  @Option(names = "--wan-warmup", description = "Warm-up rounds through the WAN (default: ${DEFAULT-VALUE}).",
      defaultValue = "1")
  int wanWarmup;

  @Option(names = "--wan-runs", description = "Measured rounds through the WAN (default: ${DEFAULT-VALUE}).",
      defaultValue = "3")
  int wanRuns;

  @Option(names = "--scaling-shards", split = ",", description = "Shard counts of the scaling runs (default: "
      + "${DEFAULT-VALUE}).", defaultValue = "1,10,100,1000")
  List<Integer> scalingShards;

  @Option(names = "--scaling-rows", description = "Spans and logs per tiny shard (default: ${DEFAULT-VALUE}).",
      defaultValue = "200")
  int scalingRows;

  @Option(names = "--scaling-runs", description = "Measured runs per query and shard count (default: "
      + "${DEFAULT-VALUE}).", defaultValue = "15")
  int scalingRuns;

  @Option(names = "--memory-rows", description = "Rows of the memory run's raw SELECT (default: ${DEFAULT-VALUE}).",
      defaultValue = "10000000")
  long memoryRows;

  @Option(names = "--memory-xmx", description = "The coordinator's -Xmx in the memory run (default: "
      + "${DEFAULT-VALUE}).", defaultValue = "256m")
  String memoryXmx;

  @Option(names = "--jmh-quick", description = "Shorter JMH iterations.")
  boolean jmhQuick;

  private final PrintStream log = System.err;

  /**
   * Runs the command line.
   *
   * @param args see {@code --help}
   */
  public static void main(String[] args) {
    int code = new CommandLine(new BenchMain()).execute(args);
    System.exit(code);
  }

  @Override
  public Integer call() throws Exception {
    applyQuick();
    Set<String> selected = new LinkedHashSet<>();
    for (String p : parts) {
      selected.add(p.trim().toLowerCase(Locale.ROOT));
    }
    if (jmh) {
      selected.add("jmh");
    }
    for (String p : selected) {
      if (!Set.of("suite", "wan", "scaling", "memory", "jmh").contains(p)) {
        throw new CommandLine.ParameterException(new CommandLine(this), "unknown part: " + p);
      }
    }
    Path cache = data != null ? data : defaultCache();
    String stamp = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    String outRoot = System.getenv("SQLOTEL_BENCH_OUT_ROOT");
    Path outDir = out != null ? out : Path.of(outRoot == null || outRoot.isBlank() ? "bench-results" : outRoot, stamp);
    Files.createDirectories(outDir);
    long t0 = System.nanoTime();

    SuiteResult suite = null;
    String datasetLine = "";
    if (selected.contains("suite") || selected.contains("wan")) {
      DatasetSpec spec = DatasetSpec.day(shards, spans, logs, metricPoints);
      Dataset ds = Dataset.prepare(cache, spec, true, log);
      datasetLine = String.format(Locale.ROOT, "%d shards of %.0f min, %,d spans + %,d logs + %,d metric points "
              + "(%s of shard files), seed %d", spec.shards(), spec.sliceNanos() / 6e10, spec.generatedSpans(),
          spec.generatedLogs(), spec.demoSpec().metricPointsPerShard() * (long) spec.shards(),
          Fmt.bytes(ds.shardBytes()), spec.seed());
      SuiteBench.Settings s = new SuiteBench.Settings(Duration.ofSeconds(selected.contains("suite") ? jitWarmup : 0),
          selected.contains("suite") ? warmup : 0,
          selected.contains("suite") ? runs : 0, !noMode4 && selected.contains("suite"), mode4Runs,
          Duration.ofSeconds(mode4Timeout), selected.contains("wan"), wanMbit, wanRttMs, wanWarmup, wanRuns, false);
      suite = SuiteBench.run(ds, s, log);
      write(outDir.resolve("suite.csv"), SuiteReport.csv(suite));
      log.println(SuiteReport.markdown(suite));
    }
    List<ScalingBench.Row> scaling = null;
    if (selected.contains("scaling")) {
      scaling = ScalingBench.run(cache, new ScalingBench.Settings(scalingShards, scalingRows, scalingRows,
          Math.max(1, scalingRows / 5), 5, Duration.ofSeconds(quick ? 2 : 5), scalingRuns, 200, false,
          Duration.ofSeconds(Math.min(jitWarmup, 30))), log);
      write(outDir.resolve("scaling.csv"), ScalingBench.csv(scaling));
      log.println(ScalingBench.markdown(scaling));
    }
    MemoryBench.Result memory = null;
    if (selected.contains("memory")) {
      memory = MemoryBench.run(cache, memoryRows, memoryXmx, log);
      write(outDir.resolve("memory.csv"), MemoryBench.csv(memory));
      log.println(MemoryBench.markdown(memory));
    }
    List<JmhBench.Row> jmhRows = null;
    if (selected.contains("jmh")) {
      jmhRows = JmhBench.run(jmhQuick, outDir.resolve("jmh-output.txt"), log);
      write(outDir.resolve("jmh.csv"), JmhBench.csv(jmhRows));
    }
    List<Targets.Target> targets = Targets.evaluate(suite, scaling, memory, jmhRows, 256L << 20);
    String report = report(datasetLine, suite, scaling, memory, jmhRows, targets, (System.nanoTime() - t0) / 1e9);
    write(outDir.resolve("results.md"), report);
    System.out.println(report);
    log.println("bench: results written to " + outDir.toAbsolutePath());
    return 0;
  }

  private void applyQuick() {
    if (!quick) {
      return;
    }
    logs = Math.min(logs, 200_000);
    spans = Math.min(spans, 200_000);
    metricPoints = Math.min(metricPoints, 48_000);
    warmup = Math.min(warmup, 1);
    jitWarmup = Math.min(jitWarmup, 15);
    runs = Math.min(runs, 3);
    wanRuns = Math.min(wanRuns, 2);
    mode4Timeout = Math.min(mode4Timeout, 30);
    scalingShards = scalingShards.stream().filter(n -> n <= 100).toList();
    scalingRuns = Math.min(scalingRuns, 5);
    memoryRows = Math.min(memoryRows, 1_000_000);
    jmhQuick = true;
    log.println("bench: --quick: reduced scale");
  }

  private static Path defaultCache() {
    String env = System.getenv("SQLOTEL_BENCH_DATA");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "sqlotel-bench");
  }

  private String report(String datasetLine, SuiteResult suite, List<ScalingBench.Row> scaling,
      MemoryBench.Result memory, List<JmhBench.Row> jmhRows, List<Targets.Target> targets, double seconds) {
    StringBuilder sb = new StringBuilder();
    sb.append("## sqlotel benchmark results\n\n");
    List<String> env = new ArrayList<>();
    env.add("date: " + LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))
        + " UTC");
    env.add("cores: " + Runtime.getRuntime().availableProcessors());
    env.add("memory: " + Fmt.bytes(totalMemory()));
    env.add("JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    env.add("OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version"));
    env.add(String.format(Locale.ROOT, "wall time: %.1f min", seconds / 60));
    for (String e : env) {
      sb.append("* ").append(e).append('\n');
    }
    if (!datasetLine.isEmpty()) {
      sb.append("* dataset: ").append(datasetLine).append('\n');
    }
    if (suite != null) {
      sb.append(String.format(Locale.ROOT, "* suite: %d s JIT warm-up of mode 1, %d warm-up + %d measured rounds, "
              + "interleaved; mode 4 at most %d runs per query with a %d s time box; WAN %.0f Mbit/s, %.0f ms RTT, "
              + "%d + %d rounds%n", jitWarmup, warmup, runs, mode4Runs, mode4Timeout, wanMbit, wanRttMs, wanWarmup,
          wanRuns));
    }
    sb.append("\n### Targets\n\n").append(Targets.markdown(targets));
    if (suite != null) {
      sb.append("\n### Dashboard suite\n\n").append(SuiteReport.markdown(suite));
    }
    if (scaling != null) {
      sb.append("\n### Scaling (tiny shards: ").append(scalingRows).append(" spans + ").append(scalingRows)
          .append(" logs each)\n\n").append(ScalingBench.markdown(scaling));
    }
    if (memory != null) {
      sb.append("\n### Memory\n\n").append(MemoryBench.markdown(memory));
    }
    if (jmhRows != null) {
      sb.append("\n### JMH microbenchmarks\n\n").append(JmhBench.markdown(jmhRows));
    }
    return sb.toString();
  }

  private static long totalMemory() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return -1;
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
