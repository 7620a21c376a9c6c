package io.sqlotel.it.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The OTLP/JSON input of {@link WorkerCluster}: the shared samples (opentelemetry-proto examples of every signal, the
 * duckdb-otlp metrics lines) plus generated logs, spans and metric points of all five types over six hours of
 * 2026-01-01 for three services, with odd nanoseconds, JSON-number timestamps beyond 2^53 and int64 counts beyond
 * 2^53 (whose sums a JavaScript number would round).
 */
final class WorkerData {
  /** 2026-01-01T00:00:00Z in nanoseconds. */
  static final long T0 = 1_767_225_600_000_000_000L;
  /** The first histogram/summary count: 2^53 + 1, not representable as a double. */
  static final long BIG_COUNT = 9_007_199_254_740_993L;
  static final String[] SERVICES = {"cart", "checkout", "frontend"};
  static final int LOGS_PER_SERVICE = 120;
  static final int SPANS_PER_SERVICE = 100;
  static final int POINTS_PER_SERVICE = 60;

  private WorkerData() {}

  /** Writes the generated files into {@code dir} and returns all input files. */
  static List<Path> files(Path repo, Path dir) throws IOException {
    Path shared = repo.resolve(Path.of("..", "shared")).normalize();
    if (!Files.isDirectory(shared.resolve("data"))) {
      shared = Path.of("/work/shared");
    }
    Path examples = shared.resolve("data").resolve("opentelemetry-proto-examples");
    List<Path> files = new ArrayList<>();
    for (String f : List.of("logs.json", "trace.json", "events.json", "metrics.json")) {
      files.add(examples.resolve(f));
    }
    try (Stream<Path> s = Files.list(shared.resolve("data").resolve("duckdb-otlp-testdata"))) {
      s.filter(p -> p.getFileName().toString().startsWith("metrics_") && p.toString().endsWith(".jsonl"))
          .sorted().forEach(files::add);
    }
    files.add(Files.writeString(dir.resolve("generated-logs.json"), logs()));
    files.add(Files.writeString(dir.resolve("generated-traces.json"), traces()));
    files.add(Files.writeString(dir.resolve("generated-metrics.json"), metrics()));
    return files;
  }

  private static String resource(String service) {
    return "{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"" + service
        + "\"}},{\"key\":\"host.id\",\"value\":{\"intValue\":\"9007199254740993\"}}]},";
  }

  /** A time as a JSON number every third time (beyond 2^53: must not go through a double), else as a string. */
  private static String time(long ns, int i) {
    return i % 3 == 0 ? Long.toString(ns) : "\"" + ns + "\"";
  }

  static String logs() {
    StringBuilder sb = new StringBuilder("{\"resourceLogs\":[");
    for (int s = 0; s < SERVICES.length; s++) {
      sb.append(s == 0 ? "" : ",").append(resource(SERVICES[s]))
          .append("\"scopeLogs\":[{\"scope\":{\"name\":\"gen\",\"version\":\"1\"},\"logRecords\":[");
      for (int i = 0; i < LOGS_PER_SERVICE; i++) {
        long ts = T0 + i * 179_000_000_001L + s * 7 + 123_456_789L; // ~6 h
        int severity = new int[] {5, 9, 13, 17}[(i + s) % 4];
        sb.append(i == 0 ? "" : ",").append("{\"timeUnixNano\":").append(time(ts, i))
            .append(",\"severityNumber\":").append(severity)
            .append(",\"severityText\":\"").append(new String[] {"DEBUG", "INFO", "WARN", "ERROR"}[(i + s) % 4])
            .append('"')
            .append(",\"traceId\":\"").append(String.format("%032x", (long) s * 1000 + i % 50)).append('"')
            .append(",\"spanId\":\"").append(String.format("%016x", (long) s * 1000 + i + 1)).append('"')
            .append(",\"body\":{\"stringValue\":\"message ").append(i).append(" ü\"}")
            .append(",\"attributes\":[{\"key\":\"n\",\"value\":{\"doubleValue\":").append(i * 0.1)
            .append("}},{\"key\":\"ok\",\"value\":{\"boolValue\":").append(i % 2 == 0).append("}}]}");
      }
      sb.append("]}]}");
    }
    return sb.append("]}").toString();
  }

  static String traces() {
    StringBuilder sb = new StringBuilder("{\"resourceSpans\":[");
    for (int s = 0; s < SERVICES.length; s++) {
      sb.append(s == 0 ? "" : ",").append(resource(SERVICES[s]))
          .append("\"scopeSpans\":[{\"scope\":{\"name\":\"gen\"},\"spans\":[");
      for (int i = 0; i < SPANS_PER_SERVICE; i++) {
        long start = T0 + i * 215_000_000_003L + s * 11 + 1;
        // seven durations per service: APPROX_PERCENTILE's bucket counts are fewer than the spans
        long end = start + 1_000_003L * (1 + (i * 37 + s * 11) % 7) * (s + 1);
        sb.append(i == 0 ? "" : ",").append("{\"traceId\":\"").append(String.format("%032X", 77L * s + i / 4))
            .append("\",\"spanId\":\"").append(String.format("%016x", 1000L * s + i + 5)).append('"')
            .append(",\"name\":\"op").append(i % 4).append('"').append(",\"kind\":").append(1 + i % 5)
            .append(",\"startTimeUnixNano\":").append(time(start, i)).append(",\"endTimeUnixNano\":\"").append(end)
            .append("\",\"status\":{\"code\":").append(i % 7 == 0 ? 2 : i % 3 == 0 ? 1 : 0).append("}")
            .append(",\"events\":[{\"timeUnixNano\":\"").append(start + 5).append("\",\"name\":\"ev\"}]}");
      }
      sb.append("]}]}");
    }
    return sb.append("]}").toString();
  }

