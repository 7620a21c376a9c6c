package io.sqlotel.bench.scale;

import io.sqlotel.bench.Fmt;
import io.sqlotel.bench.ProcessCpu;
import io.sqlotel.bench.Stats;
import io.sqlotel.bench.mode.Sample;
import io.sqlotel.bench.mode.SqlotelMode;
import io.sqlotel.bench.shards.Dataset;
import io.sqlotel.bench.shards.DatasetSpec;
import io.sqlotel.bench.shards.InProcessShards;
import io.sqlotel.bench.shards.ShardFleet;
import io.sqlotel.bench.shards.ShardHostProcess;
import io.sqlotel.bench.suite.BenchQuery;
import io.sqlotel.bench.suite.QuerySuite;
import io.sqlotel.planner.PlannerOptions;
import io.sqlotel.planner.QueryPlanner;
import io.sqlotel.planner.catalog.Catalog;
import io.sqlotel.planner.catalog.OtelTables;
import io.sqlotel.shard.client.ShardClient;
import io.sqlotel.shard.client.ShardClientConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The scaling runs: the same tiny shards, 1, 10, 100 and 1000 of them, each count served by real shard servers in a
 * separate JVM; per count and aggregate query the warm planning time (the planner called directly), and end to end
 * through JDBC: latency, the slowest shard's own time, coordinator overhead and CPU, and the shard host's CPU and
 * threads. The per-shard fan-out cost is the growth of the coordinator overhead from 1 shard, divided by the added
 * shards.
 */
public final class ScalingBench {
  /**
   * What to run.
   *
   * @param shardCounts the shard counts, ascending (the first is the baseline of the per-shard cost)
   * @param spansPerShard spans per shard
   * @param logsPerShard logs per shard
   * @param metricPointsPerShard metric points per shard
   * @param warmup unmeasured end-to-end runs per query, at least
   * @param warmupTime unmeasured end-to-end runs per query go on for at least this long
   * @param runs measured end-to-end runs per query
   * @param planningIterations measured planner calls per query (after as many warm-up calls)
   * @param inProcess run the shard servers in this JVM (unit tests)
   * @param jitWarmup how long the queries run in a loop at the first shard count before anything is measured, so
   *     that the JIT has compiled the planner and the coordinator (without it the first count measures C2 at work:
   *     5-25 ms of "overhead" per query at 1 shard that a warm server does not have); at every later count, whose
   *     shard servers run in a new JVM, the loop runs again for at most {@link #LATER_COUNT_WARMUP}
   */
  public record Settings(List<Integer> shardCounts, int spansPerShard, int logsPerShard, int metricPointsPerShard,
      int warmup, Duration warmupTime, int runs, int planningIterations, boolean inProcess, Duration jitWarmup) {}

  /**
   * One shard count and query.
   *
   * @param shards the shard count
   * @param query the query name
   * @param planningMs warm planning time, median, milliseconds
   * @param e2eMs end-to-end latency through JDBC, median, milliseconds
   * @param slowestShardMs the slowest shard's own time, median, milliseconds
   * @param overheadMs coordinator overhead, median, milliseconds
   * @param coordinatorCpuMs CPU of the coordinator JVM (engine, Flight server, JDBC client) per query, mean, ms
   * @param shardHostCpuMs CPU of the shard-server JVM per query, mean, milliseconds
   * @param shardHostThreads live threads of the shard-server JVM after the runs
   * @param startSeconds seconds to start the shard servers
   */
  public record Row(int shards, String query, double planningMs, double e2eMs, double slowestShardMs,
      double overheadMs, double coordinatorCpuMs, double shardHostCpuMs, int shardHostThreads, double startSeconds) {}

  /** The longest JIT warm-up loop at a shard count after the first (a new shard JVM is warmed for this long). */
  static final Duration LATER_COUNT_WARMUP = Duration.ofSeconds(15);

  private ScalingBench() {}

