-- sqlotel per-shard OpenTelemetry schema (one copy in every shard file and in the test oracle).
--
-- Tables and column names follow the OpenTelemetry Collector ClickHouse exporter so that queries
-- written for otel_logs / otel_traces / otel_metrics_* carry over unchanged. Storage rules:
--   * every time column is INTEGER nanoseconds since the Unix epoch, UTC (signed 64-bit);
--   * attribute maps are TEXT holding a JSON object whose values are strings ({"http.status_code":"200"});
--   * arrays and nested records are TEXT holding a JSON array;
--   * absent ids and strings are '' rather than NULL; only optional measurements (Value, Sum, Min, Max)
--     may be NULL (SQLite also turns NaN into NULL).
-- A shard covers one time slice; retention drops whole shard files, so there is no TTL column.
-- This file is split into statements at top-level semicolons: keep triggers out of it.

-- Log records.
CREATE TABLE IF NOT EXISTS otel_logs (
  Timestamp          INTEGER NOT NULL,
  TraceId            TEXT    NOT NULL DEFAULT '',
  SpanId             TEXT    NOT NULL DEFAULT '',
  TraceFlags         INTEGER NOT NULL DEFAULT 0,
  SeverityText       TEXT    NOT NULL DEFAULT '',
  SeverityNumber     INTEGER NOT NULL DEFAULT 0,
  ServiceName        TEXT    NOT NULL DEFAULT '',
  Body               TEXT    NOT NULL DEFAULT '',
  ResourceSchemaUrl  TEXT    NOT NULL DEFAULT '',
  ResourceAttributes TEXT    NOT NULL DEFAULT '{}',
  ScopeSchemaUrl     TEXT    NOT NULL DEFAULT '',
  ScopeName          TEXT    NOT NULL DEFAULT '',
  ScopeVersion       TEXT    NOT NULL DEFAULT '',
  ScopeAttributes    TEXT    NOT NULL DEFAULT '{}',
  LogAttributes      TEXT    NOT NULL DEFAULT '{}',
  EventName          TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS otel_logs_svc_ts ON otel_logs (ServiceName, Timestamp);
CREATE INDEX IF NOT EXISTS otel_logs_ts     ON otel_logs (Timestamp);
CREATE INDEX IF NOT EXISTS otel_logs_trace  ON otel_logs (TraceId) WHERE TraceId <> '';

-- Spans; Timestamp is the span start and Duration its length, both in nanoseconds.
CREATE TABLE IF NOT EXISTS otel_traces (
  Timestamp          INTEGER NOT NULL,
  TraceId            TEXT    NOT NULL,
  SpanId             TEXT    NOT NULL,
  ParentSpanId       TEXT    NOT NULL DEFAULT '',
  TraceState         TEXT    NOT NULL DEFAULT '',
  SpanName           TEXT    NOT NULL,
  SpanKind           TEXT    NOT NULL DEFAULT '',
  ServiceName        TEXT    NOT NULL DEFAULT '',
  ResourceAttributes TEXT    NOT NULL DEFAULT '{}',
  ScopeName          TEXT    NOT NULL DEFAULT '',
  ScopeVersion       TEXT    NOT NULL DEFAULT '',
  SpanAttributes     TEXT    NOT NULL DEFAULT '{}',
  Duration           INTEGER NOT NULL,
  StatusCode         TEXT    NOT NULL DEFAULT '',
  StatusMessage      TEXT    NOT NULL DEFAULT '',
  Events             TEXT    NOT NULL DEFAULT '[]',
  Links              TEXT    NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS otel_traces_svc_span_ts ON otel_traces (ServiceName, SpanName, Timestamp);
CREATE INDEX IF NOT EXISTS otel_traces_ts          ON otel_traces (Timestamp);
CREATE INDEX IF NOT EXISTS otel_traces_trace       ON otel_traces (TraceId);

-- First and last span start of each trace present in this shard (lookup of a trace's time range).
CREATE TABLE IF NOT EXISTS otel_traces_trace_id_ts (
  TraceId TEXT PRIMARY KEY,
  Start   INTEGER NOT NULL,
  End     INTEGER NOT NULL
) WITHOUT ROWID;

-- Metric points, one table per OTLP point type. SeriesHash identifies a time series (a hash of its
-- resource, scope and point attributes computed at ingest).
CREATE TABLE IF NOT EXISTS otel_metrics_gauge (
  ResourceAttributes    TEXT    NOT NULL DEFAULT '{}',
  ResourceSchemaUrl     TEXT    NOT NULL DEFAULT '',
  ScopeName             TEXT    NOT NULL DEFAULT '',
  ScopeVersion          TEXT    NOT NULL DEFAULT '',
  ScopeAttributes       TEXT    NOT NULL DEFAULT '{}',
  ScopeDroppedAttrCount INTEGER NOT NULL DEFAULT 0,
  ScopeSchemaUrl        TEXT    NOT NULL DEFAULT '',
  ServiceName           TEXT    NOT NULL DEFAULT '',
  MetricName            TEXT    NOT NULL,
  MetricDescription     TEXT    NOT NULL DEFAULT '',
  MetricUnit            TEXT    NOT NULL DEFAULT '',
  Attributes            TEXT    NOT NULL DEFAULT '{}',
  StartTimeUnix         INTEGER NOT NULL DEFAULT 0,
  TimeUnix              INTEGER NOT NULL,
  Value                 REAL,
  Flags                 INTEGER NOT NULL DEFAULT 0,
  Exemplars             TEXT    NOT NULL DEFAULT '[]',
  SeriesHash            INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS otel_metrics_gauge_k ON otel_metrics_gauge (MetricName, ServiceName, SeriesHash, TimeUnix);

CREATE TABLE IF NOT EXISTS otel_metrics_sum (
  ResourceAttributes     TEXT    NOT NULL DEFAULT '{}',
  ResourceSchemaUrl      TEXT    NOT NULL DEFAULT '',
  ScopeName              TEXT    NOT NULL DEFAULT '',
  ScopeVersion           TEXT    NOT NULL DEFAULT '',
  ScopeAttributes        TEXT    NOT NULL DEFAULT '{}',
  ScopeDroppedAttrCount  INTEGER NOT NULL DEFAULT 0,
  ScopeSchemaUrl         TEXT    NOT NULL DEFAULT '',
  ServiceName            TEXT    NOT NULL DEFAULT '',
  MetricName             TEXT    NOT NULL,
  MetricDescription      TEXT    NOT NULL DEFAULT '',
  MetricUnit             TEXT    NOT NULL DEFAULT '',
  Attributes             TEXT    NOT NULL DEFAULT '{}',
  StartTimeUnix          INTEGER NOT NULL DEFAULT 0,
  TimeUnix               INTEGER NOT NULL,
  Value                  REAL,
  Flags                  INTEGER NOT NULL DEFAULT 0,
  Exemplars              TEXT    NOT NULL DEFAULT '[]',
  AggregationTemporality INTEGER NOT NULL DEFAULT 0, -- 1 delta, 2 cumulative
  IsMonotonic            INTEGER NOT NULL DEFAULT 0, -- boolean 0/1
  SeriesHash             INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS otel_metrics_sum_k ON otel_metrics_sum (MetricName, ServiceName, SeriesHash, TimeUnix);

-- BucketCounts has one more entry than ExplicitBounds (the last bucket is unbounded above).
CREATE TABLE IF NOT EXISTS otel_metrics_histogram (
  ResourceAttributes     TEXT    NOT NULL DEFAULT '{}',
  ResourceSchemaUrl      TEXT    NOT NULL DEFAULT '',
  ScopeName              TEXT    NOT NULL DEFAULT '',
  ScopeVersion           TEXT    NOT NULL DEFAULT '',
  ScopeAttributes        TEXT    NOT NULL DEFAULT '{}',
  ScopeDroppedAttrCount  INTEGER NOT NULL DEFAULT 0,
  ScopeSchemaUrl         TEXT    NOT NULL DEFAULT '',
  ServiceName            TEXT    NOT NULL DEFAULT '',
  MetricName             TEXT    NOT NULL,
  MetricDescription      TEXT    NOT NULL DEFAULT '',
  MetricUnit             TEXT    NOT NULL DEFAULT '',
  Attributes             TEXT    NOT NULL DEFAULT '{}',
  StartTimeUnix          INTEGER NOT NULL DEFAULT 0,
  TimeUnix               INTEGER NOT NULL,
  Count                  INTEGER NOT NULL DEFAULT 0,
  Sum                    REAL,
  BucketCounts           TEXT    NOT NULL DEFAULT '[]',
  ExplicitBounds         TEXT    NOT NULL DEFAULT '[]',
  Exemplars              TEXT    NOT NULL DEFAULT '[]',
  Flags                  INTEGER NOT NULL DEFAULT 0,
  Min                    REAL,
  Max                    REAL,
  AggregationTemporality INTEGER NOT NULL DEFAULT 0,
  SeriesHash             INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS otel_metrics_histogram_k ON otel_metrics_histogram (MetricName, ServiceName, SeriesHash, TimeUnix);

CREATE TABLE IF NOT EXISTS otel_metrics_exponential_histogram (
  ResourceAttributes     TEXT    NOT NULL DEFAULT '{}',
  ResourceSchemaUrl      TEXT    NOT NULL DEFAULT '',
  ScopeName              TEXT    NOT NULL DEFAULT '',
  ScopeVersion           TEXT    NOT NULL DEFAULT '',
  ScopeAttributes        TEXT    NOT NULL DEFAULT '{}',
  ScopeDroppedAttrCount  INTEGER NOT NULL DEFAULT 0,
  ScopeSchemaUrl         TEXT    NOT NULL DEFAULT '',
  ServiceName            TEXT    NOT NULL DEFAULT '',
  MetricName             TEXT    NOT NULL,
  MetricDescription      TEXT    NOT NULL DEFAULT '',
  MetricUnit             TEXT    NOT NULL DEFAULT '',
  Attributes             TEXT    NOT NULL DEFAULT '{}',
  StartTimeUnix          INTEGER NOT NULL DEFAULT 0,
  TimeUnix               INTEGER NOT NULL,
  Count                  INTEGER NOT NULL DEFAULT 0,
  Sum                    REAL,
  Scale                  INTEGER NOT NULL DEFAULT 0,
  ZeroCount              INTEGER NOT NULL DEFAULT 0,
  PositiveOffset         INTEGER NOT NULL DEFAULT 0,
  PositiveBucketCounts   TEXT    NOT NULL DEFAULT '[]',
  NegativeOffset         INTEGER NOT NULL DEFAULT 0,
  NegativeBucketCounts   TEXT    NOT NULL DEFAULT '[]',
  Exemplars              TEXT    NOT NULL DEFAULT '[]',
  Flags                  INTEGER NOT NULL DEFAULT 0,
  Min                    REAL,
  Max                    REAL,
  AggregationTemporality INTEGER NOT NULL DEFAULT 0,
  SeriesHash             INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS otel_metrics_exph_k ON otel_metrics_exponential_histogram (MetricName, ServiceName, SeriesHash, TimeUnix);

CREATE TABLE IF NOT EXISTS otel_metrics_summary (
  ResourceAttributes    TEXT    NOT NULL DEFAULT '{}',
  ResourceSchemaUrl     TEXT    NOT NULL DEFAULT '',
  ScopeName             TEXT    NOT NULL DEFAULT '',
  ScopeVersion          TEXT    NOT NULL DEFAULT '',
  ScopeAttributes       TEXT    NOT NULL DEFAULT '{}',
  ScopeDroppedAttrCount INTEGER NOT NULL DEFAULT 0,
  ScopeSchemaUrl        TEXT    NOT NULL DEFAULT '',
  ServiceName           TEXT    NOT NULL DEFAULT '',
  MetricName            TEXT    NOT NULL,
  MetricDescription     TEXT    NOT NULL DEFAULT '',
  MetricUnit            TEXT    NOT NULL DEFAULT '',
  Attributes            TEXT    NOT NULL DEFAULT '{}',
  StartTimeUnix         INTEGER NOT NULL DEFAULT 0,
  TimeUnix              INTEGER NOT NULL,
  Count                 INTEGER NOT NULL DEFAULT 0,
  Sum                   REAL,
  ValueAtQuantiles      TEXT    NOT NULL DEFAULT '[]', -- [{"Quantile":q,"Value":v}]
  Flags                 INTEGER NOT NULL DEFAULT 0,
  SeriesHash            INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS otel_metrics_summary_k ON otel_metrics_summary (MetricName, ServiceName, SeriesHash, TimeUnix);