  static String metrics() {
    StringBuilder sb = new StringBuilder("{\"resourceMetrics\":[");
    for (int service = 0; service < SERVICES.length; service++) {
      final int s = service;
      sb.append(s == 0 ? "" : ",").append(resource(SERVICES[s]))
          .append("\"scopeMetrics\":[{\"scope\":{\"name\":\"gen\",\"version\":\"2\",\"droppedAttributesCount\":1,")
          .append("\"attributes\":[{\"key\":\"lib\",\"value\":{\"stringValue\":\"x\"}}]},")
          .append("\"schemaUrl\":\"https://opentelemetry.io/schemas/1.21.0\",\"metrics\":[");
      sb.append(metric("cpu.util", "gauge", "", s, (i, ns) -> "\"asDouble\":" + (i * 0.37 + s)
          + exemplar(i, ns)));
      sb.append(',').append(metric("requests", "sum",
          "\"aggregationTemporality\":\"AGGREGATION_TEMPORALITY_CUMULATIVE\",\"isMonotonic\":true,", s,
          (i, ns) -> "\"asInt\":\"" + (BIG_COUNT + i) + "\""));
      sb.append(',').append(metric("latency", "histogram", "\"aggregationTemporality\":1,", s,
          (i, ns) -> "\"count\":\"" + (BIG_COUNT + 7L * i) + "\",\"sum\":" + (i * 2.5 + s)
              + ",\"bucketCounts\":[\"" + i + "\",3,\"18446744073709551615\"],\"explicitBounds\":[0.5,1e7]"
              + ",\"min\":0.001,\"max\":" + (100 + i) + exemplar(i, ns)));
      sb.append(',').append(metric("size", "exponentialHistogram", "\"aggregationTemporality\":2,", s,
          (i, ns) -> "\"count\":" + (3 + i) + ",\"sum\":" + (i * 1.25) + ",\"scale\":" + (i % 5 - 2)
              + ",\"zeroCount\":\"1\",\"positive\":{\"offset\":" + (i % 3 - 1) + ",\"bucketCounts\":[\"0\",\"2\","
              + i + "]},\"negative\":{\"offset\":-2,\"bucketCounts\":[1]},\"min\":-4,\"max\":" + (5 + i)
              + ",\"flags\":" + (i % 2)));
      sb.append(',').append(metric("rpc", "summary", "", s,
          (i, ns) -> "\"count\":\"" + (BIG_COUNT + 3L * i) + "\",\"sum\":" + (i * 10.5)
              + ",\"quantileValues\":[{\"quantile\":0.5,\"value\":" + (i * 0.1) + "},{\"quantile\":0.99,\"value\":"
              + (i * 1.5e-4) + "},{\"value\":12345678.5}]"));
      sb.append("]}]}");
    }
    return sb.append("]}").toString();
  }

  private interface Point {
    String fields(int i, long ns);
  }

  private static String metric(String name, String type, String head, int s, Point point) {
    StringBuilder sb = new StringBuilder("{\"name\":\"").append(name).append("\",\"unit\":\"ms\",\"description\":\"")
        .append(type).append(" of ").append(name).append("\",\"").append(type).append("\":{").append(head)
        .append("\"dataPoints\":[");
    for (int i = 0; i < POINTS_PER_SERVICE; i++) {
      long ns = T0 + i * 359_000_000_007L + s * 13 + 1; // ~6 h
      sb.append(i == 0 ? "" : ",").append("{\"startTimeUnixNano\":\"").append(T0 - 1).append("\",\"timeUnixNano\":")
          .append(time(ns, i)).append(",\"attributes\":[{\"key\":\"core\",\"value\":{\"intValue\":").append(i % 4)
          .append("}}],").append(point.fields(i, ns)).append('}');
    }
    return sb.append("]}}").toString();
  }

  private static String exemplar(int i, long ns) {
    return i % 5 != 0 ? "" : ",\"exemplars\":[{\"timeUnixNano\":\"" + (ns - 3) + "\",\"asDouble\":" + (i * 0.5)
        + ",\"spanId\":\"EEE19B7EC3C1B174\",\"traceId\":\"5B8EFFF798038103D269B633813FC60C\","
        + "\"filteredAttributes\":[{\"key\":\"k\",\"value\":{\"boolValue\":true}}]},{\"timeUnixNano\":\"" + ns
        + "\",\"asInt\":\"" + (i + 1) + "\"}]";
  }
}