  /**
   * Runs the scaling measurements.
   *
   * @param cacheRoot where the tiny datasets are cached
   * @param s what to run
   * @param log progress
   * @return one row per shard count and query
   * @throws Exception if data cannot be generated or servers cannot start
   */
  public static List<Row> run(Path cacheRoot, Settings s, PrintStream log) throws Exception {
    List<Row> rows = new ArrayList<>();
    List<BenchQuery> queries = QuerySuite.scaling();
    for (int n : s.shardCounts()) {
      DatasetSpec spec = DatasetSpec.day(n, (long) n * s.spansPerShard(), (long) n * s.logsPerShard(),
          (long) n * s.metricPointsPerShard());
      Dataset ds = Dataset.prepare(cacheRoot, spec, false, log);
      long t0 = System.nanoTime();
      try (ShardFleet fleet = s.inProcess() ? InProcessShards.start(ds.shards())
          : ShardHostProcess.start(ds.shards(), n >= 500 ? "3g" : "1g", Duration.ofMinutes(10));
          ShardClient client = new ShardClient(ShardClientConfig.defaults())) {
        double startSeconds = (System.nanoTime() - t0) / 1e9;
        log.printf(Locale.ROOT, "scaling: %d shard servers started in %.1f s (%d threads in the shard JVM)%n", n,
            startSeconds, fleet.threadCount());
        QueryPlanner planner = new QueryPlanner(Catalog.of(fleet.descriptors(), OtelTables.definitions()),
            new PlannerOptions(true));
        try (SqlotelMode mode = new SqlotelMode("1", "sqlotel", fleet.descriptors(), client, true)) {
          // Every count starts a new shard JVM, which must be warmed as much as the coordinator: without it the
          // first measured query pays the shard JVM's JIT (14-17 ms of shard CPU per query at 100 shards instead of 8).
          Duration jit = n == s.shardCounts().get(0) ? s.jitWarmup()
              : s.jitWarmup().compareTo(LATER_COUNT_WARMUP) < 0 ? s.jitWarmup() : LATER_COUNT_WARMUP;
          if (!jit.isZero()) {
            long end = System.nanoTime() + jit.toNanos();
            int loops = 0;
            while (System.nanoTime() - end < 0) {
              for (BenchQuery q : queries) {
                check(mode.run(q), q, n);
                planner.plan(q.sqlotelSql(), List.of(), DatasetSpec.T0 + DatasetSpec.DAY_NANOS);
              }
              loops++;
            }
            log.printf(Locale.ROOT, "scaling: JIT warm-up at %d shards, %d rounds of the queries in %d s%n", n,
                loops, jit.toSeconds());
          }
          for (BenchQuery q : queries) {
            double planning = planningMedianMs(planner, q.sqlotelSql(), s.planningIterations());
            long warmupEnd = System.nanoTime() + s.warmupTime().toNanos();
            for (int i = 0; i < s.warmup() || System.nanoTime() - warmupEnd < 0; i++) {
              check(mode.run(q), q, n);
            }
            long hostCpu0 = fleet.cpuNanos();
            long cpu0 = ProcessCpu.nanos();
            List<Sample> samples = new ArrayList<>();
            for (int i = 0; i < s.runs(); i++) {
              samples.add(check(mode.run(q), q, n));
            }
            // CPU clocks tick in 10 ms steps: the mean over all runs resolves far better than per-run figures.
            double cpuMs = (ProcessCpu.nanos() - cpu0) / 1e6 / s.runs();
            long hostCpu = fleet.cpuNanos() - hostCpu0;
            Row row = new Row(n, q.name(), planning, median(samples, Sample::elapsedNanos),
                median(samples, Sample::slowestShardNanos), median(samples, Sample::overheadNanos),
                cpu0 < 0 ? Double.NaN : cpuMs, hostCpu0 < 0 ? Double.NaN : hostCpu / 1e6 / s.runs(),
                fleet.threadCount(), startSeconds);
            rows.add(row);
            log.printf(Locale.ROOT, "  %4d shards %-24s planning %s ms, e2e %s ms, overhead %s ms%n", n, q.name(),
                Fmt.ms(row.planningMs()), Fmt.ms(row.e2eMs()), Fmt.ms(row.overheadMs()));
          }
        }
      }
    }
    return rows;
  }

  private static Sample check(Sample s, BenchQuery q, int n) {
    if (!s.ok()) {
      throw new IllegalStateException(q.name() + " at " + n + " shards: " + s.message());
    }
    return s;
  }

