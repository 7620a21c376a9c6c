package io.sqlotel.it.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code HISTOGRAM_QUANTILE(q, BucketCounts, ExplicitBounds)} through the JDBC driver over histograms loaded with
 * the otlp-loader: the shared sample histograms (opentelemetry-proto example, duckdb-otlp test data) and a synthetic
 * histogram whose points lie in three different hourly shards. Expected values are computed by hand with Prometheus'
 * interpolation (see each assertion).
 */
class HistogramQuantileIT {
  private static final double EPS = 1e-9;
  private static OtlpCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    Path data = OtlpCluster.sharedData();
    Path tmp = Files.createTempDirectory("sqlotel-histogram-input-");
    Path synthetic = tmp.resolve("synthetic-histograms.json");
    Files.writeString(synthetic, syntheticRequest());
    List<Path> files = new ArrayList<>(List.of(
        data.resolve("opentelemetry-proto-examples/metrics.json"),
        data.resolve("duckdb-otlp-testdata/metrics_histogram_ndjson.jsonl"),
        data.resolve("duckdb-otlp-testdata/metrics_all_types.jsonl"),
        data.resolve("duckdb-otlp-testdata/metrics_simple.jsonl"),
        data.resolve("duckdb-otlp-testdata/metrics_nulls.jsonl"),
        data.resolve("duckdb-otlp-testdata/metrics_optional_fields.jsonl"),
        synthetic));
    cluster = OtlpCluster.load(files);
    Files.delete(synthetic);
    Files.delete(tmp);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void sampleHistograms() throws Exception {
    Map<String, Object[]> rows = query("SELECT MetricName, COUNT(*), HISTOGRAM_QUANTILE(0.5, BucketCounts,"
        + " ExplicitBounds), HISTOGRAM_QUANTILE(0.9, BucketCounts, ExplicitBounds), HISTOGRAM_QUANTILE(0.05,"
        + " BucketCounts, ExplicitBounds) FROM otel_metrics_histogram WHERE MetricName IN ('latency.hist',"
        + " 'http.server.duration', 'my.histogram', 'empty_histogram') GROUP BY MetricName");
    assertEquals(4, rows.size(), rows.keySet().toString());
    // latency.hist: two identical points (two files) [5,10,15,12,8] bounds [5,10,20,50] → merged [10,20,30,24,16],
    // n = 100, cumulative [10,30,60,84,100].
    Object[] latency = rows.get("latency.hist");
    assertEquals(2L, ((Number) latency[0]).longValue());
    assertEquals(10 + 10 * (50.0 - 30) / 30, (Double) latency[1], EPS); // rank 50 in (10,20]: 16.667
    assertEquals(50.0, (Double) latency[2], EPS); // rank 90 > 84: +Inf bucket → largest finite bound
    assertEquals(5 * 5.0 / 10, (Double) latency[3], EPS); // rank 5 in (0,5]: 2.5
    // http.server.duration: [10,30,40,15,5] bounds [10,50,100,500], cumulative [10,40,80,95,100].
    Object[] http = rows.get("http.server.duration");
    assertEquals(50 + 50 * (50.0 - 40) / 40, (Double) http[1], EPS); // 62.5
    assertEquals(100 + 400 * (90.0 - 80) / 15, (Double) http[2], EPS); // 366.667
    assertEquals(10 * 5.0 / 10, (Double) http[3], EPS); // 5
    // my.histogram (opentelemetry-proto example): [1,1] bounds [1].
    Object[] proto = rows.get("my.histogram");
    assertEquals(1.0, (Double) proto[1], EPS); // rank 1 in (0,1]: 0 + 1 * 1/1
    assertEquals(1.0, (Double) proto[2], EPS); // rank 1.8: +Inf bucket → 1
    assertEquals(0.1, (Double) proto[3], EPS); // rank 0.1 in (0,1]
    // empty_histogram: no buckets → NULL.
    Object[] empty = rows.get("empty_histogram");
    assertNull(empty[1]);
    assertNull(empty[2]);
  }

  @Test
  void countsThatDoNotMatchTheBoundsAreAnError() {
    // metrics_optional_fields.jsonl: 4 bucket counts for 4 bounds (OTLP requires one more count than bounds).
    SQLException e = assertThrows(SQLException.class, () -> query("SELECT MetricName, HISTOGRAM_QUANTILE(0.5,"
        + " BucketCounts, ExplicitBounds) FROM otel_metrics_histogram WHERE MetricName = 'missing.sum.hist'"
        + " GROUP BY MetricName"));
    assertTrue(messages(e).contains("one more count than bounds"), messages(e));
  }

