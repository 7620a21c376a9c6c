package io.sqlotel.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps one OTLP export request (as an OTLP/JSON tree) to rows of the ClickHouse-exporter-shaped tables.
 *
 * <p>A record that cannot be stored (bad id, timestamp beyond int64, unknown enum name) is skipped and reported
 * through {@link Output#skipped}; the rest of the request is still loaded.
 */
final class OtlpMapper {
  /** Receives the rows of a request and the records skipped in it. */
  interface Output {
    void row(Row row);

    void skipped(String what);
  }

  /** The signal of an export request. */
  enum Signal { LOGS, TRACES, METRICS }

  private static final String[] SEVERITY = severityNames();
  private static final String[] SPAN_KIND = {"UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"};
  private static final String[] SPAN_KIND_TEXT = {"Unspecified", "Internal", "Server", "Client", "Producer", "Consumer"};
  private static final String[] STATUS = {"UNSET", "OK", "ERROR"};
  private static final String[] STATUS_TEXT = {"Unset", "Ok", "Error"};
  private static final String[] TEMPORALITY = {"UNSPECIFIED", "DELTA", "CUMULATIVE"};

  private OtlpMapper() {}

  /**
   * Returns the signal of a request tree.
   *
   * @throws BadRecordException if it has none of {@code resourceLogs}, {@code resourceSpans}, {@code resourceMetrics}
   */
  static Signal signal(JsonNode request) {
    if (Json.has(request, "resourceLogs")) {
      return Signal.LOGS;
    }
    if (Json.has(request, "resourceSpans")) {
      return Signal.TRACES;
    }
    if (Json.has(request, "resourceMetrics")) {
      return Signal.METRICS;
    }
    throw new BadRecordException("not an OTLP export request (no resourceLogs, resourceSpans or resourceMetrics)");
  }

  /** Maps every record of {@code request} to {@code out}. */
  static void map(JsonNode request, Output out) {
    switch (signal(request)) {
      case LOGS -> mapLogs(request, out);
      case TRACES -> mapTraces(request, out);
      case METRICS -> mapMetrics(request, out);
      default -> throw new AssertionError();
    }
  }

  private static void mapLogs(JsonNode request, Output out) {
    for (JsonNode rl : Json.array(request, "resourceLogs")) {
      Resource res = new Resource(rl);
      for (JsonNode sl : Json.array(rl, "scopeLogs")) {
        JsonNode scope = Json.get(sl, "scope");
        for (JsonNode lr : Json.array(sl, "logRecords")) {
          try {
            long ts = Json.timestamp(lr, "timeUnixNano");
            if (ts == 0) {
              ts = Json.timestamp(lr, "observedTimeUnixNano"); // as the exporter does
            }
            Row r = new Row(Row.LOGS);
            r.timeNanos = ts;
            r.set("Timestamp", ts)
                .set("TraceId", id(lr, "traceId", 32))
                .set("SpanId", id(lr, "spanId", 16))
                .set("TraceFlags", Json.int64(lr, "flags") & 0xffffffffL)
                .set("SeverityText", Json.text(lr, "severityText"))
                .set("SeverityNumber", (long) enumNumber(lr, "severityNumber", "SEVERITY_NUMBER_", SEVERITY))
                .set("ServiceName", res.serviceName)
                .set("Body", AnyValues.asString(Json.get(lr, "body")))
                .set("ResourceSchemaUrl", Json.text(rl, "schemaUrl"))
                .set("ResourceAttributes", res.attributes)
                .set("ScopeSchemaUrl", Json.text(sl, "schemaUrl"))
                .set("ScopeName", Json.text(scope, "name"))
                .set("ScopeVersion", Json.text(scope, "version"))
                .set("ScopeAttributes", AnyValues.attributesJson(Json.get(scope, "attributes")))
                .set("LogAttributes", AnyValues.attributesJson(Json.get(lr, "attributes")))
                .set("EventName", Json.text(lr, "eventName"));
            out.row(r);
          } catch (BadRecordException e) {
            out.skipped("log record: " + e.getMessage());
          }
        }
      }
    }
  }

  private static void mapTraces(JsonNode request, Output out) {
    for (JsonNode rs : Json.array(request, "resourceSpans")) {
      Resource res = new Resource(rs);
      for (JsonNode ss : Json.array(rs, "scopeSpans")) {
        JsonNode scope = Json.get(ss, "scope");
        for (JsonNode span : Json.array(ss, "spans")) {
          try {
            long start = Json.timestamp(span, "startTimeUnixNano");
            long end = Json.timestamp(span, "endTimeUnixNano");
            JsonNode status = Json.get(span, "status");
            Row r = new Row(Row.TRACES);
            r.timeNanos = start;
            r.set("Timestamp", start)
                .set("TraceId", id(span, "traceId", 32))
                .set("SpanId", id(span, "spanId", 16))
                .set("ParentSpanId", id(span, "parentSpanId", 16))
                .set("TraceState", Json.text(span, "traceState"))
                .set("SpanName", Json.text(span, "name"))
                .set("SpanKind", SPAN_KIND_TEXT[enumNumber(span, "kind", "SPAN_KIND_", SPAN_KIND)])
                .set("ServiceName", res.serviceName)
                .set("ResourceAttributes", res.attributes)
                .set("ScopeName", Json.text(scope, "name"))
                .set("ScopeVersion", Json.text(scope, "version"))
                .set("SpanAttributes", AnyValues.attributesJson(Json.get(span, "attributes")))
                .set("Duration", end >= start ? end - start : 0L)
                .set("StatusCode", STATUS_TEXT[enumNumber(status, "code", "STATUS_CODE_", STATUS)])
                .set("StatusMessage", Json.text(status, "message"))
                .set("Events", events(span))
                .set("Links", links(span));
            out.row(r);
          } catch (BadRecordException e) {
            out.skipped("span '" + Json.text(span, "name") + "': " + e.getMessage());
          }
        }
      }
    }
  }

  private static String events(JsonNode span) {
    List<Object> events = new ArrayList<>();
    for (JsonNode e : Json.array(span, "events")) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("Timestamp", Json.timestamp(e, "timeUnixNano"));
      m.put("Name", Json.text(e, "name"));
      m.put("Attributes", AnyValues.attributesMap(Json.get(e, "attributes")));
      events.add(m);
    }
    return AnyValues.toJson(events);
  }

  private static String links(JsonNode span) {
    List<Object> links = new ArrayList<>();
    for (JsonNode l : Json.array(span, "links")) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("TraceId", id(l, "traceId", 32));
      m.put("SpanId", id(l, "spanId", 16));
      m.put("TraceState", Json.text(l, "traceState"));
      m.put("Attributes", AnyValues.attributesMap(Json.get(l, "attributes")));
      links.add(m);
    }
    return AnyValues.toJson(links);
  }

  private static void mapMetrics(JsonNode request, Output out) {
    for (JsonNode rm : Json.array(request, "resourceMetrics")) {
      Resource res = new Resource(rm);
      for (JsonNode sm : Json.array(rm, "scopeMetrics")) {
        JsonNode scope = Json.get(sm, "scope");
        for (JsonNode metric : Json.array(sm, "metrics")) {
          String name = Json.text(metric, "name");
          String table;
          JsonNode data;
          if (Json.has(metric, "gauge")) {
            table = Row.GAUGE;
            data = Json.get(metric, "gauge");
          } else if (Json.has(metric, "sum")) {
            table = Row.SUM;
            data = Json.get(metric, "sum");
          } else if (Json.has(metric, "histogram")) {
            table = Row.HISTOGRAM;
            data = Json.get(metric, "histogram");
          } else if (Json.has(metric, "exponentialHistogram")) {
            table = Row.EXP_HISTOGRAM;
            data = Json.get(metric, "exponentialHistogram");
          } else if (Json.has(metric, "summary")) {
            table = Row.SUMMARY;
            data = Json.get(metric, "summary");
          } else {
            out.skipped("metric '" + name + "': no gauge, sum, histogram, exponentialHistogram or summary");
            continue;
          }
          for (JsonNode p : Json.array(data, "dataPoints")) {
            try {
              Row r = new Row(table);
              String attrs = AnyValues.attributesJson(Json.get(p, "attributes"));
              String scopeName = Json.text(scope, "name");
              String scopeVersion = Json.text(scope, "version");
              r.timeNanos = Json.timestamp(p, "timeUnixNano");
              r.set("ResourceAttributes", res.attributes)
                  .set("ResourceSchemaUrl", Json.text(rm, "schemaUrl"))
                  .set("ScopeName", scopeName)
                  .set("ScopeVersion", scopeVersion)
                  .set("ScopeAttributes", AnyValues.attributesJson(Json.get(scope, "attributes")))
                  .set("ScopeDroppedAttrCount", Json.int64(scope, "droppedAttributesCount"))
                  .set("ScopeSchemaUrl", Json.text(sm, "schemaUrl"))
                  .set("ServiceName", res.serviceName)
                  .set("MetricName", name)
                  .set("MetricDescription", Json.text(metric, "description"))
                  .set("MetricUnit", Json.text(metric, "unit"))
                  .set("Attributes", attrs)
                  .set("StartTimeUnix", Json.timestamp(p, "startTimeUnixNano"))
                  .set("TimeUnix", r.timeNanos)
                  .set("Flags", Json.int64(p, "flags"))
                  .set("SeriesHash", seriesHash(name, res.attributes, scopeName, scopeVersion, attrs));
              if (!table.equals(Row.SUMMARY)) { // summary points have no exemplars
                r.set("Exemplars", exemplars(p));
              }
              fillPoint(r, table, data, p);
              out.row(r);
            } catch (BadRecordException e) {
              out.skipped("metric '" + name + "' point: " + e.getMessage());
            }
          }
        }
      }
    }
  }

  private static void fillPoint(Row r, String table, JsonNode data, JsonNode p) {
    switch (table) {
      case Row.GAUGE -> r.set("Value", numberValue(p));
      case Row.SUM -> r.set("Value", numberValue(p))
          .set("AggregationTemporality", (long) temporality(data))
          .set("IsMonotonic", Json.bool(data, "isMonotonic") ? 1L : 0L);
      case Row.HISTOGRAM -> {
        List<Long> counts = new ArrayList<>();
        for (JsonNode c : Json.array(p, "bucketCounts")) {
          counts.add(Json.bigInteger(c, "bucketCounts").longValue());
        }
        List<Object> bounds = new ArrayList<>();
        for (JsonNode b : Json.array(p, "explicitBounds")) {
          bounds.add(Json.asDouble(b, "explicitBounds"));
        }
        r.set("Count", Json.int64(p, "count")).set("Sum", finite(Json.dbl(p, "sum")))
            .set("BucketCounts", AnyValues.toJson(counts)).set("ExplicitBounds", AnyValues.toJson(bounds))
            .set("Min", finite(Json.dbl(p, "min"))).set("Max", finite(Json.dbl(p, "max")))
            .set("AggregationTemporality", (long) temporality(data));
      }
      case Row.EXP_HISTOGRAM -> {
        JsonNode pos = Json.get(p, "positive");
        JsonNode neg = Json.get(p, "negative");
        r.set("Count", Json.int64(p, "count")).set("Sum", finite(Json.dbl(p, "sum")))
            .set("Scale", Json.int64(p, "scale")).set("ZeroCount", Json.int64(p, "zeroCount"))
            .set("PositiveOffset", Json.int64(pos, "offset")).set("PositiveBucketCounts", counts(pos))
            .set("NegativeOffset", Json.int64(neg, "offset")).set("NegativeBucketCounts", counts(neg))
            .set("Min", finite(Json.dbl(p, "min"))).set("Max", finite(Json.dbl(p, "max")))
            .set("AggregationTemporality", (long) temporality(data));
      }
      case Row.SUMMARY -> {
        List<Object> qs = new ArrayList<>();
        for (JsonNode q : Json.array(p, "quantileValues")) {
          Map<String, Object> m = new LinkedHashMap<>();
          Double quantile = Json.dbl(q, "quantile");
          Double value = Json.dbl(q, "value");
          m.put("Quantile", quantile == null ? 0.0 : quantile);
          m.put("Value", value == null ? 0.0 : value);
          qs.add(m);
        }
        r.set("Count", Json.int64(p, "count")).set("Sum", finite(Json.dbl(p, "sum")))
            .set("ValueAtQuantiles", AnyValues.toJson(qs));
      }
      default -> throw new AssertionError(table);
    }
  }

  private static String counts(JsonNode buckets) {
    List<Long> counts = new ArrayList<>();
    for (JsonNode c : Json.array(buckets, "bucketCounts")) {
      counts.add(Json.bigInteger(c, "bucketCounts").longValue());
    }
    return AnyValues.toJson(counts);
  }

  /** asDouble or asInt as a double; null when the point has neither (or NaN, which SQLite stores as NULL). */
  private static Double numberValue(JsonNode p) {
    if (Json.has(p, "asDouble")) {
      return finite(Json.dbl(p, "asDouble"));
    }
    if (Json.has(p, "asInt")) {
      return (double) Json.int64(p, "asInt");
    }
    return null;
  }

  private static String exemplars(JsonNode p) {
    List<Object> list = new ArrayList<>();
    for (JsonNode e : Json.array(p, "exemplars")) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("FilteredAttributes", AnyValues.attributesMap(Json.get(e, "filteredAttributes")));
      m.put("TimeUnix", Json.timestamp(e, "timeUnixNano"));
      m.put("Value", numberValue(e));
      m.put("SpanId", id(e, "spanId", 16));
      m.put("TraceId", id(e, "traceId", 32));
      list.add(m);
    }
    return AnyValues.toJson(list);
  }

  private static Double finite(Double d) {
    return d == null || d.isNaN() ? null : d;
  }

  private static int temporality(JsonNode data) {
    return enumNumber(data, "aggregationTemporality", "AGGREGATION_TEMPORALITY_", TEMPORALITY);
  }

  /**
   * Returns a hex id lower-cased ({@code ""} when absent).
   *
   * @throws BadRecordException if it is not {@code hexDigits} hex digits
   */
  static String id(JsonNode node, String field, int hexDigits) {
    String s = Json.text(node, field);
    if (s.isEmpty()) {
      return s;
    }
    if (s.length() != hexDigits || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new BadRecordException(field + " '" + s + "' is not " + hexDigits + " hex digits");
    }
    return s.toLowerCase(Locale.ROOT);
  }

  /** An enum given as its number, a decimal string or its name (with or without {@code prefix}). */
  static int enumNumber(JsonNode node, String field, String prefix, String[] names) {
    JsonNode v = Json.get(node, field);
    if (v.isMissingNode()) {
      return 0;
    }
    int n = -1;
    if (v.isIntegralNumber()) {
      n = v.asInt();
    } else {
      String s = v.asText().trim();
      if (!s.isEmpty() && s.chars().allMatch(Character::isDigit) && s.length() < 4) {
        n = Integer.parseInt(s);
      } else {
        String name = s.startsWith(prefix) ? s.substring(prefix.length()) : s;
        for (int i = 0; i < names.length; i++) {
          if (names[i].equals(name)) {
            n = i;
          }
        }
      }
    }
    if (n < 0 || n >= names.length) {
      throw new BadRecordException(field + " " + v + " is not a known " + prefix + "* value");
    }
    return n;
  }

  private static String[] severityNames() {
    String[] base = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};
    String[] names = new String[25];
    names[0] = "UNSPECIFIED";
    for (int b = 0; b < base.length; b++) {
      for (int k = 0; k < 4; k++) {
        names[1 + b * 4 + k] = k == 0 ? base[b] : base[b] + (k + 1);
      }
    }
    return names;
  }

  /** FNV-1a (64 bit) of the series identity: metric name, resource, scope and point attributes. */
  static long seriesHash(String... parts) {
    long h = 0xcbf29ce484222325L;
    for (String part : parts) {
      for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
        h ^= b & 0xff;
        h *= 0x100000001b3L;
      }
      h ^= 0;
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** Resource-level columns shared by every record of a resource. */
  private static final class Resource {
    final String attributes;
    final String serviceName;

    Resource(JsonNode resourceX) {
      Map<String, String> attrs = AnyValues.attributesMap(Json.get(Json.get(resourceX, "resource"), "attributes"));
      this.attributes = AnyValues.toJson(attrs);
      this.serviceName = attrs.getOrDefault("service.name", "");
    }
  }
}
