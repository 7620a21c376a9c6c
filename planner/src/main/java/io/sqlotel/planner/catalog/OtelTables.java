package io.sqlotel.planner.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * The OpenTelemetry tables every shard holds, with their declared columns.
 *
 * <p>Column names and order follow the OpenTelemetry Collector ClickHouse exporter's tables as mapped to SQLite in
 * the reference shard schema ({@code shared/spec/otel-sqlite-schema.sql}): timestamps are INTEGER nanoseconds since
 * the epoch (the time column is exposed as TIMESTAMP), attribute maps are JSON text exposed as
 * {@code MAP<VARCHAR, VARCHAR>} ({@link ColumnType#MAP}).
 */
public final class OtelTables {
  private OtelTables() {}

  private static final String METRIC_COMMON =
      "ResourceAttributes MAP, ResourceSchemaUrl VARCHAR, ScopeName VARCHAR, ScopeVersion VARCHAR,"
          + " ScopeAttributes MAP, ScopeDroppedAttrCount BIGINT, ScopeSchemaUrl VARCHAR, ServiceName VARCHAR,"
          + " MetricName VARCHAR, MetricDescription VARCHAR, MetricUnit VARCHAR, Attributes MAP,"
          + " StartTimeUnix BIGINT, TimeUnix TIMESTAMP, ";

  /** The seven OTel tables: logs, traces and the five metric point types, with the reference schema's indexes. */
  public static List<TableDef> definitions() {
    List<TableDef> out = new ArrayList<>();
    for (TableDef t : columnsOnly()) {
      out.add(t.withIndexes(indexes(t.name())));
    }
    return List.copyOf(out);
  }

  /**
   * The indexes of {@code shared/spec/otel-sqlite-schema.sql} (the reference shard schema that the shard server,
   * the loader and the shard worker create).
   */
  static List<IndexDef> indexes(String table) {
    return switch (table) {
      case "otel_logs" -> List.of(IndexDef.on("ServiceName", "Timestamp"), IndexDef.on("Timestamp"),
          new IndexDef(List.of("TraceId"), true));
      case "otel_traces" -> List.of(IndexDef.on("ServiceName", "SpanName", "Timestamp"), IndexDef.on("Timestamp"),
          IndexDef.on("TraceId"));
      default -> table.startsWith("otel_metrics_")
          ? List.of(IndexDef.on("MetricName", "ServiceName", "SeriesHash", "TimeUnix")) : List.of();
    };
  }

  private static List<TableDef> columnsOnly() {
    return List.of(
        table("otel_logs", "Timestamp",
            "Timestamp TIMESTAMP, TraceId VARCHAR, SpanId VARCHAR, TraceFlags BIGINT, SeverityText VARCHAR,"
                + " SeverityNumber BIGINT, ServiceName VARCHAR, Body VARCHAR, ResourceSchemaUrl VARCHAR,"
                + " ResourceAttributes MAP, ScopeSchemaUrl VARCHAR, ScopeName VARCHAR, ScopeVersion VARCHAR,"
                + " ScopeAttributes MAP, LogAttributes MAP, EventName VARCHAR"),
        table("otel_traces", "Timestamp",
            "Timestamp TIMESTAMP, TraceId VARCHAR, SpanId VARCHAR, ParentSpanId VARCHAR, TraceState VARCHAR,"
                + " SpanName VARCHAR, SpanKind VARCHAR, ServiceName VARCHAR, ResourceAttributes MAP,"
                + " ScopeName VARCHAR, ScopeVersion VARCHAR, SpanAttributes MAP, Duration BIGINT,"
                + " StatusCode VARCHAR, StatusMessage VARCHAR, Events VARCHAR, Links VARCHAR"),
        table("otel_metrics_gauge", "TimeUnix",
            METRIC_COMMON + "Value DOUBLE NULL, Flags BIGINT, Exemplars VARCHAR, SeriesHash BIGINT"),
        table("otel_metrics_sum", "TimeUnix",
            METRIC_COMMON + "Value DOUBLE NULL, Flags BIGINT, Exemplars VARCHAR, AggregationTemporality BIGINT,"
                + " IsMonotonic BIGINT, SeriesHash BIGINT"),
        table("otel_metrics_histogram", "TimeUnix",
            METRIC_COMMON + "Count BIGINT, Sum DOUBLE NULL, BucketCounts VARCHAR, ExplicitBounds VARCHAR,"
                + " Exemplars VARCHAR, Flags BIGINT, Min DOUBLE NULL, Max DOUBLE NULL, AggregationTemporality BIGINT,"
                + " SeriesHash BIGINT"),
        table("otel_metrics_exponential_histogram", "TimeUnix",
            METRIC_COMMON + "Count BIGINT, Sum DOUBLE NULL, Scale BIGINT, ZeroCount BIGINT, PositiveOffset BIGINT,"
                + " PositiveBucketCounts VARCHAR, NegativeOffset BIGINT, NegativeBucketCounts VARCHAR,"
                + " Exemplars VARCHAR, Flags BIGINT, Min DOUBLE NULL, Max DOUBLE NULL,"
                + " AggregationTemporality BIGINT, SeriesHash BIGINT"),
        table("otel_metrics_summary", "TimeUnix",
            METRIC_COMMON + "Count BIGINT, Sum DOUBLE NULL, ValueAtQuantiles VARCHAR, Flags BIGINT,"
                + " SeriesHash BIGINT"));
  }

  /** Parses a compact column list {@code "Name TYPE [NULL], ..."}; columns are NOT NULL unless marked NULL. */
  static TableDef table(String name, String timeColumn, String columns) {
    List<ColumnDef> defs = new ArrayList<>();
    for (String part : columns.split(",")) {
      String[] w = part.trim().split("\\s+");
      defs.add(new ColumnDef(w[0], ColumnType.parse(w[1]), w.length > 2 && w[2].equals("NULL")));
    }
    return new TableDef(name, timeColumn, defs);
  }
}
