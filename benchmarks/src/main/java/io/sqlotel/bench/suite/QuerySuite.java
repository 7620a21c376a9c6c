package io.sqlotel.bench.suite;

import io.sqlotel.bench.suite.BenchQuery.Kind;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The dashboard query suite: what a Grafana-style OTel dashboard asks, with "now" at the end of the data.
 *
 * <p>Each query exists in three dialects: sqlotel's (time columns are {@code TIMESTAMP}, {@code FLOOR(.. TO MINUTE)},
 * case-sensitive {@code LIKE}), SQLite's (time columns are INTEGER nanoseconds, {@code GLOB} for the same
 * case-sensitive match) and Calcite's JDBC adapter's (BIGINT nanoseconds, {@code LIKE}). They return the same number
 * of rows; the harness reports the counts of every mode side by side.
 */
public final class QuerySuite {
  private static final long MINUTE = 60_000_000_000L;
  private static final long HOUR = 60 * MINUTE;
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private QuerySuite() {}

  /**
   * The nine dashboard queries over data covering {@code [startNanos, endNanos)}.
   *
   * @param startNanos start of the data, nanoseconds since the epoch (whole seconds)
   * @param endNanos end of the data ("now"), nanoseconds since the epoch (whole seconds)
   * @param traceId a TraceId present in the data, for the lookup
   * @return the queries, in report order
   */
  public static List<BenchQuery> dashboard(long startNanos, long endNanos, String traceId) {
    long h6 = Math.max(startNanos, endNanos - 6 * HOUR);
    long h24 = Math.max(startNanos, endNanos - 24 * HOUR);
    long rawFrom = startNanos + (endNanos - startNanos) / 2 / MINUTE * MINUTE;
    long rawTo = rawFrom + 10 * MINUTE;
    String minute = "\"Timestamp\" / 60000000000 * 60000000000";
    String metricMinute = "\"TimeUnix\" / 60000000000 * 60000000000";
    String errorRate = "CAST(SUM(CASE WHEN \"StatusCode\" = 'Error' THEN 1 ELSE 0 END) AS DOUBLE) / COUNT(*) "
        + "AS \"ErrorRate\" ";
    String lookupCols = "\"Timestamp\", \"SpanId\", \"ParentSpanId\", \"ServiceName\", \"SpanName\", \"Duration\", "
        + "\"StatusCode\"";
    return List.of(
        q("severity_per_minute", Kind.AGGREGATE, "log count per minute and severity, last 6 h",
            "SELECT FLOOR(\"Timestamp\" TO MINUTE) AS \"Minute\", \"SeverityText\", COUNT(*) AS \"Logs\" "
                + "FROM otel_logs WHERE \"Timestamp\" >= " + ts(h6)
                + " GROUP BY FLOOR(\"Timestamp\" TO MINUTE), \"SeverityText\" ORDER BY 1, 2",
            "SELECT " + minute + " AS \"Minute\", \"SeverityText\", COUNT(*) AS \"Logs\" FROM otel_logs "
                + "WHERE \"Timestamp\" >= " + h6 + " GROUP BY " + minute + ", \"SeverityText\" ORDER BY 1, 2",
            null),
        q("error_rate_per_service", Kind.AGGREGATE, "spans, errors and error rate per service, last 24 h",
            "SELECT \"ServiceName\", COUNT(*) AS \"Spans\", "
                + "SUM(CASE WHEN \"StatusCode\" = 'Error' THEN 1 ELSE 0 END) AS \"Errors\", "
                + errorRate
                + "FROM otel_traces WHERE \"Timestamp\" >= " + ts(h24)
                + " GROUP BY \"ServiceName\" ORDER BY \"ErrorRate\" DESC",
            "SELECT \"ServiceName\", COUNT(*) AS \"Spans\", "
                + "SUM(CASE WHEN \"StatusCode\" = 'Error' THEN 1 ELSE 0 END) AS \"Errors\", "
                + errorRate
                + "FROM otel_traces WHERE \"Timestamp\" >= " + h24
                + " GROUP BY \"ServiceName\" ORDER BY \"ErrorRate\" DESC",
            null),
        q("latency_per_operation", Kind.AGGREGATE,
            "server-span count, avg/min/max duration per service and operation, last 24 h",
            "SELECT \"ServiceName\", \"SpanName\", COUNT(*) AS \"Spans\", AVG(\"Duration\") AS \"AvgNs\", "
                + "MIN(\"Duration\") AS \"MinNs\", MAX(\"Duration\") AS \"MaxNs\" FROM otel_traces "
                + "WHERE \"Timestamp\" >= " + ts(h24) + " AND \"SpanKind\" = 'Server' "
                + "GROUP BY \"ServiceName\", \"SpanName\" ORDER BY \"AvgNs\" DESC",
            "SELECT \"ServiceName\", \"SpanName\", COUNT(*) AS \"Spans\", AVG(\"Duration\") AS \"AvgNs\", "
                + "MIN(\"Duration\") AS \"MinNs\", MAX(\"Duration\") AS \"MaxNs\" FROM otel_traces "
                + "WHERE \"Timestamp\" >= " + h24 + " AND \"SpanKind\" = 'Server' "
                + "GROUP BY \"ServiceName\", \"SpanName\" ORDER BY \"AvgNs\" DESC",
            null),
        q("top_slowest_spans", Kind.TOP_N, "the 20 slowest spans, last 6 h",
            "SELECT \"TraceId\", \"SpanId\", \"ServiceName\", \"SpanName\", \"Duration\" FROM otel_traces "
                + "WHERE \"Timestamp\" >= " + ts(h6) + " ORDER BY \"Duration\" DESC LIMIT 20",
            "SELECT \"TraceId\", \"SpanId\", \"ServiceName\", \"SpanName\", \"Duration\" FROM otel_traces "
                + "WHERE \"Timestamp\" >= " + h6 + " ORDER BY \"Duration\" DESC LIMIT 20",
            null),
        q("log_search_like", Kind.SEARCH, "newest 100 logs whose body contains 'failed', last 6 h",
            "SELECT \"Timestamp\", \"ServiceName\", \"SeverityText\", \"Body\" FROM otel_logs "
                + "WHERE \"Timestamp\" >= " + ts(h6) + " AND \"Body\" LIKE '%failed%' "
                + "ORDER BY \"Timestamp\" DESC LIMIT 100",
            "SELECT \"Timestamp\", \"ServiceName\", \"SeverityText\", \"Body\" FROM otel_logs "
                + "WHERE \"Timestamp\" >= " + h6 + " AND \"Body\" GLOB '*failed*' "
                + "ORDER BY \"Timestamp\" DESC LIMIT 100",
            "SELECT \"Timestamp\", \"ServiceName\", \"SeverityText\", \"Body\" FROM otel_logs "
                + "WHERE \"Timestamp\" >= " + h6 + " AND \"Body\" LIKE '%failed%' "
                + "ORDER BY \"Timestamp\" DESC LIMIT 100"),
        q("distinct_services", Kind.AGGREGATE, "distinct services that logged, last 24 h",
            "SELECT DISTINCT \"ServiceName\" FROM otel_logs WHERE \"Timestamp\" >= " + ts(h24)
                + " ORDER BY \"ServiceName\"",
            "SELECT DISTINCT \"ServiceName\" FROM otel_logs WHERE \"Timestamp\" >= " + h24
                + " ORDER BY \"ServiceName\"",
            null),
        q("metric_rollup_per_minute", Kind.AGGREGATE, "gauge avg/max per minute, service and metric, last 6 h",
            "SELECT FLOOR(\"TimeUnix\" TO MINUTE) AS \"Minute\", \"ServiceName\", \"MetricName\", "
                + "AVG(\"Value\") AS \"Avg\", MAX(\"Value\") AS \"Max\" FROM otel_metrics_gauge "
                + "WHERE \"TimeUnix\" >= " + ts(h6) + " GROUP BY FLOOR(\"TimeUnix\" TO MINUTE), \"ServiceName\", "
                + "\"MetricName\" ORDER BY 1, 2, 3",
            "SELECT " + metricMinute + " AS \"Minute\", \"ServiceName\", \"MetricName\", "
                + "AVG(\"Value\") AS \"Avg\", MAX(\"Value\") AS \"Max\" FROM otel_metrics_gauge "
                + "WHERE \"TimeUnix\" >= " + h6 + " GROUP BY " + metricMinute + ", \"ServiceName\", \"MetricName\" "
                + "ORDER BY 1, 2, 3",
            null),
        q("trace_lookup", Kind.LOOKUP, "all spans of one trace by TraceId (no time range: every shard)",
            "SELECT " + lookupCols + " FROM otel_traces WHERE \"TraceId\" = '" + traceId + "' ORDER BY \"Timestamp\"",
            "SELECT " + lookupCols + " FROM otel_traces WHERE \"TraceId\" = '" + traceId + "' ORDER BY \"Timestamp\"",
            null),
        q("raw_time_range_scan", Kind.RAW, "every log of a 10-minute window, 5 columns, no ORDER BY",
            "SELECT \"Timestamp\", \"TraceId\", \"ServiceName\", \"SeverityText\", \"Body\" FROM otel_logs "
                + "WHERE \"Timestamp\" >= " + ts(rawFrom) + " AND \"Timestamp\" < " + ts(rawTo),
            "SELECT \"Timestamp\", \"TraceId\", \"ServiceName\", \"SeverityText\", \"Body\" FROM otel_logs "
                + "WHERE \"Timestamp\" >= " + rawFrom + " AND \"Timestamp\" < " + rawTo,
            null));
  }

