package io.sqlotel.planner;

/** Input SQL, expected shard SQL, expected coordinator plan. Generated once, then reviewed by hand. */
final class PushdownCases {
  private PushdownCases() {}

  static final String[] SQL = {
    "SELECT COUNT(*) FROM otel_logs",
    "SELECT ServiceName, COUNT(*) FROM otel_logs GROUP BY ServiceName",
    "SELECT ServiceName, SUM(Duration), MIN(Duration), MAX(SpanName), AVG(Duration) FROM otel_traces GROUP BY ServiceName",
    "SELECT COUNT(*) FROM otel_logs WHERE \"Timestamp\" >= TIMESTAMP '2026-01-01 02:00:00' AND \"Timestamp\" < TIMESTAMP '2026-01-01 04:00:00'",
    "SELECT COUNT(*) FROM otel_logs WHERE \"Timestamp\" BETWEEN TIMESTAMP '2026-01-01 05:00:00' AND TIMESTAMP '2026-01-01 05:30:00' OR \"Timestamp\" IN (TIMESTAMP '2026-01-01 10:00:00', TIMESTAMP '2026-01-01 23:59:59')",
    "SELECT COUNT(*) FROM otel_logs WHERE \"Timestamp\" > CURRENT_TIMESTAMP - INTERVAL '1' HOUR",
    "SELECT COUNT(*) FROM otel_logs WHERE \"Timestamp\" < TIMESTAMP '2025-01-01 00:00:00'",
    "SELECT COUNT(*) FROM otel_logs WHERE \"Timestamp\" < TIMESTAMP '2026-01-01 01:00:00' OR SeverityNumber > 20",
    "SELECT FLOOR(\"Timestamp\" TO MINUTE) AS m, SeverityText, COUNT(*) FROM otel_logs GROUP BY FLOOR(\"Timestamp\" TO MINUTE), SeverityText",
    "SELECT TIME_BUCKET(INTERVAL '90' MINUTE, \"Timestamp\") AS b, COUNT(*) FROM otel_logs GROUP BY TIME_BUCKET(INTERVAL '90' MINUTE, \"Timestamp\")",
    "SELECT COUNT(DISTINCT ServiceName) FROM otel_traces",
    "SELECT DISTINCT ServiceName FROM otel_traces",
    "SELECT ServiceName, COUNT(*) AS c FROM otel_traces GROUP BY ServiceName HAVING COUNT(*) > 10 ORDER BY c DESC LIMIT 3",
    "SELECT ServiceName, SUM(CASE WHEN StatusCode = 'Error' THEN 1 ELSE 0 END) AS errors, COUNT(*) FILTER (WHERE Duration > 1000000) AS slow FROM otel_traces GROUP BY ServiceName",
    "SELECT SpanName, Duration FROM otel_traces ORDER BY Duration DESC LIMIT 5 OFFSET 2",
    "SELECT Body FROM otel_logs LIMIT 10",
    "SELECT Body FROM otel_logs WHERE Body LIKE 'payment%'",
    "SELECT ServiceName, STDDEV_POP(Duration) FROM otel_traces GROUP BY ServiceName",
    "SELECT \"Timestamp\" + INTERVAL '1' HOUR, CHAR_LENGTH(Body) FROM otel_logs WHERE Body = '中文 🚀'",
    "SELECT CASE WHEN SeverityNumber > 9 THEN 'bad' ELSE 'fine' END AS s FROM otel_logs",
    "SELECT ServiceName, AVG(Duration) AS a FROM otel_traces WHERE \"Timestamp\" >= TIMESTAMP '2026-01-01 07:00:00' AND \"Timestamp\" < TIMESTAMP '2026-01-01 08:00:00' GROUP BY ServiceName HAVING COUNT(*) > 5 ORDER BY a DESC LIMIT 3",
    "SELECT FLOOR(\"Timestamp\" TO HOUR) AS h, COUNT(*) AS c FROM otel_logs GROUP BY FLOOR(\"Timestamp\" TO HOUR) HAVING COUNT(*) > 100 ORDER BY c DESC LIMIT 2",
    "SELECT STDDEV_SAMP(Duration) FROM otel_traces WHERE \"Timestamp\" < TIMESTAMP '2026-01-01 01:00:00'",
    "SELECT ServiceName, COUNT(*), APPROX_PERCENTILE(Duration, 0.5), APPROX_PERCENTILE(Duration, 0.99) FROM otel_traces GROUP BY ServiceName",
    "SELECT ServiceName, PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY Duration), PERCENTILE_DISC(0.9) WITHIN GROUP (ORDER BY Duration DESC), COUNT(*), AVG(Duration) FROM otel_traces GROUP BY ServiceName",
    "SELECT TIME_BUCKET(INTERVAL '5' MINUTE, \"Timestamp\") AS b, PERCENTILE_DISC(0.25) WITHIN GROUP (ORDER BY Duration / 1000) FROM otel_traces WHERE StatusCode = 'Error' GROUP BY TIME_BUCKET(INTERVAL '5' MINUTE, \"Timestamp\")",
    "SELECT PERCENTILE_CONT(1) WITHIN GROUP (ORDER BY Duration) FROM otel_traces WHERE \"Timestamp\" < TIMESTAMP '2026-01-01 01:00:00'",
    "SELECT ServiceName, PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY Duration), STDDEV_POP(Duration) FROM otel_traces GROUP BY ServiceName",
    "SELECT ServiceName, PERCENTILE_CONT(0.99) WITHIN GROUP (ORDER BY Duration), APPROX_PERCENTILE(Duration, 0.99), MAX(Duration) FROM otel_traces GROUP BY ServiceName",
    "SELECT JSON_VALUE(SpanAttributes, '$.\"http.method\"') AS m, COUNT(*) FROM otel_traces WHERE JSON_VALUE(ResourceAttributes, 'lax $.\"service.name\"') = 'cart' GROUP BY JSON_VALUE(SpanAttributes, '$.\"http.method\"')",
    // time conjuncts dropped for the shards inside them; the whole-shard GROUP BY then scans the table
    "SELECT ServiceName, COUNT(*) FROM otel_traces WHERE \"Timestamp\" >= TIMESTAMP '2026-01-01 01:30:00' AND \"Timestamp\" < TIMESTAMP '2026-01-01 05:00:00' AND SpanKind = 'Server' GROUP BY ServiceName",
    // a covering index (ServiceName, Timestamp) answers DISTINCT: no hint; the time index serves the partly covered shard
    "SELECT DISTINCT ServiceName FROM otel_logs WHERE \"Timestamp\" >= TIMESTAMP '2026-01-01 20:30:00'",
    // a constraint on an index's leading column: SQLite searches the index, no hint
    "SELECT SpanName, COUNT(*) FROM otel_traces WHERE ServiceName = 'cart' GROUP BY SpanName",
    // ORDER BY ... LIMIT without grouping: the time index gives the order, no hint, and the covered shards keep it
    "SELECT Body FROM otel_logs WHERE \"Timestamp\" >= TIMESTAMP '2026-01-01 22:00:00' ORDER BY \"Timestamp\" DESC LIMIT 5",
    "SELECT SpanAttributes['http.method'] AS m, COUNT(*) FROM otel_traces WHERE ResourceAttributes['service.name'] = 'cart' GROUP BY SpanAttributes['http.method']",
    "SELECT ServiceName, COUNT(*) FROM otel_traces WHERE CAST(SpanAttributes['http.status_code'] AS INTEGER) >= 500 GROUP BY ServiceName",
    "SELECT \"Timestamp\", TraceId, SpanAttributes FROM otel_traces WHERE SpanAttributes['http.route'] = '/api/cart' ORDER BY \"Timestamp\" DESC LIMIT 10",
    "SELECT LogAttributes['a\"b'], LogAttributes['it''s'], ScopeAttributes['x'] FROM otel_logs WHERE LogAttributes['k'] IS NULL",
    "SELECT Attributes['host'] AS h, AVG(\"Value\") FROM otel_metrics_gauge WHERE MetricName = 'cpu' GROUP BY Attributes['host']",
    "SELECT SpanAttributes['http.route'] AS route, APPROX_PERCENTILE(Duration, 0.95) FROM otel_traces WHERE SpanAttributes['http.method'] = 'GET' GROUP BY SpanAttributes['http.route']",
    "SELECT FLOOR(\"Timestamp\" TO MINUTE) AS t, UPPER(ServiceName) AS s, SpanAttributes['peer.service'] FROM otel_traces",
  };

  static final String[][] CASES = Generated.CASES;
}
