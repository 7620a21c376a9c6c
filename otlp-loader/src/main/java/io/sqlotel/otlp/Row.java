package io.sqlotel.otlp;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One row for an OTel table: values in the order of {@link #columns(String)}; unset columns take their default. */
final class Row {
  static final String LOGS = "otel_logs";
  static final String TRACES = "otel_traces";
  static final String GAUGE = "otel_metrics_gauge";
  static final String SUM = "otel_metrics_sum";
  static final String HISTOGRAM = "otel_metrics_histogram";
  static final String EXP_HISTOGRAM = "otel_metrics_exponential_histogram";
  static final String SUMMARY = "otel_metrics_summary";

  /** The tables a load writes, in summary order. */
  static final List<String> TABLES = List.of(LOGS, TRACES, GAUGE, SUM, HISTOGRAM, EXP_HISTOGRAM, SUMMARY);

  private static final List<String> METRIC_COMMON = List.of("ResourceAttributes", "ResourceSchemaUrl", "ScopeName",
      "ScopeVersion", "ScopeAttributes", "ScopeDroppedAttrCount", "ScopeSchemaUrl", "ServiceName", "MetricName",
      "MetricDescription", "MetricUnit", "Attributes", "StartTimeUnix", "TimeUnix", "Flags", "SeriesHash");

  private static final Map<String, List<String>> COLUMNS = Map.of(
      LOGS, List.of("Timestamp", "TraceId", "SpanId", "TraceFlags", "SeverityText", "SeverityNumber", "ServiceName",
          "Body", "ResourceSchemaUrl", "ResourceAttributes", "ScopeSchemaUrl", "ScopeName", "ScopeVersion",
          "ScopeAttributes", "LogAttributes", "EventName"),
      TRACES, List.of("Timestamp", "TraceId", "SpanId", "ParentSpanId", "TraceState", "SpanName", "SpanKind",
          "ServiceName", "ResourceAttributes", "ScopeName", "ScopeVersion", "SpanAttributes", "Duration",
          "StatusCode", "StatusMessage", "Events", "Links"),
      GAUGE, concat(METRIC_COMMON, "Value", "Exemplars"),
      SUM, concat(METRIC_COMMON, "Value", "Exemplars", "AggregationTemporality", "IsMonotonic"),
      HISTOGRAM, concat(METRIC_COMMON, "Count", "Sum", "BucketCounts", "ExplicitBounds", "Exemplars", "Min", "Max",
          "AggregationTemporality"),
      EXP_HISTOGRAM, concat(METRIC_COMMON, "Count", "Sum", "Scale", "ZeroCount", "PositiveOffset",
          "PositiveBucketCounts", "NegativeOffset", "NegativeBucketCounts", "Exemplars", "Min", "Max", "AggregationTemporality"),
      SUMMARY, concat(METRIC_COMMON, "Count", "Sum", "ValueAtQuantiles"));

  private static final Map<String, Map<String, Integer>> INDEX = new HashMap<>();

  static {
    COLUMNS.forEach((table, cols) -> {
      Map<String, Integer> idx = new HashMap<>();
      for (int i = 0; i < cols.size(); i++) {
        idx.put(cols.get(i), i);
      }
      INDEX.put(table, idx);
    });
  }

  final String table;
  final Object[] values;
  /** The row's time column (Timestamp or TimeUnix) in nanoseconds since the epoch; decides its slice. */
  long timeNanos;

  Row(String table) {
    this.table = table;
    this.values = new Object[COLUMNS.get(table).size()];
  }

  /** The columns written for {@code table}, in value order. */
  static List<String> columns(String table) {
    return COLUMNS.get(table);
  }

  Row set(String column, Object value) {
    Integer i = INDEX.get(table).get(column);
    if (i == null) {
      throw new AssertionError("no column " + column + " in " + table);
    }
    values[i] = value;
    return this;
  }

  Object get(String column) {
    return values[INDEX.get(table).get(column)];
  }

  private static List<String> concat(List<String> head, String... tail) {
    List<String> all = new java.util.ArrayList<>(head);
    all.addAll(List.of(tail));
    return List.copyOf(all);
  }
}
