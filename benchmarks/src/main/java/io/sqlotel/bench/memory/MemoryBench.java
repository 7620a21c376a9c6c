package io.sqlotel.bench.memory;

import io.sqlotel.bench.ChildJvm;
import io.sqlotel.bench.Fmt;
import io.sqlotel.bench.shards.Dataset;
import io.sqlotel.bench.shards.DatasetSpec;
import io.sqlotel.bench.shards.ShardHostProcess;
import io.sqlotel.shard.meta.ShardDescriptor;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The memory run: a raw {@code SELECT *} of N log rows streamed from 24 shard servers (their own JVM) through the
 * coordinator (a {@link MemoryServer} JVM started with a small {@code -Xmx}) to a JDBC client (this JVM), which reads
 * every value. Reports the coordinator's peak heap, direct and Arrow memory, and the throughput. Completing at all
 * under the {@code -Xmx} is the proof that the heap stays within it.
 */
public final class MemoryBench {
  /**
   * The outcome.
   *
   * @param rows rows requested (generated)
   * @param rowsRead rows the client read
   * @param xmx the coordinator's {@code -Xmx}
   * @param seconds wall time of the query, seconds
   * @param error null if the query completed, else what failed
   * @param peaks the coordinator's peaks ({@code heapUsed}, {@code heapPoolPeaks}, {@code oldGenAfterGc},
   *     {@code nioDirect}, {@code arrow}, {@code nettyDirect}, {@code rss}, {@code maxHeap}, {@code gcCount},
   *     {@code gcMillis}, {@code cpuNanos}), bytes or counts
   * @param clientCpuNanos CPU time of the JDBC client (this JVM) during the query, nanoseconds
   * @param shardCpuNanos CPU time of the shard servers' JVM during the query, nanoseconds
   */
  public record Result(long rows, long rowsRead, String xmx, double seconds, String error, Map<String, Long> peaks,
      long clientCpuNanos, long shardCpuNanos) {
    /** Rows per second read by the client. */
    public double rowsPerSecond() {
      return rowsRead / seconds;
    }
  }

  /** The query streamed. */
  public static final String SQL = "SELECT * FROM otel_logs";

  private MemoryBench() {}