  private static double planningMedianMs(QueryPlanner planner, String sql, int iterations) {
    long now = DatasetSpec.T0 + DatasetSpec.DAY_NANOS;
    for (int i = 0; i < iterations; i++) {
      planner.plan(sql, List.of(), now); // warm-up: class loading, JIT
    }
    double[] ms = new double[iterations];
    for (int i = 0; i < iterations; i++) {
      long t0 = System.nanoTime();
      planner.plan(sql, List.of(), now);
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    return Stats.median(ms);
  }

  private static double median(List<Sample> samples, java.util.function.ToLongFunction<Sample> f) {
    double[] v = samples.stream().mapToLong(f).filter(x -> x >= 0).mapToDouble(x -> x / 1e6).toArray();
    return Stats.median(v);
  }

  /**
   * The per-shard fan-out cost of {@code row}: its overhead minus the baseline's (the same query at the smallest
   * shard count), divided by the added shards; microseconds. NaN for the baseline itself.
   */
  public static double fanOutMicrosPerShard(List<Row> rows, Row row) {
    Row base = baseline(rows, row.query());
    if (base == null || base.shards() >= row.shards()) {
      return Double.NaN;
    }
    return (row.overheadMs() - base.overheadMs()) * 1000 / (row.shards() - base.shards());
  }

  /** Like {@link #fanOutMicrosPerShard} for the end-to-end latency. */
  public static double e2eMicrosPerShard(List<Row> rows, Row row) {
    Row base = baseline(rows, row.query());
    if (base == null || base.shards() >= row.shards()) {
      return Double.NaN;
    }
    return (row.e2eMs() - base.e2eMs()) * 1000 / (row.shards() - base.shards());
  }

  /** Like {@link #fanOutMicrosPerShard} for the coordinator's CPU time. */
  /**
   * The shortest wall time the query's CPU allows on this machine: the coordinator JVM's and the shard JVM's CPU per
   * query divided by the cores they share, milliseconds (NaN if a CPU figure is missing). When the overhead is close
   * to it, the machine's CPU, not waiting, sets the end-to-end time.
   */
  public static double cpuFloorMs(Row row) {
    return (row.coordinatorCpuMs() + row.shardHostCpuMs()) / Runtime.getRuntime().availableProcessors();
  }

  public static double cpuMicrosPerShard(List<Row> rows, Row row) {
    Row base = baseline(rows, row.query());
    if (base == null || base.shards() >= row.shards()) {
      return Double.NaN;
    }
    return (row.coordinatorCpuMs() - base.coordinatorCpuMs()) * 1000 / (row.shards() - base.shards());
  }

  private static Row baseline(List<Row> rows, String query) {
    Row base = null;
    for (Row r : rows) {
      if (r.query().equals(query) && (base == null || r.shards() < base.shards())) {
        base = r;
      }
    }
    return base;
  }

  /** The Markdown table. */
  public static String markdown(List<Row> rows) {
    StringBuilder sb = new StringBuilder(Fmt.mdHeader(List.of(">shards", "query", ">planning ms", ">e2e ms",
        ">slowest shard ms", ">overhead ms", ">fan-out µs/shard", ">e2e µs/shard", ">coord. CPU ms",
        ">coord. CPU µs/shard", ">shard JVM CPU ms", ">CPU floor ms", ">shard JVM threads")));
    for (Row r : rows) {
      sb.append(Fmt.mdRow(List.of(Integer.toString(r.shards()), r.query(), Fmt.ms(r.planningMs()), Fmt.ms(r.e2eMs()),
          Fmt.ms(r.slowestShardMs()), Fmt.ms(r.overheadMs()), Fmt.ms(fanOutMicrosPerShard(rows, r)),
          Fmt.ms(e2eMicrosPerShard(rows, r)), Fmt.ms(r.coordinatorCpuMs()), Fmt.ms(cpuMicrosPerShard(rows, r)),
          Fmt.ms(r.shardHostCpuMs()), Fmt.ms(cpuFloorMs(r)), Integer.toString(r.shardHostThreads()))));
    }
    return sb.toString();
  }

  /** The CSV. */
  public static String csv(List<Row> rows) {
    StringBuilder sb = new StringBuilder(Fmt.csvRow(List.of("shards", "query", "planning_ms", "e2e_ms",
        "slowest_shard_ms", "overhead_ms", "fanout_us_per_shard", "e2e_us_per_shard", "coordinator_cpu_ms",
        "coordinator_cpu_us_per_shard", "shard_jvm_cpu_ms", "cpu_floor_ms", "shard_jvm_threads", "start_s")));
    for (Row r : rows) {
      sb.append(Fmt.csvRow(List.of(Integer.toString(r.shards()), r.query(), Fmt.csv(r.planningMs()),
          Fmt.csv(r.e2eMs()), Fmt.csv(r.slowestShardMs()), Fmt.csv(r.overheadMs()),
          Fmt.csv(fanOutMicrosPerShard(rows, r)), Fmt.csv(e2eMicrosPerShard(rows, r)), Fmt.csv(r.coordinatorCpuMs()),
          Fmt.csv(cpuMicrosPerShard(rows, r)), Fmt.csv(r.shardHostCpuMs()), Fmt.csv(cpuFloorMs(r)),
          Integer.toString(r.shardHostThreads()),
          Fmt.csv(r.startSeconds()))));
    }
    return sb.toString();
  }
}
