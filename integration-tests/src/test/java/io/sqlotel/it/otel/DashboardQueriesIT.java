package io.sqlotel.it.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.coordinator.QueryStats;
import io.sqlotel.it.Oracle;
import io.sqlotel.it.ParityQuery;
import io.sqlotel.it.ShardedCluster;
import io.sqlotel.shard.client.ShardRequestStats;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The OpenTelemetry Collector ClickHouse exporter README's example queries (traces by TraceId, by service and span
 * attribute in a time range, durations; logs by time, service, attribute, body search; metrics) and Grafana-style OTel
 * dashboard panels (request and error rate per service per minute, p50/p95/p99 latency per service, top slow
 * operations, log volume by severity per minute, attribute filters), written in sqlotel's SQL, over the demo data in 24
 * hourly shards (realistic resource, span, log and metric attributes).
 *
 * <p>Each result equals the unsharded SQLite oracle's (APPROX_PERCENTILE columns within the documented 1% relative
 * error of the exact value of rank floor(q·(n−1)), computed on the oracle with window functions), and the shards' SQL
 * and traffic show the pushdown: attribute filters in every shard's WHERE, time ranges pruning shards, aggregates as
 * partial aggregates (at most one row per group per shard), percentiles as bucket counts (fewer rows than the raw
 * rows). Time ranges are literal bounds, as Grafana's {@code $__timeFilter} expands them.
 */
class DashboardQueriesIT {
  private static final int SHARDS = 24;
  private static final Duration WAIT = Duration.ofSeconds(10);
  /** Relative error bound of APPROX_PERCENTILE (README, "SQL"). */
  private static final double PERCENTILE_ERROR = 0.01;

  /** How the shards' traffic must look. */
  enum Shape {
    /** Raw rows of a filtered (possibly limited) scan: no more rows than match the filter. */
    ROWS,
    /** Partial aggregates: at most one row per result group per shard, fewer than the raw rows. */
    AGGREGATE,
    /** Percentile bucket counts: GROUP BY with the log-bucket expression, fewer rows than the raw rows. */
    PERCENTILE
  }

  /**
   * One dashboard or README query.
   *
   * @param query the sqlotel SQL and the oracle SQL (same columns, same order)
   * @param shape the expected shard traffic
   * @param rawCount oracle SQL counting the rows the query reads after its WHERE clause
   * @param shardSqlContains fragments every shard request's SQL must contain (pushed predicates)
   * @param shardsAsked the number of shards that must be asked (after time pruning)
   * @param approximate the 0-based result columns compared within {@link #PERCENTILE_ERROR}
   */
  record Case(ParityQuery query, Shape shape, String rawCount, List<String> shardSqlContains, int shardsAsked,
      Set<Integer> approximate) {
    @Override
    public String toString() {
      return query.name();
    }
  }

  private static ShardedCluster cluster;
  private static Connection sqlotel;
  private static Connection oracleConnection;
  private static String traceId;

  @BeforeAll
  static void connect() throws Exception {
    cluster = ShardedCluster.shared(SHARDS);
    sqlotel = cluster.connect();
    oracleConnection = cluster.connectOracle();
    try (Statement st = oracleConnection.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT TraceId FROM otel_traces WHERE ParentSpanId = '' ORDER BY Duration DESC, TraceId LIMIT 1")) {
      rs.next();
      traceId = rs.getString(1);
    }
  }

  @AfterAll
  static void close() throws Exception {
    sqlotel.close();
    oracleConnection.close();
    assertEquals(0, cluster.awaitAllocatorIdle(WAIT), "Arrow bytes still allocated by the Flight server");
  }

  /** A window of 6 hours: 06:00 to 12:00 (shard 11 is one of the empty ones, still asked). */
  private static final String FROM = "{ts '2026-01-01 06:00:00'}";
  private static final String TO = "{ts '2026-01-01 12:00:00'}";
  private static final String WINDOW = "\"Timestamp\" >= " + FROM + " AND \"Timestamp\" < " + TO;
  private static final int WINDOW_SHARDS = 6;
  private static final String MINUTE = "(\"Timestamp\" / 60000000000) * 60000000000";