  /**
   * Runs the memory measurement.
   *
   * @param cacheRoot where the dataset is cached
   * @param rows log rows in all (24 shards)
   * @param xmx the coordinator JVM's maximum heap, e.g. {@code "256m"}
   * @param log progress
   * @return the outcome
   * @throws Exception if data cannot be generated or processes cannot start
   */
  public static Result run(Path cacheRoot, long rows, String xmx, PrintStream log) throws Exception {
    Dataset ds = Dataset.prepare(cacheRoot, DatasetSpec.day(24, 0, rows, 0), false, log);
    long generated = ds.spec().generatedLogs();
    try (ShardHostProcess fleet = ShardHostProcess.start(ds.shards(), "1g", Duration.ofMinutes(5))) {
      Path list = Files.createTempFile("sqlotel-bench-memory", ".tsv");
      StringBuilder sb = new StringBuilder();
      for (ShardDescriptor d : fleet.descriptors()) {
        sb.append(d.id()).append('\t').append(d.baseUrl()).append('\t').append(d.range().startNanos()).append('\t')
            .append(d.range().endNanos()).append('\n');
      }
      Files.writeString(list, sb, StandardCharsets.UTF_8);
      List<String> jvm = ChildJvm.baseJvmOptions();
      jvm.add("-Xmx" + xmx);
      jvm.add("-XX:+HeapDumpOnOutOfMemoryError");
      jvm.add("-XX:HeapDumpPath=" + Path.of(System.getProperty("java.io.tmpdir"), "sqlotel-memory-run.hprof"));
      try (ChildJvm server = ChildJvm.start("memory-coordinator", MemoryServer.class, jvm,
          List.of(list.toString()))) {
        String url = server.expect("URL", Duration.ofMinutes(2));
        Files.deleteIfExists(list);
        long read = 0;
        String error = null;
        long t0 = System.nanoTime();
        long client0 = 0;
        long shard0 = 0;
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
          try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM otel_logs WHERE \"Timestamp\" < TIMESTAMP "
              + "'2000-01-01 00:00:00'")) {
            rs.next(); // warm-up: connection, planner, one fan-out
          }
          server.send("RESET");
          server.expect("OK", Duration.ofMinutes(1));
          log.printf(Locale.ROOT, "memory: streaming %,d rows (%s) through a coordinator with -Xmx%s ...%n",
              generated, SQL, xmx);
          t0 = System.nanoTime();
          client0 = io.sqlotel.bench.ProcessCpu.nanos();
          shard0 = fleet.cpuNanos();
          try (ResultSet rs = st.executeQuery(SQL)) {
            read = drain(rs, generated, log);
          } catch (Exception e) {
            error = e.toString();
          }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long clientCpu = io.sqlotel.bench.ProcessCpu.nanos() - client0;
        long shardCpu = fleet.cpuNanos() - shard0;
        Map<String, Long> peaks = new HashMap<>();
        try {
          server.send("REPORT");
          for (String kv : server.expect("PEAK", Duration.ofMinutes(1)).split(" ")) {
            String[] f = kv.split("=");
            peaks.put(f[0], Long.parseLong(f[1]));
          }
        } catch (Exception e) {
          error = (error == null ? "" : error + "; ") + "no report from the coordinator: " + e.getMessage();
        }
        return new Result(generated, read, xmx, seconds, error, peaks, clientCpu, shardCpu);
      }
    }
  }

  /** Reads every value with its typed getter; prints progress every 10% of the rows. */
  private static long drain(ResultSet rs, long expected, PrintStream log) throws java.sql.SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    int[] types = new int[n + 1];
    for (int i = 1; i <= n; i++) {
      types[i] = md.getColumnType(i);
    }
    long rows = 0;
    long sink = 0;
    long step = Math.max(1, expected / 10);
    while (rs.next()) {
      for (int i = 1; i <= n; i++) {
        switch (types[i]) {
          case Types.BIGINT, Types.INTEGER -> sink += rs.getLong(i);
          case Types.DOUBLE -> sink += (long) rs.getDouble(i);
          case Types.TIMESTAMP -> {
            Timestamp t = rs.getTimestamp(i);
            sink += t == null ? 0 : t.getNanos();
          }
          default -> {
            String s = rs.getString(i);
            sink += s == null ? 0 : s.length();
          }
        }
      }
      if (++rows % step == 0) {
        log.printf(Locale.ROOT, "  %,d rows%n", rows);
      }
    }
    return sink == Long.MIN_VALUE ? rows + 1 : rows;
  }

  /** The Markdown table of the result. */
  public static String markdown(Result r) {
    Map<String, Long> p = r.peaks();
    StringBuilder sb = new StringBuilder(Fmt.mdHeader(List.of("figure", ">value")));
    sb.append(Fmt.mdRow(List.of("query", "`" + SQL + "` (16 columns), every value read by the JDBC client")));
    sb.append(Fmt.mdRow(List.of("rows streamed", Fmt.count(r.rowsRead()) + " of " + Fmt.count(r.rows()))));
    sb.append(Fmt.mdRow(List.of("outcome", r.error() == null ? "completed" : "FAILED: " + r.error())));
    sb.append(Fmt.mdRow(List.of("coordinator -Xmx", r.xmx())));
    sb.append(Fmt.mdRow(List.of("wall time / throughput", String.format(Locale.ROOT, "%.1f s, %,.0f rows/s",
        r.seconds(), r.rowsPerSecond()))));
    sb.append(Fmt.mdRow(List.of("peak heap used (sampled every ms)", Fmt.bytes(p.getOrDefault("heapUsed", -1L)))));
    sb.append(Fmt.mdRow(List.of("sum of heap pools' peaks (upper bound)",
        Fmt.bytes(p.getOrDefault("heapPoolPeaks", -1L)))));
    sb.append(Fmt.mdRow(List.of("peak old gen after GC (live data)", Fmt.bytes(p.getOrDefault("oldGenAfterGc", -1L)))));
    sb.append(Fmt.mdRow(List.of("peak Arrow memory (server allocator)", Fmt.bytes(p.getOrDefault("arrow", -1L)))));
    sb.append(Fmt.mdRow(List.of("peak NIO direct buffers (gRPC/Netty)", Fmt.bytes(p.getOrDefault("nioDirect", -1L)))));
    sb.append(Fmt.mdRow(List.of("peak resident set size", Fmt.bytes(p.getOrDefault("rss", -1L)))));
    sb.append(Fmt.mdRow(List.of("CPU: shard servers / coordinator / JDBC client", String.format(Locale.ROOT,
        "%.1f s / %.1f s / %.1f s", r.shardCpuNanos() / 1e9, p.getOrDefault("cpuNanos", -1L) / 1e9,
        r.clientCpuNanos() / 1e9))));
    sb.append(Fmt.mdRow(List.of("GCs during the run", p.getOrDefault("gcCount", -1L) + " ("
        + p.getOrDefault("gcMillis", -1L) + " ms)")));
    return sb.toString();
  }

  /** The CSV of the result. */
  public static String csv(Result r) {
    Map<String, Long> p = r.peaks();
    List<String> keys = List.of("heapUsed", "heapPoolPeaks", "oldGenAfterGc", "arrow", "nettyDirect", "nioDirect",
        "rss", "maxHeap", "gcCount", "gcMillis", "cpuNanos");
    StringBuilder head = new StringBuilder("rows,rows_read,xmx,seconds,rows_per_s,client_cpu_ns,shard_cpu_ns,status");
    StringBuilder row = new StringBuilder(r.rows() + "," + r.rowsRead() + "," + r.xmx() + ","
        + Fmt.csv(r.seconds()) + "," + Fmt.csv(r.rowsPerSecond()) + "," + r.clientCpuNanos() + "," + r.shardCpuNanos()
        + "," + Fmt.csvText(r.error() == null ? "ok" : r.error()));
    for (String k : keys) {
      head.append(',').append(k);
      row.append(',').append(p.containsKey(k) ? p.get(k).toString() : "");
    }
    return head + "\n" + row + "\n";
  }
}
