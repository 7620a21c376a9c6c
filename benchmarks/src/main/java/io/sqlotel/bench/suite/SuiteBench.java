package io.sqlotel.bench.suite;

import io.sqlotel.bench.Stats;
import io.sqlotel.bench.mode.BenchMode;
import io.sqlotel.bench.mode.CalciteJdbcMode;
import io.sqlotel.bench.mode.SqliteMode;
import io.sqlotel.bench.mode.SqlotelMode;
import io.sqlotel.bench.shards.Dataset;
import io.sqlotel.bench.shards.InProcessShards;
import io.sqlotel.bench.shards.ShardFleet;
import io.sqlotel.bench.shards.ShardHostProcess;
import io.sqlotel.bench.wan.ThrottlingProxy;
import io.sqlotel.planner.PlannerOptions;
import io.sqlotel.planner.QueryPlanner;
import io.sqlotel.planner.catalog.Catalog;
import io.sqlotel.planner.catalog.OtelTables;
import io.sqlotel.shard.client.ShardClient;
import io.sqlotel.shard.client.ShardClientConfig;
import io.sqlotel.shard.demo.GeneratedShard;
import io.sqlotel.shard.meta.ShardDescriptor;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * The dashboard suite: modes 1–4 on loopback, interleaved, then modes 1 and 2 through the {@link ThrottlingProxy}
 * (the WAN mode), on one dataset served by real shard servers.
 */
public final class SuiteBench {
  /**
   * What to run.
   *
   * @param jitWarmup how long mode 1 loops over the queries before the rounds (JIT compilation)
   * @param warmup unmeasured rounds of modes 1–3
   * @param runs measured rounds of modes 1–3
   * @param mode4 whether to run mode 4
   * @param mode4Runs measured runs of mode 4 per query (it skips the warm-up rounds)
   * @param mode4Timeout the time box of one mode-4 run
   * @param wan whether to run the WAN modes
   * @param wanMbit the WAN link's bandwidth per direction, Mbit/s
   * @param wanRttMs the WAN link's round-trip time, milliseconds
   * @param wanWarmup unmeasured WAN rounds
   * @param wanRuns measured WAN rounds
   * @param inProcess run shard servers and mode 4 in this JVM (unit tests); otherwise in their own JVMs
   */
  public record Settings(Duration jitWarmup, int warmup, int runs, boolean mode4, int mode4Runs,
      Duration mode4Timeout, boolean wan,
      double wanMbit, double wanRttMs, int wanWarmup, int wanRuns, boolean inProcess) {}

  private SuiteBench() {}

  /**
   * Runs the suite on {@code dataset} (which must have its oracle).
   *
   * @param dataset the data
   * @param s what to run
   * @param log progress
   * @return every cell: modes 1, 2, 3, 4 and, with the WAN, 1-wan and 2-wan
   * @throws Exception if servers cannot start
   */
  public static SuiteResult run(Dataset dataset, Settings s, PrintStream log) throws Exception {
    String traceId = pickTraceId(dataset.oracle(), dataset.spec().startNanos(), dataset.spec().endNanos());
    List<BenchQuery> queries = QuerySuite.dashboard(dataset.spec().startNanos(), dataset.spec().endNanos(), traceId);
    List<GeneratedShard> shards = dataset.shards();
    try (ShardFleet fleet = s.inProcess() ? InProcessShards.start(shards)
        : ShardHostProcess.start(shards, "2g", Duration.ofMinutes(5));
        ShardClient client = new ShardClient(ShardClientConfig.defaults())) {
      List<BenchMode> modes = new ArrayList<>();
      try {
        modes.add(new SqlotelMode("1", "sqlotel, pushdown on (JDBC → Flight SQL → coordinator → "
            + shards.size() + " shard servers)", fleet.descriptors(), client, true));
        modes.add(new SqlotelMode("2", "sqlotel, pushdown off: filtered raw rows pulled, aggregated/sorted in the "
            + "coordinator (naive federation)", fleet.descriptors(), client, false));
        modes.add(new SqliteMode(dataset.oracle()));
        if (s.mode4()) {
          modes.add(new CalciteJdbcMode(shards.stream().map(GeneratedShard::file).toList(), s.mode4Timeout(),
              s.mode4Runs(), s.inProcess(), "3g"));
        }
        log.printf("suite: %d queries × %d modes on loopback, %d warm-up + %d measured rounds%s%n", queries.size(),
            modes.size(), s.warmup(), s.runs(), s.mode4() ? " (mode 4: " + s.mode4Runs() + " runs, "
                + s.mode4Timeout().toSeconds() + " s time box)" : "");
        SuiteResult result = SuiteRunner.run(queries, modes, s.jitWarmup(), s.warmup(), s.runs(), log);
        closeAll(modes);
        measurePlanning(result, queries, fleet.descriptors(), s.runs() == 0 ? 20 : 300);
        if (s.wan()) {
          result.merge(runWan(queries, fleet.descriptors(), client, s, log));
        }
        return result;
      } finally {
        closeAll(modes);
      }
    }
  }