  private static BenchQuery q(String name, Kind kind, String description, String sqlotel, String sqlite,
      String calcite) {
    return new BenchQuery(name, kind, description, sqlotel, sqlite, calcite == null ? sqlite : calcite);
  }

  /** A sqlotel TIMESTAMP literal for a whole-second instant. */
  static String ts(long nanos) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
        (int) Math.floorMod(nanos, 1_000_000_000L), ZoneOffset.UTC);
    return "TIMESTAMP '" + TS.format(t) + "'";
  }

  /**
   * The aggregate queries of the scaling runs: every shard is asked (no time filter), results are small.
   *
   * @return the queries (sqlotel dialect only is used)
   */
  public static List<BenchQuery> scaling() {
    return List.of(
        q("error_rate_per_service", Kind.AGGREGATE, "spans and errors per service, all data",
            "SELECT \"ServiceName\", COUNT(*) AS \"Spans\", "
                + "SUM(CASE WHEN \"StatusCode\" = 'Error' THEN 1 ELSE 0 END) AS \"Errors\" FROM otel_traces "
                + "GROUP BY \"ServiceName\"",
            "-", null),
        q("severity_counts", Kind.AGGREGATE, "log count per severity, all data",
            "SELECT \"SeverityText\", COUNT(*) AS \"Logs\" FROM otel_logs GROUP BY \"SeverityText\"", "-", null),
        q("distinct_services", Kind.AGGREGATE, "distinct services, all data",
            "SELECT DISTINCT \"ServiceName\" FROM otel_logs", "-", null));
  }
}
