package io.sqlotel.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads every file under the shared sample data ({@code -Dsqlotel.shared.data}, default {@code ../../shared/data}
 * from this module, i.e. {@code shared/} beside the repository) and checks counts, quirks and SQL answers.
 */
class OtlpLoaderTest {
  static final Path DATA = Path.of(System.getProperty("sqlotel.shared.data", "../../shared/data"));
  static final String REUSED_TRACE = "5b8efff798038103d269b633813fc60c";

  @TempDir
  static Path out;

  static LoadReport report;
  static String log;

  @BeforeAll
  static void loadEverything() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.walk(DATA)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    assertEquals(159, files.size(), "files under " + DATA.toAbsolutePath());
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
      report = new OtlpLoader(out, Duration.ofHours(1), 8101, ps).load(files);
    }
    log = buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void countsPerTable() {
    // logs 87: duckdb 9 JSON (logs_document 1, logs_nulls 3, logs_simple 3, ts_boundary 1, ts_overflow 1 skipped)
    //   + otlp_logs.pb 1 + hyperdx 76 + proto examples 2 (logs.json, events.json).
    assertEquals(87, report.records(Row.LOGS), report.summary());
    // spans 51: duckdb 10 JSON (malformed 1 skipped, single 1, deep 1, large 1, nulls 3, simple 3) + otlp_traces.pb 1
    //   + hyperdx traces/basic-insert 2 + jaeger 38 spans in 32 fixtures + proto trace.json 1.
    assertEquals(51, report.records(Row.TRACES), report.summary());
    // gauge 7: duckdb all_types 1, nulls 1, simple 1, otlp_metrics.pb 1; hyperdx gauge-insert 2; proto 1.
    assertEquals(7, report.records(Row.GAUGE));
    // sum 5: duckdb all_types, nulls, simple, temporality_strings; proto 1.
    assertEquals(5, report.records(Row.SUM));
    // histogram 6: duckdb all_types, histogram_ndjson, nulls, optional_fields, simple; proto 1.
    assertEquals(6, report.records(Row.HISTOGRAM));
    // exponential 4: duckdb all_types, exp_histogram_ndjson, optional_fields; proto 1.
    assertEquals(4, report.records(Row.EXP_HISTOGRAM));
    // summary 4: duckdb all_types 1, optional_fields 1, summary_only 2.
    assertEquals(4, report.records(Row.SUMMARY));
  }

  @Test
  void filesAndSkips() {
    // OTLP: duckdb 19 JSON + 3 .pb, hyperdx 28 input.json, jaeger 32 fixtures, proto 4 examples.
    assertEquals(86, report.filesLoaded());
    // Not OTLP: SOURCES.md, 5 LICENSE, 5 grafana .sql, 30 hyperdx assert_query.sql + 30 expected.snap,
    // jaeger queries.json and queries_es.json (JSON arrays). Identical LICENSE texts are not "already loaded".
    assertEquals(73, report.filesNotOtlp());
    assertEquals(0, report.filesDuplicate());
    // malformed.jsonl lines 1 (valid JSON, not a request), 2 and 4 (not JSON).
    assertEquals(3, report.linesSkipped());
    // The "ABC"/"DEF" span and the log past int64.
    assertEquals(2, report.recordsSkipped());
    assertLogged("malformed.jsonl:1: not an OTLP export request");
    assertLogged("malformed.jsonl:2: malformed JSON");
    assertLogged("malformed.jsonl:3: span 'valid span': traceId 'ABC' is not 32 hex digits");
    assertLogged("malformed.jsonl:4: malformed JSON");
    assertLogged("ts_overflow_logs.jsonl:1: log record: timeUnixNano 18446744073709551000 ns is beyond the signed"
        + " 64-bit range");
    assertLogged("load summary: 164 records written");
  }

  @Test
  void perSliceAndCatalog() throws IOException {
    assertEquals(9, report.perSlice().size(), report.summary());
    // The boundary log (9223372036854775000 ns) is stored as is, in the last representable slice.
    assertEquals(List.of("9223372036854775000"), query("SELECT Timestamp FROM otel_logs WHERE ServiceName ="
        + " 'boundary-service'"));
    String catalog = Files.readString(report.catalog());
    assertTrue(catalog.contains("  - id: slice-22620411T2300Z\n"), catalog);
    assertTrue(catalog.contains("    end: " + Long.MAX_VALUE + " "), "end clamped to int64 max: " + catalog);
    assertTrue(catalog.contains("url: http://127.0.0.1:8109"), catalog);
    assertTrue(catalog.contains("start: 1639998000000000000"), catalog); // slice of 2021-12-20T11:00Z
  }

  @Test
  void idsAreLowerCaseAndReusedAcrossFiles() {
    assertEquals(List.of("0"), sum("SELECT count(*) FROM otel_traces WHERE TraceId <> lower(TraceId)"
        + " OR SpanId <> lower(SpanId) OR ParentSpanId <> lower(ParentSpanId)"));
    assertEquals(List.of("0"), sum("SELECT count(*) FROM otel_logs WHERE TraceId <> lower(TraceId)"));
    // Upper-case in proto trace.json and duckdb traces_simple (3), lower-case in hyperdx basic-insert (2).
    assertEquals(List.of("6"), sum("SELECT count(*) FROM otel_traces WHERE TraceId = '" + REUSED_TRACE + "'"));
    // proto logs.json, duckdb logs_document.json and logs_simple.jsonl (2 of 3).
    assertEquals(List.of("4"), sum("SELECT count(*) FROM otel_logs WHERE TraceId = '" + REUSED_TRACE + "'"));
    // One per shard that holds the trace: 2018 (proto), 2021 (duckdb), 2030 (hyperdx).
    assertEquals(List.of("3"), sum("SELECT count(*) FROM otel_traces_trace_id_ts WHERE TraceId = '"
        + REUSED_TRACE + "'"));
  }

  @Test
  void enumsNamesAndNumbersAndSnakeCase() {
    assertEquals(List.of("GET /users|Internal|Unset", "SELECT * FROM users|Client|Unset",
            "Cache lookup|Server|Unset"),
        query("SELECT SpanName, SpanKind, StatusCode FROM otel_traces WHERE ServiceName = 'test-service'"
            + " ORDER BY Timestamp"));
    // "AGGREGATION_TEMPORALITY_DELTA" as a name; isMonotonic false.
    assertEquals(List.of("5.0|1|0"), query("SELECT Value, AggregationTemporality, IsMonotonic FROM otel_metrics_sum"
        + " WHERE MetricName = 'orders.delta' AND Value > 0"));
    // severity_number / severity_text (snake_case) in hyperdx skip-infer.
    assertEquals(List.of("debug|0"), query("SELECT SeverityText, SeverityNumber FROM otel_logs"
        + " WHERE Body LIKE '%this should skip because%'"));
  }

  @Test
  void anyValuesAndAttributes() {
    assertEquals(List.of("{\"string.attribute\":\"some string\",\"boolean.attribute\":\"true\","
            + "\"int.attribute\":\"10\",\"double.attribute\":\"637.704\",\"array.attribute\":\"[\\\"many\\\","
            + "\\\"values\\\"]\",\"map.attribute\":\"{\\\"some.map.key\\\":\\\"some value\\\"}\"}|my.service"),
        query("SELECT DISTINCT LogAttributes, ServiceName FROM otel_logs WHERE Body = 'Example log record'"));
    assertEquals(List.of("browser.page_view|{\"referrer\":\"https://wwww.google.com\",\"title\":\"Free Online GUID"
            + " Generator\",\"type\":0,\"url\":\"https://www.guidgenerator.com/online-guid-generator.aspx\"}"),
        query("SELECT EventName, Body FROM otel_logs WHERE EventName <> ''"));
  }

  @Test
  void metricPointTypes() {
    assertEquals(List.of("50|250.0|[5,10,15,12,8]|[5.0,10.0,20.0,50.0]"),
        query("SELECT DISTINCT Count, Sum, BucketCounts, ExplicitBounds FROM otel_metrics_histogram"
            + " WHERE MetricName = 'latency.hist'"));
    assertEquals(List.of("10|"), query("SELECT Count, Sum FROM otel_metrics_histogram"
        + " WHERE MetricName = 'missing.sum.hist'"));
    assertEquals(List.of("12|3|1|2|[3,4,2]|-1|[1,0]|1.0|9.5"),
        query("SELECT DISTINCT Count, Scale, ZeroCount, PositiveOffset, PositiveBucketCounts, NegativeOffset,"
            + " NegativeBucketCounts, Min, Max FROM otel_metrics_exponential_histogram WHERE MetricName = 'latency.exp'"));
    assertEquals(List.of("100|42.0|[{\"Quantile\":0.0,\"Value\":0.001},{\"Quantile\":1.0,\"Value\":10.0}]"),
        query("SELECT Count, Sum, ValueAtQuantiles FROM otel_metrics_summary WHERE MetricName = 'request.duration'"));
  }

  @Test
  void protobufFiles() {
    assertEquals(List.of("a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6|1122334455667788|test_span|trace-service"
            + "|{\"http_method\":\"GET\"}"),
        query("SELECT TraceId, SpanId, SpanName, ServiceName, SpanAttributes FROM otel_traces"
            + " WHERE ServiceName = 'trace-service'"));
    assertEquals(List.of("INFO|9|Test log message|{\"module\":\"test-module\"}|1.0.0"),
        query("SELECT SeverityText, SeverityNumber, Body, LogAttributes, ScopeVersion FROM otel_logs"
            + " WHERE ServiceName = 'logs-service'"));
    assertEquals(List.of("test_gauge|42.5|{\"label1\":\"value1\"}"),
        query("SELECT MetricName, Value, Attributes FROM otel_metrics_gauge WHERE ServiceName = 'metrics-service'"));
  }

  @Test
  void jaegerSearchAsSql() {
    // queries.json "Tags in one spot - Tags": query01-service with four span tags, expects span_tags_trace only.
    assertEquals(List.of("1"), sum("SELECT count(DISTINCT TraceId) FROM otel_traces"
        + " WHERE ServiceName = 'query01-service' AND json_extract(SpanAttributes, '$.sameplacetag1') = 'sameplacevalue'"
        + " AND json_extract(SpanAttributes, '$.sameplacetag2') = '123'"
        + " AND json_extract(SpanAttributes, '$.sameplacetag3') = '72.5'"
        + " AND json_extract(SpanAttributes, '$.sameplacetag4') = 'true'"));
  }

  @Test
  void secondLoadOfTheSameFileIsSkipped(@TempDir Path dir) throws Exception {
    Path file = DATA.resolve("duckdb-otlp-testdata/logs_simple.jsonl");
    OtlpLoader loader = new OtlpLoader(dir, Duration.ofHours(1), 8101, new PrintStream(new ByteArrayOutputStream(),
        true, StandardCharsets.UTF_8));
    assertEquals(3, loader.load(List.of(file)).records());
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    LoadReport again = new OtlpLoader(dir, Duration.ofHours(1), 8101, new PrintStream(buf, true, StandardCharsets.UTF_8))
        .load(List.of(file, file));
    assertEquals(0, again.records());
    assertEquals(2, again.filesDuplicate());
    assertTrue(buf.toString(StandardCharsets.UTF_8).contains("logs_simple.jsonl: already loaded (same SHA-256"),
        buf.toString(StandardCharsets.UTF_8));
  }

  @Test
  void doubleFormatting() {
    assertEquals("637.704", AnyValues.formatDouble(637.704));
    assertEquals("1", AnyValues.formatDouble(1.0));
    assertEquals("524288000", AnyValues.formatDouble(524288000));
    assertEquals("1e+21", AnyValues.formatDouble(1e21));
    assertEquals("1.5e-7", AnyValues.formatDouble(1.5e-7));
  }

  private static void assertLogged(String text) {
    assertTrue(log.contains(text), () -> "log lacks '" + text + "':\n" + log);
  }

  /** The rows of {@code sql} over every shard, columns joined with '|', in shard order. */
  private static List<String> query(String sql) {
    List<String> rows = new ArrayList<>();
    try (Stream<Path> s = Files.list(out)) {
      for (Path shard : s.filter(p -> p.toString().endsWith(".sqlite")).sorted().toList()) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + shard);
            Statement st = c.createStatement();
            ResultSet rs = st.executeQuery(sql)) {
          int n = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i <= n; i++) {
              String v = rs.getString(i);
              sb.append(i > 1 ? "|" : "").append(v == null ? "" : v);
            }
            rows.add(sb.toString());
          }
        }
      }
    } catch (IOException | SQLException e) {
      throw new AssertionError(sql, e);
    }
    return rows;
  }

  /** The sum over shards of a single-number query. */
  private static List<String> sum(String sql) {
    return List.of(Long.toString(query(sql).stream().mapToLong(Long::parseLong).sum()));
  }
}