  @Test
  void syntheticHistogramMergedAcrossThreeShards() throws Exception {
    assertTrue(cluster.shards.size() >= 5, "shards: " + cluster.shards.size());
    Map<String, Object[]> rows = query("SELECT MetricName, COUNT(*), HISTOGRAM_QUANTILE(0.1, BucketCounts,"
        + " ExplicitBounds), HISTOGRAM_QUANTILE(0.5, BucketCounts, ExplicitBounds), HISTOGRAM_QUANTILE(0.6,"
        + " BucketCounts, ExplicitBounds), HISTOGRAM_QUANTILE(1, BucketCounts, ExplicitBounds),"
        + " HISTOGRAM_QUANTILE(0, BucketCounts, ExplicitBounds)"
        + " FROM otel_metrics_histogram WHERE MetricName = 'syn.hist' GROUP BY MetricName");
    Object[] r = rows.get("syn.hist");
    // points in hours 0, 1, 2: [5,0,0,0,0] + [0,10,10,0,0] + [0,0,0,5,0], bounds [0.1,0.5,1,5]
    // → merged [5,10,10,5,0], n = 30, cumulative [5,15,25,30,30].
    assertEquals(3L, ((Number) r[0]).longValue());
    assertEquals(0.1 * 3 / 5, (Double) r[1], EPS); // rank 3 in (0,0.1]: 0.06
    assertEquals(0.1 + 0.4 * (15.0 - 5) / 10, (Double) r[2], EPS); // rank 15 in (0.1,0.5]: 0.5
    assertEquals(0.5 + 0.5 * (18.0 - 15) / 10, (Double) r[3], EPS); // rank 18 in (0.5,1]: 0.65
    assertEquals(1 + 4 * (30.0 - 25) / 5, (Double) r[4], EPS); // rank 30 in (1,5]: 5
    assertEquals(0.0, (Double) r[5], EPS); // q = 0: lower bound of the first non-empty bucket
    // A first bucket with a non-positive upper bound: [2,0,0,2] bounds [-1,0,1].
    Object[] neg = query("SELECT MetricName, HISTOGRAM_QUANTILE(0.25, BucketCounts, ExplicitBounds),"
        + " HISTOGRAM_QUANTILE(0.75, BucketCounts, ExplicitBounds) FROM otel_metrics_histogram"
        + " WHERE MetricName = 'syn.neg' GROUP BY MetricName").get("syn.neg");
    assertEquals(-1.0, (Double) neg[0], EPS); // first bucket, upper bound ≤ 0 → that bound
    assertEquals(1.0, (Double) neg[1], EPS); // rank 3 > 2 finite: +Inf bucket → 1
  }

  @Test
  void mismatchedBoundsAndBadQuantileAreErrors() {
    SQLException e = assertThrows(SQLException.class, () -> query("SELECT MetricName, HISTOGRAM_QUANTILE(0.5,"
        + " BucketCounts, ExplicitBounds) FROM otel_metrics_histogram WHERE MetricName = 'syn.bad'"
        + " GROUP BY MetricName"));
    assertTrue(messages(e).contains("different bucket bounds"), messages(e));
    SQLException q = assertThrows(SQLException.class, () -> query("SELECT MetricName, HISTOGRAM_QUANTILE(1.5,"
        + " BucketCounts, ExplicitBounds) FROM otel_metrics_histogram WHERE MetricName = 'syn.hist'"
        + " GROUP BY MetricName"));
    assertTrue(messages(q).contains("between 0 and 1"), messages(q));
  }

  private static Map<String, Object[]> query(String sql) throws SQLException {
    Map<String, Object[]> out = new HashMap<>();
    try (Connection c = cluster.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Object[] row = new Object[n - 1];
        for (int i = 2; i <= n; i++) {
          // getObject on a BIGINT column hits a driver/Avatica mismatch (getULong); read by type instead
          Object v = rs.getMetaData().getColumnType(i) == java.sql.Types.BIGINT ? (Object) rs.getLong(i)
              : (Object) rs.getDouble(i);
          row[i - 2] = rs.wasNull() ? null : v;
        }
        out.put(rs.getString(1), row);
      }
    }
    return out;
  }

  private static String messages(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      sb.append(t.getMessage()).append(" | ");
    }
    return sb.toString();
  }

  /** One OTLP/JSON request: syn.hist over three hours, syn.neg, and syn.bad with two bucket layouts. */
  private static String syntheticRequest() {
    long h0 = Instant.parse("2030-01-01T00:30:00Z").getEpochSecond() * 1_000_000_000L;
    long hour = 3_600_000_000_000L;
    String points = point(h0, "[5,0,0,0,0]", "[0.1,0.5,1,5]") + "," + point(h0 + hour, "[0,10,10,0,0]",
        "[0.1,0.5,1,5]") + "," + point(h0 + 2 * hour, "[0,0,0,5,0]", "[0.1,0.5,1,5]");
    return "{\"resourceMetrics\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
        + "{\"stringValue\":\"synthetic\"}}]},\"scopeMetrics\":[{\"scope\":{},\"metrics\":["
        + metric("syn.hist", points) + ","
        + metric("syn.neg", point(h0, "[2,0,0,2]", "[-1,0,1]")) + ","
        + metric("syn.bad", point(h0, "[1,1,1]", "[1,2]") + "," + point(h0 + hour, "[1,1,1]", "[1,3]"))
        + "]}]}]}";
  }

  private static String metric(String name, String points) {
    return "{\"name\":\"" + name + "\",\"histogram\":{\"aggregationTemporality\":1,\"dataPoints\":[" + points + "]}}";
  }

  private static String point(long t, String counts, String bounds) {
    long total = 0;
    for (String c : counts.substring(1, counts.length() - 1).split(",")) {
      total += Long.parseLong(c);
    }
    return "{\"startTimeUnixNano\":\"" + (t - 60_000_000_000L) + "\",\"timeUnixNano\":\"" + t + "\",\"count\":\""
        + total + "\",\"bucketCounts\":" + counts.replaceAll("(\\d+)", "\"$1\"") + ",\"explicitBounds\":" + bounds
        + "}";
  }
}
