package io.sqlotel.bench.suite;

import io.sqlotel.bench.Fmt;
import java.util.ArrayList;
import java.util.List;

/**
 * The suite's table: per query and mode the median and p95 end-to-end latency, rows returned, rows and bytes received
 * from the shards, coordinator overhead (end-to-end minus the slowest shard's own execution time), planning time, and
 * the ratios {@code speedup vs 2} (mode 2's median divided by this mode's; the WAN modes compare with {@code 2-wan})
 * and {@code time ÷ 3} (this mode's median divided by mode 3's).
 */
public final class SuiteReport {
  private static final List<String> HEADER = List.of("query", "mode", ">median ms", ">p95 ms", ">rows",
      ">rows from shards", ">bytes from shards", ">overhead ms", ">planning ms", ">speedup vs 2", ">time ÷ 3", "runs");

  private SuiteReport() {}

  /** The Markdown table, one row per query and mode, plus the legend of the modes. */
  public static String markdown(SuiteResult r) {
    StringBuilder sb = new StringBuilder();
    sb.append("Modes:\n\n");
    for (String id : r.modeIds()) {
      sb.append("* **").append(id).append("**: ").append(r.modeLabel(id)).append('\n');
    }
    sb.append('\n').append(Fmt.mdHeader(HEADER));
    for (BenchQuery q : r.queries()) {
      for (String id : r.modeIds()) {
        Cell c = r.cell(q.name(), id);
        if (c == null) {
          continue;
        }
        boolean failed = c.runs() == 0;
        sb.append(Fmt.mdRow(List.of(q.name(), id,
            failed ? c.status() : Fmt.ms(c.medianMs()) + (c.stopped() ? " (then " + c.status() + ")" : ""),
            Fmt.ms(c.p95Ms()), Fmt.count(c.rowsOut()), Fmt.count(c.rowsReceived()), Fmt.bytes(c.bytesReceived()),
            Fmt.ms(c.overheadMs()), Fmt.ms(c.planningMs()), Fmt.ratio(speedupVs2(r, q, id)),
            Fmt.ratio(timeVs3(r, q, id)), Integer.toString(c.runs()))));
      }
    }
    boolean planned = r.queries().stream().anyMatch(q -> r.planning(q.name()) != null);
    if (planned) {
      sb.append("\nPlanning alone (the planner called directly, warm, pushdown on; the table's planning column is the "
          + "engine's figure for the run itself: 0 when it reused the plan made at prepare, as for every query here "
          + "without CURRENT_TIMESTAMP or parameters):\n\n");
      sb.append(Fmt.mdHeader(List.of("query", ">median ms", ">p95 ms")));
      for (BenchQuery q : r.queries()) {
        double[] p = r.planning(q.name());
        if (p != null) {
          sb.append(Fmt.mdRow(List.of(q.name(), Fmt.ms(p[0]), Fmt.ms(p[1]))));
        }
      }
    }
    return sb.toString();
  }

  /** The CSV of every cell, with raw numbers (milliseconds, rows, bytes) and the status. */
  public static String csv(SuiteResult r) {
    StringBuilder sb = new StringBuilder(Fmt.csvRow(List.of("query", "kind", "mode", "status", "runs", "median_ms",
        "p95_ms", "rows_out", "rows_received", "bytes_received", "overhead_ms", "slowest_shard_ms", "planning_ms",
        "cpu_ms", "shard_requests", "speedup_vs_mode2", "time_vs_mode3", "warm_planner_median_ms")));
    for (BenchQuery q : r.queries()) {
      for (String id : r.modeIds()) {
        Cell c = r.cell(q.name(), id);
        if (c == null) {
          continue;
        }
        List<String> row = new ArrayList<>(List.of(q.name(), q.kind().name().toLowerCase(java.util.Locale.ROOT), id,
            c.status(), Integer.toString(c.runs()), Fmt.csv(c.medianMs()), Fmt.csv(c.p95Ms()), Fmt.csv(c.rowsOut()),
            Fmt.csv(c.rowsReceived()), Fmt.csv(c.bytesReceived()), Fmt.csv(c.overheadMs()),
            Fmt.csv(c.slowestShardMs()), Fmt.csv(c.planningMs()), Fmt.csv(c.cpuMs()), Fmt.csv(c.shardsAsked()),
            Fmt.csv(speedupVs2(r, q, id)), Fmt.csv(timeVs3(r, q, id)),
            r.planning(q.name()) == null || !id.equals("1") ? "" : Fmt.csv(r.planning(q.name())[0])));
        sb.append(Fmt.csvRow(row));
      }
    }
    return sb.toString();
  }

  /** Mode 2's median over this mode's (the WAN modes against {@code 2-wan}); NaN if either is missing. */
  public static double speedupVs2(SuiteResult r, BenchQuery q, String modeId) {
    String base = modeId.endsWith("-wan") ? "2-wan" : "2";
    return ratio(r.cell(q.name(), base), r.cell(q.name(), modeId));
  }

  /** This mode's median over mode 3's; NaN for the WAN modes or if either is missing. */
  public static double timeVs3(SuiteResult r, BenchQuery q, String modeId) {
    if (modeId.endsWith("-wan")) {
      return Double.NaN;
    }
    return ratio(r.cell(q.name(), modeId), r.cell(q.name(), "3"));
  }

  private static double ratio(Cell num, Cell den) {
    if (num == null || den == null || num.runs() == 0 || den.runs() == 0) {
      return Double.NaN;
    }
    return num.medianMs() / den.medianMs();
  }
}
