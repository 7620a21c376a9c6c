package io.sqlotel.it.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.it.Oracle;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Metrics ingested through the shard worker's {@code POST /v1/metrics} equal the Java otlp-loader's rows of the same
 * files: every column of every point of all five point types, read through sqlotel with the Flight SQL JDBC driver
 * (int64 and nanosecond timestamps exactly, doubles bit for bit, attribute/exemplar/bucket JSON as the same text).
 */
class WorkerMetricsIT {
  private static WorkerCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = WorkerCluster.shared();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"otel_metrics_gauge", "otel_metrics_sum", "otel_metrics_histogram",
      "otel_metrics_exponential_histogram", "otel_metrics_summary"})
  void everyColumnOfEveryPointEqualsTheJavaLoader(String table) throws Exception {
    String sql = "SELECT * FROM " + table;
    Oracle.Result actual;
    Oracle.Result expected;
    try (Connection c = cluster.connect()) {
      actual = Oracle.runSqlotel(c, sql);
    }
    try (Connection o = cluster.connectOracle()) {
      expected = Oracle.runOracle(o, sql, actual.kinds());
    }
    assertEquals(expected.labels(), actual.labels());
    assertTrue(expected.rows().size() >= WorkerData.SERVICES.length * WorkerData.POINTS_PER_SERVICE,
        table + ": " + expected.rows().size() + " oracle rows");
    // rows as multisets, every value exactly (Long, Double, String)
    assertEquals(sorted(expected.rows()), sorted(actual.rows()), table);
    // the exact int64 columns went through JavaScript: the generated counts start at 2^53 + 1
    if (List.of("otel_metrics_histogram", "otel_metrics_summary").contains(table)) {
      int count = actual.labels().indexOf("Count");
      assertTrue(actual.rows().stream().anyMatch(r -> Long.valueOf(WorkerData.BIG_COUNT).equals(r.get(count))));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"otel_metrics_gauge", "otel_metrics_sum", "otel_metrics_histogram",
      "otel_metrics_exponential_histogram", "otel_metrics_summary"})
  void timeFilterAndServiceFilterMatch(String table) throws Exception {
    String sql = "SELECT ServiceName, MetricName, \"TimeUnix\", SeriesHash, Attributes, Exemplars_or_none FROM " + table
        + " WHERE \"TimeUnix\" >= TIMESTAMP '2026-01-01 02:00:00.000000014' AND ServiceName <> 'cart'";
    String columns = table.equals("otel_metrics_summary") ? "''" : "Exemplars";
    sql = sql.replace("Exemplars_or_none", columns);
    String oracleSql = sql.replace("TIMESTAMP '2026-01-01 02:00:00.000000014'",
        Long.toString(WorkerData.T0 + 2 * 3_600_000_000_000L + 14));
    Oracle.Result actual;
    Oracle.Result expected;
    try (Connection c = cluster.connect()) {
      actual = Oracle.runSqlotel(c, sql);
    }
    try (Connection o = cluster.connectOracle()) {
      expected = Oracle.runOracle(o, oracleSql, actual.kinds());
    }
    assertFalse(expected.rows().isEmpty());
    assertEquals(sorted(expected.rows()), sorted(actual.rows()), sql);
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> copy = new ArrayList<>(rows);
    copy.sort(Comparator.comparing(Object::toString));
    return copy;
  }
}