  private static SuiteResult runWan(List<BenchQuery> queries, List<ShardDescriptor> shards, ShardClient client,
      Settings s, PrintStream log) throws Exception {
    List<InetSocketAddress> targets = new ArrayList<>();
    for (ShardDescriptor d : shards) {
      targets.add(new InetSocketAddress(d.baseUrl().getHost(), d.baseUrl().getPort()));
    }
    try (ThrottlingProxy proxy = ThrottlingProxy.start(targets, s.wanMbit(), s.wanRttMs())) {
      List<ShardDescriptor> proxied = new ArrayList<>();
      for (int i = 0; i < shards.size(); i++) {
        ShardDescriptor d = shards.get(i);
        proxied.add(new ShardDescriptor(d.id(), proxy.httpUri(i), d.range(), d.bearerToken(), d.int64AsText()));
      }
      String link = String.format(java.util.Locale.ROOT, "%.0f Mbit/s, %.0f ms RTT", s.wanMbit(), s.wanRttMs());
      List<BenchMode> modes = new ArrayList<>();
      try {
        modes.add(new SqlotelMode("1-wan", "mode 1 with every shard behind the throttling proxy (" + link + ")",
            proxied, client, true));
        modes.add(new SqlotelMode("2-wan", "mode 2 with every shard behind the throttling proxy (" + link + ")",
            proxied, client, false));
        log.printf("suite: WAN modes through the proxy (%s), %d warm-up + %d measured rounds%n", link, s.wanWarmup(),
            s.wanRuns());
        return SuiteRunner.run(queries, modes, Duration.ZERO, s.wanWarmup(), s.wanRuns(), log);
      } finally {
        closeAll(modes);
      }
    }
  }

  /**
   * The planner alone, warm: for each query as many unmeasured calls as measured ones, then the median and p95 of
   * {@code iterations} calls. This is the planning time of the targets; the engine's own figure in the suite table is
   * the run's (DoGet's) planning, 0 when the engine reused the plan made when the JDBC driver prepared the query.
   */
  private static void measurePlanning(SuiteResult result, List<BenchQuery> queries, List<ShardDescriptor> shards,
      int iterations) {
    QueryPlanner planner = new QueryPlanner(Catalog.of(shards, OtelTables.definitions()), new PlannerOptions(true));
    long now = shards.get(shards.size() - 1).range().endNanos();
    for (BenchQuery q : queries) {
      double[] ms = new double[iterations];
      for (int i = 0; i < 2 * iterations; i++) {
        long t0 = System.nanoTime();
        planner.plan(q.sqlotelSql(), List.of(), now);
        if (i >= iterations) {
          ms[i - iterations] = (System.nanoTime() - t0) / 1e6;
        }
      }
      result.planning(q.name(), Stats.median(ms), Stats.percentile(ms, 95));
    }
  }

  private static void closeAll(List<BenchMode> modes) {
    for (BenchMode m : modes) {
      m.close();
    }
    modes.clear();
  }

  /** A TraceId from the middle of the data, chosen deterministically. */
  static String pickTraceId(Path oracle, long start, long end) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    try (Connection c = config.createConnection("jdbc:sqlite:" + oracle.toAbsolutePath());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT \"TraceId\" FROM otel_traces WHERE \"Timestamp\" >= "
            + (start + (end - start) / 2) + " ORDER BY \"Timestamp\" LIMIT 1")) {
      return rs.next() ? rs.getString(1) : "0";
    }
  }
}
