package io.sqlotel.shard.demo;

import static java.util.Objects.requireNonNull;

import io.sqlotel.shard.demo.DemoCatalog.Endpoint;
import io.sqlotel.shard.demo.DemoCatalog.Service;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collections;

/**
 * Generates and inserts the metric points of one shard into {@code otel_metrics_gauge}, {@code _sum} and
 * {@code _histogram}.
 *
 * <p>Every service has four series: gauges {@code process.cpu.usage} and {@code process.memory.usage}, the
 * cumulative monotonic sum {@code requests.total} and the delta histogram {@code http.server.duration}.
 * Points are taken round-robin over the series at evenly spaced times, so each series gets points spread
 * over the whole slice. About 1% of gauge values, 0.5% of sums, 3% of histogram sums and 10% of histogram
 * min/max are NULL.
 */
final class MetricGenerator {
  private static final double[] BOUNDS = {5, 10, 25, 50, 100, 250, 500, 1000, 2500};
  private static final String BOUNDS_JSON = boundsJson();
  private static final int KINDS = 4;
  private static final String COMMON_COLUMNS = "ResourceAttributes, ResourceSchemaUrl, ScopeName, ScopeVersion,"
      + " ServiceName, MetricName, MetricDescription, MetricUnit, Attributes, SeriesHash, StartTimeUnix, TimeUnix";

  private final Rand rand;

  /**
   * @param rand random source owned by this generator
   */
  MetricGenerator(Rand rand) {
    this.rand = requireNonNull(rand, "rand is null");
  }

  /**
   * Inserts {@code count} metric points.
   *
   * @param c connection inside the shard's write transaction
   * @param count number of points (rows over the three tables)
   * @param sliceStart inclusive slice start, nanoseconds since the epoch
   * @param sliceEnd exclusive slice end, nanoseconds since the epoch
   * @param dataStart start of the whole data set: the start time of the cumulative sums
   * @throws SQLException if an insert fails
   */
  void write(Connection c, int count, long sliceStart, long sliceEnd, long dataStart) throws SQLException {
    try (PreparedStatement gauge = c.prepareStatement(
            "INSERT INTO otel_metrics_gauge (" + COMMON_COLUMNS + ", Value) VALUES (" + marks(13) + ")");
        PreparedStatement sum = c.prepareStatement("INSERT INTO otel_metrics_sum (" + COMMON_COLUMNS
            + ", Value, AggregationTemporality, IsMonotonic) VALUES (" + marks(13) + ", 2, 1)");
        PreparedStatement histogram = c.prepareStatement("INSERT INTO otel_metrics_histogram (" + COMMON_COLUMNS
            + ", Count, Sum, BucketCounts, ExplicitBounds, Min, Max, AggregationTemporality)"
            + " VALUES (" + marks(18) + ", 1)")) {
      int series = DemoCatalog.SERVICES.size() * KINDS;
      long steps = (count + series - 1) / series;
      long interval = steps == 0 ? 0 : (sliceEnd - sliceStart) / steps;
      for (int k = 0; k < count; k++) {
        int s = k % series;
        long time = interval > 0
            ? sliceStart + (k / series) * interval + (interval / series) * s
            : sliceStart + rand.nextLong(sliceEnd - sliceStart);
        int serviceIndex = s / KINDS;
        Service svc = DemoCatalog.SERVICES.get(serviceIndex);
        switch (s % KINDS) {
          case 0:
            bindCommon(gauge, svc, serviceIndex, DemoCatalog.RUNTIME_SCOPE, "process.cpu.usage",
                "CPU time used by the process, fraction of one core", "1",
                JsonText.object("state", "user"), 0, time);
            bindNullable(gauge, 13, rand.chance(0.01), Math.round((0.05 + 0.9 * rand.uniform()) * 1e4) / 1e4);
            gauge.executeUpdate();
            break;
          case 1:
            bindCommon(gauge, svc, serviceIndex, DemoCatalog.RUNTIME_SCOPE, "process.memory.usage",
                "Memory used by the process", "By", JsonText.object("type", "heap"), 0, time);
            bindNullable(gauge, 13, rand.chance(0.01), 2.0e8 + serviceIndex * 1.0e7 + Math.floor(rand.uniform() * 5e7));
            gauge.executeUpdate();
            break;
          case 2:
            Endpoint ep = svc.endpoints().get(0);
            bindCommon(sum, svc, serviceIndex, DemoCatalog.HTTP_SCOPE, "requests.total", "Requests served",
                "{request}", JsonText.object("http.method", ep.method(), "http.route", ep.route()), dataStart, time);
            double perSecond = 5 + 3 * serviceIndex;
            double total = Math.floor(perSecond * ((time - dataStart) / 1e9)) + 1000.0 * serviceIndex;
            bindNullable(sum, 13, rand.chance(0.005), total);
            sum.executeUpdate();
            break;
          default:
            writeHistogram(histogram, svc, serviceIndex, Math.max(sliceStart, time - Math.max(interval, 1)), time);
        }
      }
    }
  }

