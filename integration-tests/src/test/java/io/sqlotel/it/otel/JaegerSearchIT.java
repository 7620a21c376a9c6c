package io.sqlotel.it.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Jaeger's storage conformance trace searches ({@code jaeger-storage-integration-fixtures/queries.json}) run as SQL
 * over {@code otel_traces} through the JDBC driver, against the fixture traces loaded with the otlp-loader into hourly
 * shards (each served by its own shard server).
 *
 * <p>Translation, following Jaeger's search semantics (a trace matches if one of its spans matches everything):
 * service → {@code ServiceName}; operation → {@code SpanName}; time range → {@code "Timestamp"} (span start) between
 * StartTimeMin and StartTimeMax inclusive; DurationMin/DurationMax (nanoseconds, 0 = unset) → {@code Duration}; each
 * tag {@code k = v} (value compared as the text the loader stores: {@code 123}, {@code 72.5}, {@code true}) matches if
 * the span has it in any spot Jaeger looks at: span attributes, resource (process) attributes, event (log) attributes
 * or link attributes — the latter two are JSON arrays, matched as the serialized item {@code "k":"v"}; NumTraces →
 * {@code GROUP BY TraceId ORDER BY MAX("Timestamp") DESC LIMIT n}. The loader does not store scope attributes for
 * spans (the exporter's otel_traces has no ScopeAttributes column), so searches on them are skipped.
 */
class JaegerSearchIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Searches that cannot be expressed over otel_traces, by caption, with the reason. */
  private static final Map<String, String> NOT_EXPRESSIBLE = Map.of("Scope Attributes",
      "its tags are instrumentation-scope attributes, which otel_traces (like the ClickHouse exporter's table)"
          + " does not store for spans (only ScopeName and ScopeVersion)");
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS").withZone(ZoneOffset.UTC);

  @Test
  void queriesJsonSearchesReturnTheExpectedTraces() throws Exception {
    Path fixtures = OtlpCluster.sharedData().resolve("jaeger-storage-integration-fixtures");
    List<Path> traceFiles;
    try (Stream<Path> s = Files.list(fixtures.resolve("traces"))) {
      traceFiles = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertEquals(32, traceFiles.size());
    JsonNode queries = JSON.readTree(fixtures.resolve("queries.json").toFile());

    try (OtlpCluster cluster = OtlpCluster.load(traceFiles)) {
      assertEquals(32, cluster.report.filesLoaded());
      assertEquals(0, cluster.report.recordsSkipped());
      assertTrue(cluster.shards.size() >= 2, "the fixtures span several hours: " + cluster.shards.size());

      List<String> skipped = new ArrayList<>();
      List<String> failures = new ArrayList<>();
      int ran = 0;
      try (Connection c = cluster.connect(); Statement st = c.createStatement()) {
        for (JsonNode q : queries) {
          String caption = q.get("Caption").asText();
          Set<String> expected = new TreeSet<>();
          for (JsonNode f : q.get("ExpectedFixtures")) {
            expected.addAll(traceIds(fixtures.resolve("traces").resolve(f.asText() + ".json")));
          }
          String sql;
          String reason = NOT_EXPRESSIBLE.get(caption);
          if (reason != null) {
            skipped.add(caption + ": " + reason);
            continue;
          }
          try {
            sql = toSql(q.get("Query"));
          } catch (UnsupportedOperationException e) {
            skipped.add(caption + ": " + e.getMessage());
            continue;
          }
          Set<String> actual = new TreeSet<>();
          try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
              actual.add(rs.getString(1).toLowerCase(Locale.ROOT));
            }
          }
          ran++;
          if (!actual.equals(expected)) {
            failures.add(caption + ": expected " + expected + " got " + actual + "\n  SQL: " + sql);
          }
        }
      }
      System.out.printf("JaegerSearchIT: %d of %d searches ran, %d matched, %d skipped%n", ran, queries.size(),
          ran - failures.size(), skipped.size());
      skipped.forEach(s -> System.out.println("  skipped: " + s));
      failures.forEach(f -> System.out.println("  MISMATCH: " + f));
      assertTrue(failures.isEmpty(), String.join("\n", failures));
      assertTrue(ran >= queries.size() - 2, "too many searches skipped: " + skipped);
    }
  }

  /** The lower-case trace ids of a fixture file. */
  private static Set<String> traceIds(Path file) throws Exception {
    Set<String> ids = new TreeSet<>();
    for (JsonNode rs : JSON.readTree(file.toFile()).get("resourceSpans")) {
      for (JsonNode ss : rs.get("scopeSpans")) {
        for (JsonNode span : ss.get("spans")) {
          ids.add(span.get("traceId").asText().toLowerCase(Locale.ROOT));
        }
      }
    }
    return ids;
  }

  /** Translates a Jaeger TraceQueryParameters JSON into SQL; throws UnsupportedOperationException if it cannot. */
  static String toSql(JsonNode q) {
    List<String> where = new ArrayList<>();
    String service = text(q, "ServiceName");
    if (!service.isEmpty()) {
      where.add("ServiceName = " + literal(service));
    }
    String operation = text(q, "OperationName");
    if (!operation.isEmpty()) {
      where.add("SpanName = " + literal(operation));
    }
    JsonNode tags = q.get("Tags");
    if (tags != null && tags.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = tags.properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> tag = it.next();
        String key = tag.getKey();
        String value = tag.getValue().isTextual() ? tag.getValue().asText() : tag.getValue().toString();
        if (!key.matches("[A-Za-z0-9.\\-]+") || !value.matches("[A-Za-z0-9.\\- ]*")) {
          throw new UnsupportedOperationException("tag " + key + "=" + value + " has characters the JSON-item"
              + " match on Events/Links cannot express safely (LIKE wildcards, JSON escapes)");
        }
        String path = literal("$.\"" + key + "\"");
        String item = literal("%\"" + key + "\":\"" + value + "\"%");
        where.add("(JSON_VALUE(SpanAttributes, " + path + ") = " + literal(value)
            + " OR JSON_VALUE(ResourceAttributes, " + path + ") = " + literal(value)
            + " OR Events LIKE " + item + " OR Links LIKE " + item + ")");
      }
    }
    String min = text(q, "StartTimeMin");
    if (!min.isEmpty()) {
      where.add("\"Timestamp\" >= TIMESTAMP '" + TS.format(Instant.parse(min)) + "'");
    }
    String max = text(q, "StartTimeMax");
    if (!max.isEmpty()) {
      where.add("\"Timestamp\" <= TIMESTAMP '" + TS.format(Instant.parse(max)) + "'");
    }
    long durMin = q.path("DurationMin").asLong(0);
    if (durMin > 0) {
      where.add("Duration >= " + durMin);
    }
    long durMax = q.path("DurationMax").asLong(0);
    if (durMax > 0) {
      where.add("Duration <= " + durMax);
    }
    long limit = q.path("NumTraces").asLong(0);
    return "SELECT TraceId FROM otel_traces"
        + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
        + " GROUP BY TraceId ORDER BY MAX(\"Timestamp\") DESC, TraceId"
        + (limit > 0 ? " LIMIT " + limit : "");
  }

  private static String text(JsonNode q, String field) {
    JsonNode v = q.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }

  private static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
