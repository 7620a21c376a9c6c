package io.sqlotel.it;

import static io.sqlotel.it.ParityQuery.of;

import java.util.List;

/**
 * The parity table: queries whose sqlotel result must equal the oracle's, over the demo tables and
 * {@code edge_values}. {@code true} marks queries whose ORDER BY fully determines the row order.
 */
final class ParityQueries {
  private ParityQueries() {}

  /** Two-pass population variance of Duration per service (SQLite has no VAR_POP), and its square root. */
  private static final String ORACLE_STDDEV = "SELECT t.ServiceName,"
      + " SQRT(AVG((t.Duration - m.mu) * (t.Duration - m.mu))), AVG((t.Duration - m.mu) * (t.Duration - m.mu))"
      + " FROM otel_traces t"
      + " JOIN (SELECT ServiceName, AVG(Duration) AS mu FROM otel_traces GROUP BY ServiceName) m"
      + " ON t.ServiceName = m.ServiceName GROUP BY t.ServiceName";

  /** Every parity query. */
  static final List<ParityQuery> ALL = List.of(
      // --- filters -------------------------------------------------------------------------------------
      of("count all", true, "SELECT COUNT(*) FROM otel_traces"),
      of("filter =", false, "SELECT \"Timestamp\", SpanId, Duration, StatusMessage FROM otel_traces"
          + " WHERE ServiceName = 'payment' AND StatusCode = 'Error'"),
      of("filter <> and <", false, "SELECT SpanId, Duration FROM otel_traces"
          + " WHERE ServiceName <> 'frontend' AND Duration < 2000000"),
      of("filter BETWEEN", true, "SELECT COUNT(*), SUM(Duration) FROM otel_traces"
          + " WHERE Duration BETWEEN 10000000 AND 50000000"),
      of("filter IN", false, "SELECT ServiceName, SeverityText, COUNT(*) FROM otel_logs"
          + " WHERE SeverityText IN ('WARN', 'ERROR') GROUP BY ServiceName, SeverityText"),
      of("filter IS NULL", false, "SELECT ServiceName, MetricName, \"TimeUnix\" FROM otel_metrics_gauge"
          + " WHERE \"Value\" IS NULL"),
      of("filter AND OR NOT", false, "SELECT SpanId, SpanName FROM otel_traces"
          + " WHERE (ServiceName = 'cart' OR ServiceName = 'auth') AND NOT (SpanKind = 'Client')"
          + " AND Duration >= 1000000"),
      of("LIKE prefix", true, "SELECT COUNT(*) FROM otel_logs WHERE Body LIKE 'order %'"),
      of("LIKE unicode", true, "SELECT COUNT(*), MIN(Body) FROM otel_logs"
          + " WHERE Body LIKE '%\u5546\u54C1 \uD83D\uDE80%'"),
      of("LIKE ESCAPE", false, "SELECT i, t FROM edge_values WHERE t LIKE 'a\\%b%' ESCAPE '\\'"),
      of("NOT IN with NULLs", false, "SELECT i, t FROM edge_values WHERE i NOT IN (1, 2, 3)"),
      of("DECIMAL literal comparison", true, "SELECT COUNT(*) FROM otel_traces WHERE Duration > 1500000.5"),
      of("time literal arithmetic", true, "SELECT COUNT(*) FROM otel_logs WHERE \"Timestamp\" >="
          + " {ts '2026-01-01 05:00:00'} - INTERVAL '30' MINUTE AND \"Timestamp\" < {ts '2026-01-01 05:00:00'}",
          "SELECT COUNT(*) FROM otel_logs WHERE \"Timestamp\" >= {ts '2026-01-01 04:30:00'}"
              + " AND \"Timestamp\" < {ts '2026-01-01 05:00:00'}"),
      of("LIKE underscore", false, "SELECT SpanName, COUNT(*) FROM otel_traces"
          + " WHERE SpanName LIKE 'GET /api/products/_id_'"
          + " GROUP BY SpanName"),
      // --- projections -----------------------------------------------------------------------------------
      of("integer arithmetic", false, "SELECT SpanId, Duration / 1000000 AS ms, Duration % 1000 AS rem,"
          + " Duration * 2 + 1 AS x, -Duration AS neg FROM otel_traces WHERE ServiceName = 'ad'"),
      of("DECIMAL arithmetic", false, "SELECT SpanId, Duration * 1.5, Duration / 2.5 FROM otel_traces"
          + " WHERE ServiceName = 'auth' AND Duration < 3000000"),
      of("CAST", false, "SELECT SpanId, CAST(Duration AS DOUBLE) / 1000, CAST(Duration / 1000 AS INTEGER)"
          + " FROM otel_traces WHERE ServiceName = 'email'"),
      of("string concatenation", false, "SELECT DISTINCT ServiceName || ':' || SpanKind FROM otel_traces"),
      of("COALESCE and CASE", false, "SELECT COALESCE(i, -1), COALESCE(t, 'none'), CASE WHEN r IS NULL THEN 'null'"
          + " WHEN r < 0 THEN 'neg' ELSE 'pos' END FROM edge_values"),
      of("boolean projection", false, "SELECT i, i > 0, t = 'abc' FROM edge_values"),
      of("double arithmetic", false, "SELECT SpanId, Duration / 1e6 AS ms FROM otel_traces WHERE ServiceName = 'auth'"),
      // --- time ranges -------------------------------------------------------------------------------------
      of("time range 2h", true, "SELECT COUNT(*), SUM(Duration), MAX(SpanId) FROM otel_traces"
          + " WHERE \"Timestamp\" >= {ts '2026-01-01 05:00:00'} AND \"Timestamp\" < {ts '2026-01-01 07:00:00'}"),
      of("time range BETWEEN", false, "SELECT ServiceName, COUNT(*) FROM otel_logs"
          + " WHERE \"Timestamp\" BETWEEN {ts '2026-01-01 10:30:00'} AND {ts '2026-01-01 13:15:00'}"
          + " GROUP BY ServiceName"),
      of("MIN MAX timestamp", true, "SELECT MIN(\"Timestamp\"), MAX(\"Timestamp\") FROM otel_traces"
          + " WHERE \"Timestamp\" >= {ts '2026-01-01 05:00:00'} AND \"Timestamp\" < {ts '2026-01-01 07:00:00'}"),
      of("time range empty", true, "SELECT COUNT(*), SUM(Duration) FROM otel_traces"
          + " WHERE \"Timestamp\" >= {ts '2026-01-02 00:00:00'}"),
      // --- ORDER BY, LIMIT, OFFSET -------------------------------------------------------------------------
      of("top-N", true, "SELECT SpanId, Duration, ServiceName FROM otel_traces"
          + " ORDER BY Duration DESC, SpanId LIMIT 10"),
      of("LIMIT OFFSET", true, "SELECT SpanId, Duration FROM otel_traces WHERE ServiceName = 'checkout'"
          + " ORDER BY \"Timestamp\", SpanId LIMIT 7 OFFSET 5"),
      of("ORDER BY all rows", true, "SELECT SpanId, SeverityNumber, ServiceName, Body FROM otel_logs"
          + " ORDER BY \"Timestamp\", SpanId, Body, ServiceName, SeverityNumber"),
      of("ORDER BY timestamp, selected", true, "SELECT \"Timestamp\", SpanId, Body FROM otel_logs"
          + " WHERE ServiceName = 'cart' ORDER BY \"Timestamp\", SpanId, Body"),
      of("ORDER BY aggregate", true, "SELECT ServiceName, SpanName, COUNT(*) AS n FROM otel_traces"
          + " GROUP BY ServiceName, SpanName ORDER BY n DESC, ServiceName, SpanName LIMIT 5"),
      // --- joins and subqueries -------------------------------------------------------------------------------
      of("join grouped", false, "SELECT l.SeverityText, t.ServiceName, COUNT(*) FROM otel_logs l JOIN otel_traces t"
          + " ON l.TraceId = t.TraceId AND l.SpanId = t.SpanId GROUP BY l.SeverityText, t.ServiceName"),
      of("join rows", false, "SELECT l.SeverityNumber, l.Body, t.SpanName, t.Duration FROM otel_logs l"
          + " JOIN otel_traces t ON l.SpanId = t.SpanId WHERE t.StatusCode = 'Error'"),
      of("join rows with timestamps", false, "SELECT l.\"Timestamp\", t.\"Timestamp\", l.Body FROM otel_logs l"
          + " JOIN otel_traces t ON l.SpanId = t.SpanId WHERE t.StatusCode = 'Error'"),
      of("LEFT JOIN", false, "SELECT t.SpanId, l.Body, l.SeverityNumber FROM otel_traces t"
          + " LEFT JOIN otel_logs l ON l.SpanId = t.SpanId WHERE t.ServiceName = 'payment'"),
      of("UNION ALL", false, "SELECT ServiceName, 'log' FROM otel_logs WHERE SeverityNumber = 17"
          + " UNION ALL SELECT ServiceName, 'span' FROM otel_traces WHERE StatusCode = 'Error'"),
      of("correlated scalar subquery", false, "SELECT s.ServiceName, (SELECT COUNT(*) FROM otel_logs l"
          + " WHERE l.ServiceName = s.ServiceName AND l.SeverityNumber >= 13) FROM"
          + " (SELECT DISTINCT ServiceName FROM otel_traces) s"),
      of("IN subquery", true, "SELECT COUNT(*) FROM otel_logs WHERE TraceId IN"
          + " (SELECT TraceId FROM otel_traces WHERE StatusCode = 'Error')"),
      of("EXISTS", true, "SELECT COUNT(*) FROM otel_traces t WHERE EXISTS"
          + " (SELECT 1 FROM otel_logs l WHERE l.SpanId = t.SpanId AND l.SeverityNumber >= 17)"),
      of("scalar subquery", false, "SELECT SpanId, Duration FROM otel_traces"
          + " WHERE Duration > (SELECT AVG(Duration) * 10 FROM otel_traces)"),
      // --- aggregates ----------------------------------------------------------------------------------------
      of("aggregates", true, "SELECT COUNT(*), COUNT(StatusMessage), COUNT(DISTINCT ServiceName), SUM(Duration),"
          + " MIN(Duration), MAX(Duration), AVG(Duration) FROM otel_traces"),
      of("MIN MAX text", true, "SELECT MIN(SpanName), MAX(SpanName), MIN(Body), MAX(Body) FROM otel_logs l"
          + " JOIN otel_traces t ON l.SpanId = t.SpanId"),
      of("GROUP BY HAVING", false, "SELECT ServiceName, COUNT(*) AS n, AVG(Duration), MAX(Duration) FROM otel_traces"
          + " GROUP BY ServiceName HAVING COUNT(*) > 100"),
      of("SUM CASE", false, "SELECT ServiceName, SUM(CASE WHEN StatusCode = 'Error' THEN 1 ELSE 0 END) AS errors,"
          + " COUNT(*) AS total FROM otel_traces GROUP BY ServiceName"),
      of("COUNT FILTER", false, "SELECT ServiceName, COUNT(*) FILTER (WHERE SeverityNumber >= 13), COUNT(*)"
          + " FROM otel_logs GROUP BY ServiceName"),
      of("COUNT DISTINCT per group", false, "SELECT ServiceName, COUNT(DISTINCT TraceId) FROM otel_traces"
          + " GROUP BY ServiceName"),
      of("SELECT DISTINCT", false, "SELECT DISTINCT ServiceName, SpanKind FROM otel_traces"),
      of("UNION", false, "SELECT ServiceName FROM otel_logs WHERE SeverityNumber = 17"
          + " UNION SELECT ServiceName FROM otel_traces WHERE StatusCode = 'Error'"),
      of("FLOOR TO MINUTE", false,
          "SELECT FLOOR(\"Timestamp\" TO MINUTE) AS m, COUNT(*) FROM otel_traces"
              + " WHERE \"Timestamp\" < {ts '2026-01-01 01:00:00'} GROUP BY FLOOR(\"Timestamp\" TO MINUTE)",
          "SELECT (\"Timestamp\" / 60000000000) * 60000000000 AS m, COUNT(*) FROM otel_traces"
              + " WHERE \"Timestamp\" < {ts '2026-01-01 01:00:00'}"
              + " GROUP BY (\"Timestamp\" / 60000000000) * 60000000000"),
      of("FLOOR TO HOUR", true,
          "SELECT FLOOR(\"Timestamp\" TO HOUR) AS h, COUNT(*), SUM(Duration) FROM otel_traces"
              + " GROUP BY FLOOR(\"Timestamp\" TO HOUR) ORDER BY h",
          "SELECT (\"Timestamp\" / 3600000000000) * 3600000000000 AS h, COUNT(*), SUM(Duration) FROM otel_traces"
              + " GROUP BY h ORDER BY h"),
      of("TIME_BUCKET 5 min", false,
          "SELECT TIME_BUCKET(INTERVAL '5' MINUTE, \"Timestamp\") AS b, COUNT(*), MAX(Duration) FROM otel_traces"
              + " WHERE \"Timestamp\" < {ts '2026-01-01 02:00:00'}"
              + " GROUP BY TIME_BUCKET(INTERVAL '5' MINUTE, \"Timestamp\")",
          "SELECT (\"Timestamp\" / 300000000000) * 300000000000 AS b, COUNT(*), MAX(Duration) FROM otel_traces"
              + " WHERE \"Timestamp\" < {ts '2026-01-01 02:00:00'} GROUP BY b"),
      of("ROW_NUMBER top 3 per service", false, "SELECT ServiceName, SpanId, Duration, rn FROM"
          + " (SELECT ServiceName, SpanId, Duration, ROW_NUMBER() OVER (PARTITION BY ServiceName"
          + " ORDER BY Duration DESC, SpanId) AS rn FROM otel_traces) WHERE rn <= 3"),
      of("running SUM window", false, "SELECT SpanId, SUM(Duration) OVER (PARTITION BY TraceId ORDER BY SpanId),"
          + " RANK() OVER (PARTITION BY TraceId ORDER BY Duration DESC, SpanId) FROM otel_traces"
          + " WHERE ServiceName = 'checkout'"),
      of("EXTRACT HOUR", false,
          "SELECT EXTRACT(HOUR FROM \"Timestamp\") AS h, COUNT(*) FROM otel_logs"
              + " GROUP BY EXTRACT(HOUR FROM \"Timestamp\")",
          "SELECT (\"Timestamp\" / 3600000000000) % 24 AS h, COUNT(*) FROM otel_logs GROUP BY h"),
      of("timestamp + INTERVAL", false,
          "SELECT SpanId, \"Timestamp\" + INTERVAL '1' HOUR FROM otel_traces WHERE ServiceName = 'email'",
          "SELECT SpanId, \"Timestamp\" + 3600000000000 FROM otel_traces WHERE ServiceName = 'email'"),
      of("LIMIT 0", true, "SELECT SpanId FROM otel_traces ORDER BY SpanId LIMIT 0"),
      // --- empty input, NULLs ---------------------------------------------------------------------------------
      of("aggregates over empty input", true, "SELECT COUNT(*), COUNT(Duration), SUM(Duration), MIN(Duration),"
          + " MAX(SpanName), AVG(Duration) FROM otel_traces WHERE ServiceName = 'no-such-service'"),
      of("GROUP BY over empty input", false, "SELECT ServiceName, COUNT(*) FROM otel_traces"
          + " WHERE ServiceName = 'no-such-service' GROUP BY ServiceName"),
      of("NULL-heavy gauge", false, "SELECT ServiceName, COUNT(*), COUNT(\"Value\"), SUM(\"Value\"), MIN(\"Value\"),"
          + " MAX(\"Value\"), AVG(\"Value\") FROM otel_metrics_gauge GROUP BY ServiceName"),
      of("NULL-heavy histogram", false, "SELECT MetricName, ServiceName, COUNT(\"Sum\"), SUM(\"Sum\"), MIN(\"Min\"),"
          + " MAX(\"Max\"), SUM(\"Count\") FROM otel_metrics_histogram GROUP BY MetricName, ServiceName"),
      of("sum metric spread", false, "SELECT ServiceName, MAX(\"Value\") - MIN(\"Value\"), COUNT(\"Value\")"
          + " FROM otel_metrics_sum"
          + " GROUP BY ServiceName"),
      of("all-NULL groups", false, "SELECT t, COUNT(*), COUNT(r), SUM(r), AVG(r), MAX(r) FROM edge_values"
          + " WHERE r IS NULL GROUP BY t"),
      of("zero-sum AVG", true, "SELECT AVG(i), SUM(i), AVG(r) FROM edge_values WHERE i IN (-1, 0, 1)"),
      // --- edge values ---------------------------------------------------------------------------------------
      of("edge round trip", true, "SELECT i, r, t, b FROM edge_values ORDER BY ts"),
      of("edge round trip with ts", true, "SELECT ts, i, r, t, b FROM edge_values ORDER BY ts"),
      of("edge scan without coordinator work", false, "SELECT ts, i, r, t, b FROM edge_values"),
      of("edge int64 extremes", false, "SELECT ts, i FROM edge_values WHERE i = 9007199254740993"
          + " OR i = 9223372036854775807 OR i = -9223372036854775807 - 1 OR i = -9007199254740993"),
      of("edge int64 range", true, "SELECT COUNT(*), MIN(i), MAX(i) FROM edge_values"),
      of("edge small-int arithmetic", false, "SELECT ts, i + 1, i - 1, i * 3, i / 2, i % 3 FROM edge_values"
          + " WHERE i BETWEEN -10000 AND 10000"),
      of("edge unicode equality", false, "SELECT ts, t FROM edge_values WHERE t IN"
          + " ('\u4E2D\u6587\u5B57\u7B26', 'e\u0301', '\u00E9', '\uD83D\uDE00 emoji \uD83D\uDE80', '')"),
      of("edge case-different strings", false, "SELECT t, COUNT(*) FROM edge_values WHERE t IS NOT NULL GROUP BY t"),
      of("edge ORDER BY text", true, "SELECT t, i FROM edge_values ORDER BY t, ts"),
      of("edge ORDER BY nullable", true, "SELECT i, r, t FROM edge_values ORDER BY i, ts"),
      of("edge ORDER BY DESC nullable", true, "SELECT r, t FROM edge_values ORDER BY r DESC, ts"),
      of("edge MIN MAX text", true, "SELECT MIN(t), MAX(t), COUNT(DISTINCT t), COUNT(t) FROM edge_values"),
      of("edge GROUP BY blob", false, "SELECT b, COUNT(*) FROM edge_values GROUP BY b"),
      of("edge MIN MAX REAL", true, "SELECT MIN(r), MAX(r), COUNT(r), COUNT(DISTINCT r) FROM edge_values"),
      of("edge > 2^53", false, "SELECT i FROM edge_values WHERE i > 9007199254740992"),
      of("edge ORDER BY NULLS LAST", true, "SELECT i, t FROM edge_values ORDER BY i NULLS LAST, ts"),
      of("edge ORDER BY DESC NULLS FIRST", true, "SELECT t, i FROM edge_values ORDER BY i DESC NULLS FIRST, ts"),
      of("edge blob equality", false, "SELECT i, b FROM edge_values WHERE b = X'010203'"),
      of("edge CHAR_LENGTH", false, "SELECT t, CHAR_LENGTH(t) FROM edge_values WHERE t IS NOT NULL",
          "SELECT t, LENGTH(t) FROM edge_values WHERE t IS NOT NULL"),
      // --- statistics, identifiers ---------------------------------------------------------------------------
      of("STDDEV_POP VAR_POP", false,
          "SELECT ServiceName, STDDEV_POP(Duration), VAR_POP(Duration) FROM otel_traces GROUP BY ServiceName",
          ORACLE_STDDEV),
      of("case-insensitive identifiers", false,
          "select servicename, count(*) from OTEL_LOGS group by SERVICENAME"),
      // --- JSON_VALUE on attribute maps --------------------------------------------------------------------------
      of("JSON_VALUE group key and filter", false,
          "SELECT JSON_VALUE(SpanAttributes, '$.\"http.method\"') AS m, COUNT(*) FROM otel_traces"
              + " WHERE JSON_VALUE(ResourceAttributes, '$.\"service.name\"') <> 'cart'"
              + " GROUP BY JSON_VALUE(SpanAttributes, '$.\"http.method\"')",
          "SELECT json_extract(SpanAttributes, '$.\"http.method\"') AS m, COUNT(*) FROM otel_traces"
              + " WHERE json_extract(ResourceAttributes, '$.\"service.name\"') <> 'cart'"
              + " GROUP BY json_extract(SpanAttributes, '$.\"http.method\"')"),
      of("JSON_VALUE of a missing member is NULL", false,
          "SELECT COUNT(*), COUNT(JSON_VALUE(SpanAttributes, '$.nope')) FROM otel_traces",
          "SELECT COUNT(*), COUNT(json_extract(SpanAttributes, '$.nope')) FROM otel_traces"),
      // --- attribute maps as MAP<VARCHAR, VARCHAR> ---------------------------------------------------------------
      of("map item filter and projection", false,
          "SELECT SpanId, SpanAttributes['http.route'], ResourceAttributes['host.name'] FROM otel_traces"
              + " WHERE SpanAttributes['http.status_code'] = '500'",
          "SELECT SpanId, json_extract(SpanAttributes, '$.\"http.route\"'),"
              + " json_extract(ResourceAttributes, '$.\"host.name\"') FROM otel_traces"
              + " WHERE json_extract(SpanAttributes, '$.\"http.status_code\"') = '500'"),
      of("map item GROUP BY", false,
          "SELECT SpanAttributes['http.method'] AS m, COUNT(*), SUM(Duration) FROM otel_traces"
              + " WHERE ResourceAttributes['service.name'] <> 'cart' GROUP BY SpanAttributes['http.method']",
          "SELECT json_extract(SpanAttributes, '$.\"http.method\"') AS m, COUNT(*), SUM(Duration) FROM otel_traces"
              + " WHERE json_extract(ResourceAttributes, '$.\"service.name\"') <> 'cart'"
              + " GROUP BY json_extract(SpanAttributes, '$.\"http.method\"')"),
      of("map item CAST to a number", false,
          "SELECT ServiceName, COUNT(*) FROM otel_traces WHERE CAST(SpanAttributes['db.rows'] AS INTEGER) >= 25"
              + " GROUP BY ServiceName",
          "SELECT ServiceName, COUNT(*) FROM otel_traces"
              + " WHERE CAST(json_extract(SpanAttributes, '$.\"db.rows\"') AS INTEGER) >= 25 GROUP BY ServiceName"),
      of("map item of a missing key is NULL", true,
          "SELECT COUNT(*), COUNT(SpanAttributes['nope']), COUNT(SpanAttributes['db.system']) FROM otel_traces",
          "SELECT COUNT(*), COUNT(json_extract(SpanAttributes, '$.nope')),"
              + " COUNT(json_extract(SpanAttributes, '$.\"db.system\"')) FROM otel_traces"),
      of("map item ORDER BY LIMIT", true,
          "SELECT LogAttributes['thread.name'] AS th, \"Timestamp\", Body FROM otel_logs"
              + " WHERE LogAttributes['order.id'] IS NOT NULL ORDER BY \"Timestamp\" DESC, Body LIMIT 7",
          "SELECT json_extract(LogAttributes, '$.\"thread.name\"') AS th, \"Timestamp\", Body FROM otel_logs"
              + " WHERE json_extract(LogAttributes, '$.\"order.id\"') IS NOT NULL ORDER BY \"Timestamp\" DESC, Body"
              + " LIMIT 7"),
      of("metric point attributes", false,
          "SELECT Attributes['http.route'] AS r, COUNT(*), SUM(\"Value\") FROM otel_metrics_sum"
              + " WHERE Attributes['http.route'] IS NOT NULL GROUP BY Attributes['http.route']",
          "SELECT json_extract(Attributes, '$.\"http.route\"') AS r, COUNT(*), SUM(\"Value\") FROM otel_metrics_sum"
              + " WHERE json_extract(Attributes, '$.\"http.route\"') IS NOT NULL"
              + " GROUP BY json_extract(Attributes, '$.\"http.route\"')"),
      of("whole maps", false, "SELECT SpanId, SpanAttributes, ResourceAttributes FROM otel_traces"
          + " WHERE ServiceName = 'payment' AND SpanKind = 'Server'"),
      of("whole maps through a hash join", false, "SELECT l.Body, l.LogAttributes, t.SpanAttributes"
          + " FROM otel_logs l JOIN otel_traces t ON l.SpanId = t.SpanId"
          + " WHERE t.ServiceName = 'checkout' AND l.SeverityNumber >= 9"),
      of("whole maps sorted", true, "SELECT SpanId, SpanAttributes FROM otel_traces ORDER BY Duration DESC, SpanId"
          + " LIMIT 15"),
      of("edge maps", false, "SELECT i, t, m FROM edge_values"),
      of("edge map items", false,
          "SELECT t, m['http.method'], m['k'], m['quote\"key'], m['back\\slash'], m['it''s'],"
              + " m['\u4E2D\u6587.\u952E'], m['n'], m['f'], m['bool'], m['obj'], m['nil'] FROM edge_values",
          "SELECT t, json_extract(m, '$.\"http.method\"'), json_extract(m, '$.k'),"
              + " (SELECT value FROM json_each(m) WHERE key = 'quote\"key'),"
              + " (SELECT value FROM json_each(m) WHERE key = 'back\\slash'), json_extract(m, '$.\"it''s\"'),"
              + " json_extract(m, '$.\"\u4E2D\u6587.\u952E\"'), CAST(json_extract(m, '$.n') AS TEXT),"
              + " CAST(json_extract(m, '$.f') AS TEXT), CAST(json_extract(m, '$.bool') AS TEXT),"
              + " json_extract(m, '$.obj'), json_extract(m, '$.nil') FROM edge_values"),
      of("edge map item with a computed key (coordinator)", false,
          "SELECT i, m[CASE WHEN i > 0 THEN 'k' ELSE 'http.method' END] FROM edge_values",
          "SELECT i, json_extract(m, CASE WHEN i > 0 THEN '$.k' ELSE '$.\"http.method\"' END) FROM edge_values"),
      of("edge map item CAST follows SQLite", false,
          "SELECT t, CAST(m['http.status_code'] AS INTEGER) FROM edge_values WHERE m['http.status_code'] IS NOT NULL",
          "SELECT t, CAST(json_extract(m, '$.\"http.status_code\"') AS INTEGER) FROM edge_values"
              + " WHERE json_extract(m, '$.\"http.status_code\"') IS NOT NULL"));
}