  private void writeHistogram(PreparedStatement ps, Service svc, int serviceIndex, long start, long time)
      throws SQLException {
    Endpoint ep = svc.endpoints().get(0);
    bindCommon(ps, svc, serviceIndex, DemoCatalog.HTTP_SCOPE, "http.server.duration",
        "Duration of HTTP server requests", "ms",
        JsonText.object("http.method", ep.method(), "http.route", ep.route()), start, time);
    int n = 20 + rand.nextInt(180);
    long[] buckets = new long[BOUNDS.length + 1];
    double total = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      double ms = rand.logNormalNanos(svc.medianMillis(), 0.8) / 1e6;
      int b = 0;
      while (b < BOUNDS.length && ms > BOUNDS[b]) {
        b++; // bucket i holds (bounds[i-1], bounds[i]]
      }
      buckets[b]++;
      total += ms;
      min = Math.min(min, ms);
      max = Math.max(max, ms);
    }
    StringBuilder counts = new StringBuilder("[");
    for (int i = 0; i < buckets.length; i++) {
      counts.append(i == 0 ? "" : ",").append(buckets[i]);
    }
    ps.setLong(13, n);
    bindNullable(ps, 14, rand.chance(0.03), total);
    ps.setString(15, counts.append(']').toString());
    ps.setString(16, BOUNDS_JSON);
    boolean noMinMax = rand.chance(0.1);
    bindNullable(ps, 17, noMinMax, min);
    bindNullable(ps, 18, noMinMax, max);
    ps.executeUpdate();
  }

  private static void bindCommon(PreparedStatement ps, Service svc, int serviceIndex, String scope, String metric,
      String description, String unit, String attributes, long startTime, long time) throws SQLException {
    String resource = svc.resourceAttributes(serviceIndex % DemoCatalog.HOSTS_PER_SERVICE);
    ps.setString(1, resource);
    ps.setString(2, DemoCatalog.RESOURCE_SCHEMA_URL);
    ps.setString(3, scope);
    ps.setString(4, DemoCatalog.SCOPE_VERSION);
    ps.setString(5, svc.name());
    ps.setString(6, metric);
    ps.setString(7, description);
    ps.setString(8, unit);
    ps.setString(9, attributes);
    ps.setLong(10, fnv1a64(resource + '\n' + scope + '\n' + metric + '\n' + attributes));
    ps.setLong(11, startTime);
    ps.setLong(12, time);
  }

  private static void bindNullable(PreparedStatement ps, int index, boolean isNull, double value)
      throws SQLException {
    if (isNull) {
      ps.setNull(index, Types.DOUBLE);
    } else {
      ps.setDouble(index, value);
    }
  }

  /** 64-bit FNV-1a of the UTF-8 bytes: a stable series id that uses the whole signed int64 range. */
  static long fnv1a64(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  private static String marks(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  private static String boundsJson() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < BOUNDS.length; i++) {
      sb.append(i == 0 ? "" : ",").append(BOUNDS[i]);
    }
    return sb.append(']').toString();
  }
}
