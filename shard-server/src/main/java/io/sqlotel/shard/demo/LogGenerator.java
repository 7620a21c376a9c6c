package io.sqlotel.shard.demo;

import static java.util.Objects.requireNonNull;

import io.sqlotel.shard.demo.DemoCatalog.Service;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * Generates and inserts the {@code otel_logs} rows of one shard.
 *
 * <p>Most records belong to a span: they carry its TraceId/SpanId, fall inside its time span, and are
 * ERROR (17) or WARN (13) when the span failed, mostly INFO (9) otherwise. About 5% are background records
 * without trace context. Bodies include non-ASCII text and, in about 1% of records, bare integers beyond
 * the exact range of a double (2^53) or of int64, to exercise clients that parse numbers.
 */
final class LogGenerator {
  private static final String[] BIG_INTEGERS = {
      "9007199254740993", "9223372036854775807", "-9223372036854775808", "18446744073709551615"};
  private static final String[] BACKGROUND_BODIES = {
      "health check ok", "GC pause %d ms", "cache refreshed: %d entries", "config reloaded (rev %d)"};

  private final Rand rand;

  /**
   * @param rand random source owned by this generator
   */
  LogGenerator(Rand rand) {
    this.rand = requireNonNull(rand, "rand is null");
  }

  /**
   * Inserts {@code count} log records.
   *
   * @param c connection inside the shard's write transaction
   * @param spans the shard's spans (may be empty: then every record is a background record)
   * @param count number of rows to insert
   * @param sliceStart inclusive slice start, nanoseconds since the epoch
   * @param sliceEnd exclusive slice end, nanoseconds since the epoch
   * @throws SQLException if an insert fails
   */
  void write(Connection c, List<Span> spans, int count, long sliceStart, long sliceEnd) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO otel_logs (Timestamp, TraceId, SpanId,"
        + " TraceFlags, SeverityText, SeverityNumber, ServiceName, Body, ResourceSchemaUrl, ResourceAttributes,"
        + " ScopeName, ScopeVersion, LogAttributes, EventName) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < count; i++) {
        Span span = spans.isEmpty() || rand.chance(0.05) ? null : spans.get(rand.nextInt(spans.size()));
        Service svc = span != null ? span.service : rand.pick(DemoCatalog.SERVICES);
        int host = span != null ? span.host : rand.nextInt(DemoCatalog.HOSTS_PER_SERVICE);
        long ts = span != null
            ? Math.min(span.start + rand.nextLong(Math.max(1, span.duration)), sliceEnd - 1)
            : sliceStart + rand.nextLong(sliceEnd - sliceStart);
        int severity = severity(span);
        String body;
        String orderId = null;
        if (rand.chance(0.01)) {
          body = BIG_INTEGERS[rand.nextInt(BIG_INTEGERS.length)];
          orderId = body;
        } else if (span == null) {
          body = String.format(Locale.ROOT, BACKGROUND_BODIES[rand.nextInt(BACKGROUND_BODIES.length)], rand.nextInt(5000));
        } else {
          body = body(span, severity);
        }
        String eventName = "checkout".equals(svc.name()) && severity == 9 && rand.chance(0.3) ? "order.placed" : "";
        String attrs = orderId == null
            ? JsonText.object("log.logger", "io.demo." + svc.name() + ".Handler",
                "thread.name", "worker-" + rand.nextInt(16))
            : JsonText.object("log.logger", "io.demo." + svc.name() + ".Handler",
                "thread.name", "worker-" + rand.nextInt(16), "order.id", orderId);
        ps.setLong(1, ts);
        ps.setString(2, span == null ? "" : span.traceId);
        ps.setString(3, span == null ? "" : span.spanId);
        ps.setInt(4, span == null ? 0 : 1);
        ps.setString(5, severityText(severity));
        ps.setInt(6, severity);
        ps.setString(7, svc.name());
        ps.setString(8, body);
        ps.setString(9, DemoCatalog.RESOURCE_SCHEMA_URL);
        ps.setString(10, svc.resourceAttributes(host));
        ps.setString(11, "io.demo." + svc.name());
        ps.setString(12, svc.version());
        ps.setString(13, attrs);
        ps.setString(14, eventName);
        ps.executeUpdate();
      }
    }
  }

  /** Severity number: 17 ERROR / 13 WARN for failed spans, else 9 INFO / 5 DEBUG / 13 WARN. */
  private int severity(Span span) {
    if (span != null && span.failed()) {
      return rand.chance(0.85) ? 17 : 13;
    }
    switch (rand.weighted(new int[] {80, 12, 8})) {
      case 0:
        return 9;
      case 1:
        return 5;
      default:
        return 13;
    }
  }

  private static String severityText(int severity) {
    switch (severity) {
      case 5:
        return "DEBUG";
      case 9:
        return "INFO";
      case 13:
        return "WARN";
      case 17:
        return "ERROR";
      default:
        throw new AssertionError("unexpected severity " + severity);
    }
  }

  private String body(Span span, int severity) {
    long ms = span.duration / 1_000_000;
    if (severity == 17) {
      return span.name + " failed: " + (span.statusMessage.isEmpty() ? "error" : span.statusMessage);
    }
    if (severity == 13) {
      return span.name + " slow: " + ms + " ms";
    }
    switch (span.service.name()) {
      case "cart":
        return "ürün 商品 🚀 added to cart: sku=SKU-" + rand.nextInt(10_000) + " qty=" + (1 + rand.nextInt(5));
      case "checkout":
        return "order " + (1_000_000 + rand.nextInt(9_000_000)) + " placed, total=" + rand.nextInt(500) + "."
            + rand.nextInt(10) + rand.nextInt(10) + " EUR";
      case "email":
        return "confirmation sent to customer-" + rand.nextInt(100_000) + "@example.com";
      case "shipping":
        return "quote for Zürich → Köln: " + (5 + rand.nextInt(40)) + " €";
      default:
        return span.name + " completed in " + ms + " ms";
    }
  }
}