  private static Case rows(String name, boolean ordered, String sql, String oracleSql, String rawCount, int shards,
      String... pushed) {
    return new Case(ParityQuery.of(name, ordered, sql, oracleSql), Shape.ROWS, rawCount, List.of(pushed), shards,
        Set.of());
  }

  private static Case agg(String name, boolean ordered, String sql, String oracleSql, String rawCount, int shards,
      String... pushed) {
    return new Case(ParityQuery.of(name, ordered, sql, oracleSql), Shape.AGGREGATE, rawCount, List.of(pushed), shards,
        Set.of());
  }

  /** Exact oracle value of rank floor(q·(n−1)) of {@code x} per group, from a window-function sub-query {@code r}. */
  private static String exactAtRank(String q) {
    return "MAX(CASE WHEN rk = CAST(" + q + " * (n - 1) AS INTEGER) THEN x END)";
  }

  static Stream<Arguments> cases() {
    String trace = "'" + traceId + "'";
    List<Case> cases = new ArrayList<>();
    // --- ClickHouse exporter README: traces ---------------------------------------------------------------------
    cases.add(rows("README: spans of a trace", true,
        "SELECT \"Timestamp\", TraceId, SpanId, ParentSpanId, SpanName, SpanKind, ServiceName, Duration, StatusCode,"
            + " StatusMessage, SpanAttributes, ResourceAttributes FROM otel_traces WHERE TraceId = " + trace
            + " ORDER BY \"Timestamp\", SpanId",
        "SELECT \"Timestamp\", TraceId, SpanId, ParentSpanId, SpanName, SpanKind, ServiceName, Duration, StatusCode,"
            + " StatusMessage, SpanAttributes, ResourceAttributes FROM otel_traces WHERE TraceId = " + trace
            + " ORDER BY \"Timestamp\", SpanId",
        "SELECT COUNT(*) FROM otel_traces WHERE TraceId = " + trace, SHARDS, "WHERE \"TraceId\" = " + trace));
    cases.add(rows("README: spans by service and span attribute in a time range", true,
        "SELECT \"Timestamp\", TraceId, SpanId, SpanName, Duration, StatusCode, SpanAttributes FROM otel_traces"
            + " WHERE ServiceName = 'frontend' AND SpanAttributes['peer.service'] = 'catalog' AND " + WINDOW
            + " ORDER BY \"Timestamp\" DESC, SpanId LIMIT 100",
        "SELECT \"Timestamp\", TraceId, SpanId, SpanName, Duration, StatusCode, SpanAttributes FROM otel_traces"
            + " WHERE ServiceName = 'frontend' AND json_extract(SpanAttributes, '$.\"peer.service\"') = 'catalog'"
            + " AND " + WINDOW + " ORDER BY \"Timestamp\" DESC, SpanId LIMIT 100",
        "SELECT COUNT(*) FROM otel_traces WHERE ServiceName = 'frontend'"
            + " AND json_extract(SpanAttributes, '$.\"peer.service\"') = 'catalog' AND " + WINDOW, WINDOW_SHARDS,
        "json_extract(\"SpanAttributes\", '$.\"peer.service\"') = 'catalog'", "LIMIT 100"));
    cases.add(rows("README: slow traces (root span duration) by route", true,
        "SELECT TraceId, ServiceName, SpanAttributes['http.route'] AS route, Duration / 1000000 AS ms FROM otel_traces"
            + " WHERE ParentSpanId = '' AND Duration > 200000000 AND SpanAttributes['http.method'] = 'POST'"
            + " ORDER BY Duration DESC, TraceId LIMIT 20",
        "SELECT TraceId, ServiceName, json_extract(SpanAttributes, '$.\"http.route\"') AS route, Duration / 1000000"
            + " AS ms FROM otel_traces WHERE ParentSpanId = '' AND Duration > 200000000"
            + " AND json_extract(SpanAttributes, '$.\"http.method\"') = 'POST' ORDER BY Duration DESC, TraceId LIMIT 20",
        "SELECT COUNT(*) FROM otel_traces WHERE ParentSpanId = '' AND Duration > 200000000"
            + " AND json_extract(SpanAttributes, '$.\"http.method\"') = 'POST'", SHARDS,
        "json_extract(\"SpanAttributes\", '$.\"http.method\"') = 'POST'", "\"Duration\" > 200000000"));
    cases.add(agg("README: trace durations (first span to last span end)", false,
        "SELECT TraceId, MIN(\"Timestamp\") AS first_ts, COUNT(*) AS spans, MAX(Duration) AS root_ns FROM otel_traces"
            + " WHERE " + WINDOW + " AND ServiceName = 'checkout' GROUP BY TraceId",
        "SELECT TraceId, MIN(\"Timestamp\") AS first_ts, COUNT(*) AS spans, MAX(Duration) AS root_ns FROM otel_traces"
            + " WHERE " + WINDOW + " AND ServiceName = 'checkout' GROUP BY TraceId",
        "SELECT COUNT(*) FROM otel_traces WHERE " + WINDOW + " AND ServiceName = 'checkout'", WINDOW_SHARDS,
        "GROUP BY \"TraceId\""));
    // --- ClickHouse exporter README: logs -----------------------------------------------------------------------
    cases.add(rows("README: logs in a time range", true,
        "SELECT \"Timestamp\" AS log_time, Body FROM otel_logs WHERE " + WINDOW
            + " ORDER BY \"Timestamp\", Body LIMIT 100",
        "SELECT \"Timestamp\" AS log_time, Body FROM otel_logs WHERE " + WINDOW
            + " ORDER BY \"Timestamp\", Body LIMIT 100",
        "SELECT COUNT(*) FROM otel_logs WHERE " + WINDOW, WINDOW_SHARDS, "LIMIT 100"));
    cases.add(rows("README: logs by service and log attribute", false,
        "SELECT \"Timestamp\", SeverityText, Body, LogAttributes FROM otel_logs WHERE ServiceName = 'checkout'"
            + " AND LogAttributes['thread.name'] = 'worker-7' AND " + WINDOW,
        "SELECT \"Timestamp\", SeverityText, Body, LogAttributes FROM otel_logs WHERE ServiceName = 'checkout'"
            + " AND json_extract(LogAttributes, '$.\"thread.name\"') = 'worker-7' AND " + WINDOW,
        "SELECT COUNT(*) FROM otel_logs WHERE ServiceName = 'checkout'"
            + " AND json_extract(LogAttributes, '$.\"thread.name\"') = 'worker-7' AND " + WINDOW, WINDOW_SHARDS,
        "json_extract(\"LogAttributes\", '$.\"thread.name\"') = 'worker-7'"));
    cases.add(rows("README: log body search", false,
        "SELECT \"Timestamp\", ServiceName, Body FROM otel_logs WHERE Body LIKE '%order%' AND SeverityNumber >= 13",
        "SELECT \"Timestamp\", ServiceName, Body FROM otel_logs WHERE Body GLOB '*order*' AND SeverityNumber >= 13",
        "SELECT COUNT(*) FROM otel_logs WHERE Body GLOB '*order*' AND SeverityNumber >= 13", SHARDS,
        "GLOB '*order*'"));
    cases.add(rows("README: logs of a trace", true,
        "SELECT \"Timestamp\", SeverityText, ServiceName, Body FROM otel_logs WHERE TraceId = " + trace
            + " ORDER BY \"Timestamp\", Body",
        "SELECT \"Timestamp\", SeverityText, ServiceName, Body FROM otel_logs WHERE TraceId = " + trace
            + " ORDER BY \"Timestamp\", Body",
        "SELECT COUNT(*) FROM otel_logs WHERE TraceId = " + trace, SHARDS, "WHERE \"TraceId\" = " + trace));
    // --- ClickHouse exporter README: metrics --------------------------------------------------------------------
    cases.add(agg("README: gauge per service over 5 minutes", false,
        "SELECT TIME_BUCKET(INTERVAL '5' MINUTE, \"TimeUnix\") AS t, ServiceName, AVG(\"Value\"), MAX(\"Value\")"
            + " FROM otel_metrics_gauge WHERE MetricName = 'process.cpu.usage' AND Attributes['state'] = 'user'"
            + " GROUP BY TIME_BUCKET(INTERVAL '5' MINUTE, \"TimeUnix\"), ServiceName",
        "SELECT (\"TimeUnix\" / 300000000000) * 300000000000 AS t, ServiceName, AVG(\"Value\"), MAX(\"Value\")"
            + " FROM otel_metrics_gauge WHERE MetricName = 'process.cpu.usage'"
            + " AND json_extract(Attributes, '$.state') = 'user'"
            + " GROUP BY (\"TimeUnix\" / 300000000000) * 300000000000, ServiceName",
        "SELECT COUNT(*) FROM otel_metrics_gauge WHERE MetricName = 'process.cpu.usage'", SHARDS,
        "json_extract(\"Attributes\", '$.\"state\"') = 'user'"));
    cases.add(agg("README: counter by route", false,
        "SELECT Attributes['http.route'] AS route, ServiceName, MAX(\"Value\") - MIN(\"Value\") AS increase"
            + " FROM otel_metrics_sum WHERE MetricName = 'requests.total' AND " + WINDOW.replace("Timestamp", "TimeUnix")
            + " GROUP BY Attributes['http.route'], ServiceName",
        "SELECT json_extract(Attributes, '$.\"http.route\"') AS route, ServiceName, MAX(\"Value\") - MIN(\"Value\")"
            + " FROM otel_metrics_sum WHERE MetricName = 'requests.total' AND " + WINDOW.replace("Timestamp", "TimeUnix")
            + " GROUP BY json_extract(Attributes, '$.\"http.route\"'), ServiceName",
        "SELECT COUNT(*) FROM otel_metrics_sum WHERE MetricName = 'requests.total' AND "
            + WINDOW.replace("Timestamp", "TimeUnix"), WINDOW_SHARDS,
        "GROUP BY json_extract(\"Attributes\", '$.\"http.route\"')"));
    // --- Grafana-style dashboard panels --------------------------------------------------------------------------
    cases.add(agg("Grafana: request rate per service per minute", false,
        "SELECT FLOOR(\"Timestamp\" TO MINUTE) AS t, ServiceName, COUNT(*) AS requests FROM otel_traces"
            + " WHERE SpanKind = 'Server' AND " + WINDOW + " GROUP BY FLOOR(\"Timestamp\" TO MINUTE), ServiceName",
        "SELECT " + MINUTE + " AS t, ServiceName, COUNT(*) FROM otel_traces WHERE SpanKind = 'Server' AND " + WINDOW
            + " GROUP BY " + MINUTE + ", ServiceName",
        "SELECT COUNT(*) FROM otel_traces WHERE SpanKind = 'Server' AND " + WINDOW, WINDOW_SHARDS,
        "WHERE \"SpanKind\" = 'Server'"));
    cases.add(agg("Grafana: error rate per service", false,
        "SELECT ServiceName, COUNT(*) AS total, SUM(CASE WHEN StatusCode = 'Error' THEN 1 ELSE 0 END) AS errors,"
            + " CAST(SUM(CASE WHEN StatusCode = 'Error' THEN 1 ELSE 0 END) AS DOUBLE) / COUNT(*) AS error_rate"
            + " FROM otel_traces WHERE SpanKind = 'Server' AND " + WINDOW + " GROUP BY ServiceName",
        "SELECT ServiceName, COUNT(*), SUM(CASE WHEN StatusCode = 'Error' THEN 1 ELSE 0 END),"
            + " CAST(SUM(CASE WHEN StatusCode = 'Error' THEN 1 ELSE 0 END) AS REAL) / COUNT(*)"
            + " FROM otel_traces WHERE SpanKind = 'Server' AND " + WINDOW + " GROUP BY ServiceName",
        "SELECT COUNT(*) FROM otel_traces WHERE SpanKind = 'Server' AND " + WINDOW, WINDOW_SHARDS));
    cases.add(agg("Grafana: HTTP 5xx per service per minute (attribute CAST)", false,
        "SELECT FLOOR(\"Timestamp\" TO MINUTE) AS t, ServiceName, COUNT(*) FROM otel_traces"
            + " WHERE SpanKind = 'Server' AND CAST(SpanAttributes['http.status_code'] AS INTEGER) >= 500"
            + " GROUP BY FLOOR(\"Timestamp\" TO MINUTE), ServiceName",
        "SELECT " + MINUTE + ", ServiceName, COUNT(*) FROM otel_traces WHERE SpanKind = 'Server'"
            + " AND CAST(json_extract(SpanAttributes, '$.\"http.status_code\"') AS INTEGER) >= 500"
            + " GROUP BY " + MINUTE + ", ServiceName",
        "SELECT COUNT(*) FROM otel_traces WHERE SpanKind = 'Server'"
            + " AND CAST(json_extract(SpanAttributes, '$.\"http.status_code\"') AS INTEGER) >= 500", SHARDS,
        "CAST(json_extract(\"SpanAttributes\", '$.\"http.status_code\"') AS INTEGER) >= 500"));
    cases.add(new Case(ParityQuery.of("Grafana: p50/p95/p99 latency per service", false,
        "SELECT ServiceName, COUNT(*), APPROX_PERCENTILE(Duration, 0.5) AS p50, APPROX_PERCENTILE(Duration, 0.95)"
            + " AS p95, APPROX_PERCENTILE(Duration, 0.99) AS p99 FROM otel_traces WHERE SpanKind = 'Server' AND "
            + WINDOW + " GROUP BY ServiceName",
        "SELECT ServiceName, MAX(n), " + exactAtRank("0.5") + ", " + exactAtRank("0.95") + ", " + exactAtRank("0.99")
            + " FROM (SELECT ServiceName, Duration AS x, ROW_NUMBER() OVER (PARTITION BY ServiceName ORDER BY Duration)"
            + " - 1 AS rk, COUNT(*) OVER (PARTITION BY ServiceName) AS n FROM otel_traces WHERE SpanKind = 'Server'"
            + " AND " + WINDOW + ") GROUP BY ServiceName"),
        Shape.PERCENTILE, "SELECT COUNT(*) FROM otel_traces WHERE SpanKind = 'Server' AND " + WINDOW,
        List.of("WHERE \"SpanKind\" = 'Server'"), WINDOW_SHARDS, Set.of(2, 3, 4)));
    cases.add(new Case(ParityQuery.of("Grafana: p95 latency per route (attribute filter and key)", false,
        "SELECT SpanAttributes['http.route'] AS route, COUNT(*), APPROX_PERCENTILE(Duration, 0.95) FROM otel_traces"
            + " WHERE SpanKind = 'Server' AND SpanAttributes['http.method'] = 'GET'"
            + " GROUP BY SpanAttributes['http.route']",
        "SELECT route, MAX(n), " + exactAtRank("0.95") + " FROM (SELECT json_extract(SpanAttributes,"
            + " '$.\"http.route\"') AS route, Duration AS x, ROW_NUMBER() OVER (PARTITION BY json_extract(SpanAttributes,"
            + " '$.\"http.route\"') ORDER BY Duration) - 1 AS rk, COUNT(*) OVER (PARTITION BY"
            + " json_extract(SpanAttributes, '$.\"http.route\"')) AS n FROM otel_traces WHERE SpanKind = 'Server'"
            + " AND json_extract(SpanAttributes, '$.\"http.method\"') = 'GET') GROUP BY route"),
        Shape.PERCENTILE, "SELECT COUNT(*) FROM otel_traces WHERE SpanKind = 'Server'"
            + " AND json_extract(SpanAttributes, '$.\"http.method\"') = 'GET'",
        List.of("json_extract(\"SpanAttributes\", '$.\"http.method\"') = 'GET'",
            "GROUP BY json_extract(\"SpanAttributes\", '$.\"http.route\"')"), SHARDS, Set.of(2)));
    cases.add(agg("Grafana: top slow operations", true,
        "SELECT ServiceName, SpanName, COUNT(*) AS calls, AVG(Duration) AS avg_ns, MAX(Duration) AS max_ns"
            + " FROM otel_traces WHERE " + WINDOW + " GROUP BY ServiceName, SpanName ORDER BY avg_ns DESC LIMIT 10",
        "SELECT ServiceName, SpanName, COUNT(*), AVG(Duration) AS avg_ns, MAX(Duration) FROM otel_traces WHERE "
            + WINDOW + " GROUP BY ServiceName, SpanName ORDER BY avg_ns DESC LIMIT 10",
        "SELECT COUNT(*) FROM otel_traces WHERE " + WINDOW, WINDOW_SHARDS, "GROUP BY \"ServiceName\", \"SpanName\""));
    cases.add(agg("Grafana: log volume by severity per minute", false,
        "SELECT FLOOR(\"Timestamp\" TO MINUTE) AS t, SeverityText, COUNT(*) FROM otel_logs WHERE " + WINDOW
            + " GROUP BY FLOOR(\"Timestamp\" TO MINUTE), SeverityText",
        "SELECT " + MINUTE + ", SeverityText, COUNT(*) FROM otel_logs WHERE " + WINDOW + " GROUP BY " + MINUTE
            + ", SeverityText",
        "SELECT COUNT(*) FROM otel_logs WHERE " + WINDOW, WINDOW_SHARDS));
    cases.add(agg("Grafana: HTTP status codes of server spans", false,
        "SELECT SpanAttributes['http.status_code'] AS code, COUNT(*) FROM otel_traces WHERE SpanKind = 'Server'"
            + " GROUP BY SpanAttributes['http.status_code']",
        "SELECT json_extract(SpanAttributes, '$.\"http.status_code\"'), COUNT(*) FROM otel_traces"
            + " WHERE SpanKind = 'Server' GROUP BY json_extract(SpanAttributes, '$.\"http.status_code\"')",
        "SELECT COUNT(*) FROM otel_traces WHERE SpanKind = 'Server'", SHARDS,
        "GROUP BY json_extract(\"SpanAttributes\", '$.\"http.status_code\"')"));
    cases.add(agg("Grafana: service dependencies (client spans by peer.service)", false,
        "SELECT ServiceName AS caller, SpanAttributes['peer.service'] AS callee, COUNT(*),"
            + " SUM(CASE WHEN StatusCode = 'Error' THEN 1 ELSE 0 END) FROM otel_traces WHERE SpanKind = 'Client'"
            + " GROUP BY ServiceName, SpanAttributes['peer.service']",
        "SELECT ServiceName, json_extract(SpanAttributes, '$.\"peer.service\"'), COUNT(*),"
            + " SUM(CASE WHEN StatusCode = 'Error' THEN 1 ELSE 0 END) FROM otel_traces WHERE SpanKind = 'Client'"
            + " GROUP BY ServiceName, json_extract(SpanAttributes, '$.\"peer.service\"')",
        "SELECT COUNT(*) FROM otel_traces WHERE SpanKind = 'Client'", SHARDS, "WHERE \"SpanKind\" = 'Client'"));
    cases.add(agg("Grafana: error logs per host (resource attribute)", false,
        "SELECT ResourceAttributes['host.name'] AS host, ResourceAttributes['service.version'] AS version, COUNT(*)"
            + " FROM otel_logs WHERE SeverityText = 'ERROR' AND ResourceAttributes['deployment.environment'] = 'demo'"
            + " GROUP BY ResourceAttributes['host.name'], ResourceAttributes['service.version']",
        "SELECT json_extract(ResourceAttributes, '$.\"host.name\"'), json_extract(ResourceAttributes,"
            + " '$.\"service.version\"'), COUNT(*) FROM otel_logs WHERE SeverityText = 'ERROR'"
            + " AND json_extract(ResourceAttributes, '$.\"deployment.environment\"') = 'demo'"
            + " GROUP BY json_extract(ResourceAttributes, '$.\"host.name\"'),"
            + " json_extract(ResourceAttributes, '$.\"service.version\"')",
        "SELECT COUNT(*) FROM otel_logs WHERE SeverityText = 'ERROR'", SHARDS,
        "json_extract(\"ResourceAttributes\", '$.\"deployment.environment\"') = 'demo'"));
    return cases.stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sameResultAsTheOracleAndPushedDown(Case c) throws Exception {
    ParityQuery q = c.query();
    cluster.clearStatsAndRequestLogs();
    Oracle.Result actual = Oracle.runSqlotel(sqlotel, q.sqlotelSql());
    Oracle.Result expected = Oracle.runOracle(oracleConnection, q.oracleSql(), actual.kinds());
    assertFalse(actual.rows().isEmpty(), "the query must return rows to be a meaningful check: " + q.sqlotelSql());
    compare(c, expected, actual);
    QueryStats s = cluster.awaitStats(q.sqlotelSql(), WAIT);
    long raw = count(c.rawCount());
    assertEquals(c.shardsAsked(), s.shardsAsked(), "shards asked after pruning");
    for (ShardRequestStats r : s.requests()) {
      for (String fragment : c.shardSqlContains()) {
        assertTrue(r.sql().contains(fragment), "shard SQL lacks [" + fragment + "]: " + r.sql());
      }
    }
    // groups before any LIMIT: the oracle's query without its ORDER BY ... LIMIT tail
    String oracleSql = q.oracleSql();
    long groups = c.shape() == Shape.AGGREGATE && oracleSql.contains(" LIMIT ")
        ? count("SELECT COUNT(*) FROM (" + oracleSql.substring(0, oracleSql.lastIndexOf(" ORDER BY ")) + ")")
        : actual.rows().size();
    switch (c.shape()) {
      case ROWS -> assertTrue(s.rowsReceived() <= raw, s.rowsReceived() + " rows received, " + raw + " match");
      case AGGREGATE -> {
        assertTrue(s.requests().stream().allMatch(r -> r.sql().contains("GROUP BY")), "aggregated on the shards");
        assertTrue(s.rowsReceived() <= groups * s.shardsAsked() && s.rowsReceived() <= raw,
            s.rowsReceived() + " rows received for " + groups + " groups, " + raw + " raw rows");
      }
      case PERCENTILE -> {
        assertTrue(s.requests().stream().allMatch(r -> r.sql().contains("GROUP BY") && r.sql().contains("LN(ABS(")),
            "bucket counts on the shards");
        assertTrue(s.rowsReceived() < raw, s.rowsReceived() + " bucket rows received, " + raw + " raw rows");
      }
    }
    System.out.printf("%-70s rows %5d  shards %2d  received %5d rows %8d bytes  (raw %d)%n", q.name(),
        actual.rows().size(), s.shardsAsked(), s.rowsReceived(), s.bytesReceived(), raw);
  }

  private static long count(String sql) throws SQLException {
    try (Statement st = oracleConnection.createStatement();
        ResultSet rs = st.executeQuery(ParityQuery.oracle(sql))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Exact comparison ({@link Oracle} rules) except for the approximate columns, within {@link #PERCENTILE_ERROR}
   * relative error; rows of unordered queries are matched after sorting by their exact columns.
   */
  private static void compare(Case c, Oracle.Result expected, Oracle.Result actual) {
    if (c.approximate().isEmpty()) {
      Oracle.assertSameRows(c.query(), expected, actual);
      return;
    }
    assertEquals(expected.rows().size(), actual.rows().size(), c.query().name() + ": row count");
    Comparator<List<Object>> byExact = (x, y) -> {
      for (int i = 0; i < x.size(); i++) {
        if (!c.approximate().contains(i)) {
          int d = String.valueOf(x.get(i)).compareTo(String.valueOf(y.get(i)));
          if (d != 0) {
            return d;
          }
        }
      }
      return 0;
    };
    List<List<Object>> e = new ArrayList<>(expected.rows());
    List<List<Object>> a = new ArrayList<>(actual.rows());
    e.sort(byExact);
    a.sort(byExact);
    for (int r = 0; r < e.size(); r++) {
      for (int col = 0; col < e.get(r).size(); col++) {
        Object x = e.get(r).get(col);
        Object y = a.get(r).get(col);
        if (c.approximate().contains(col)) {
          double exact = ((Number) x).doubleValue();
          double approx = ((Number) y).doubleValue();
          assertTrue(Math.abs(approx - exact) <= PERCENTILE_ERROR * Math.abs(exact) + 1e-9,
              c.query().name() + " row " + e.get(r) + " column " + col + ": " + approx + " vs exact " + exact);
        } else {
          assertEquals(x, y, c.query().name() + " row " + r + " column " + col);
        }
      }
    }
  }
}
