package io.sqlotel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.coordinator.QueryOptions;
import io.sqlotel.coordinator.QueryStats;
import io.sqlotel.coordinator.ResultStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Aggregates are computed on the shards: over the 24-shard cluster each shard sends at most one row per group, never
 * its raw rows. Each query also runs with pushdown disabled (raw rows pulled, everything computed in the
 * coordinator); both results must equal the oracle, and the rows and bytes received are printed side by side.
 */
class AggregatePushdownIT {
  private static final int SHARDS = 24;
  private static final Duration WAIT = Duration.ofSeconds(10);

  /**
   * One aggregate query.
   *
   * @param query the query for sqlotel and the oracle
   * @param rawCountSql oracle SQL counting the rows the aggregate reads (after its WHERE clause)
   */
  record AggregateCase(ParityQuery query, String rawCountSql) {}

  private static final List<AggregateCase> CASES = List.of(
      agg("global COUNT/SUM", "SELECT COUNT(*), SUM(Duration), MIN(Duration), MAX(Duration) FROM otel_traces",
          "SELECT COUNT(*) FROM otel_traces"),
      agg("COUNT by service", "SELECT ServiceName, COUNT(*) FROM otel_traces GROUP BY ServiceName",
          "SELECT COUNT(*) FROM otel_traces"),
      agg("5 aggregates by service, status", "SELECT ServiceName, StatusCode, COUNT(*), SUM(Duration), MIN(Duration),"
          + " MAX(Duration), AVG(Duration) FROM otel_traces GROUP BY ServiceName, StatusCode",
          "SELECT COUNT(*) FROM otel_traces"),
      agg("errors by service (SUM CASE)", "SELECT ServiceName, SUM(CASE WHEN StatusCode = 'Error' THEN 1 ELSE 0 END),"
          + " COUNT(*) FROM otel_traces GROUP BY ServiceName", "SELECT COUNT(*) FROM otel_traces"),
      agg("logs by severity", "SELECT SeverityText, COUNT(*) FROM otel_logs GROUP BY SeverityText",
          "SELECT COUNT(*) FROM otel_logs"),
      agg("filtered logs by service", "SELECT ServiceName, COUNT(*), MAX(SeverityNumber) FROM otel_logs"
          + " WHERE SeverityNumber >= 13 GROUP BY ServiceName",
          "SELECT COUNT(*) FROM otel_logs WHERE SeverityNumber >= 13"),
      agg("gauge AVG by metric", "SELECT MetricName, COUNT(\"Value\"), SUM(\"Value\"), AVG(\"Value\")"
          + " FROM otel_metrics_gauge GROUP BY MetricName", "SELECT COUNT(*) FROM otel_metrics_gauge"),
      new AggregateCase(ParityQuery.of("logs per hour (FLOOR TO HOUR)", false,
          "SELECT FLOOR(\"Timestamp\" TO HOUR), COUNT(*) FROM otel_logs GROUP BY FLOOR(\"Timestamp\" TO HOUR)",
          "SELECT (\"Timestamp\" / 3600000000000) * 3600000000000, COUNT(*) FROM otel_logs"
              + " GROUP BY (\"Timestamp\" / 3600000000000) * 3600000000000"),
          "SELECT COUNT(*) FROM otel_logs"),
      new AggregateCase(ParityQuery.of("spans per 5 min (TIME_BUCKET)", false,
          "SELECT ServiceName, TIME_BUCKET(INTERVAL '5' MINUTE, \"Timestamp\"), COUNT(*) FROM otel_traces"
              + " WHERE \"Timestamp\" < {ts '2026-01-01 06:00:00'} AND ServiceName IN ('cart', 'payment')"
              + " GROUP BY ServiceName, TIME_BUCKET(INTERVAL '5' MINUTE, \"Timestamp\")",
          "SELECT ServiceName, (\"Timestamp\" / 300000000000) * 300000000000, COUNT(*) FROM otel_traces"
              + " WHERE \"Timestamp\" < {ts '2026-01-01 06:00:00'} AND ServiceName IN ('cart', 'payment')"
              + " GROUP BY ServiceName, (\"Timestamp\" / 300000000000) * 300000000000"),
          ParityQuery.oracle("SELECT COUNT(*) FROM otel_traces WHERE \"Timestamp\" < {ts '2026-01-01 06:00:00'}"
              + " AND ServiceName IN ('cart', 'payment')")));

  private static ShardedCluster cluster;
  private static Connection sqlotel;
  private static Connection oracleConnection;
  private static Oracle oracle;

  @BeforeAll
  static void connect() throws Exception {
    cluster = ShardedCluster.shared(SHARDS);
    sqlotel = cluster.connect();
    oracleConnection = cluster.connectOracle();
    oracle = new Oracle(sqlotel, oracleConnection);
  }

  @AfterAll
  static void close() throws Exception {
    sqlotel.close();
    oracleConnection.close();
    assertEquals(0, cluster.awaitAllocatorIdle(WAIT), "Arrow bytes still allocated by the Flight server");
  }

  @Test
  void shardsSendAtMostOneRowPerGroupAndTheResultsMatchTheOracle() throws Exception {
    List<String[]> table = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (AggregateCase c : CASES) {
      ParityQuery q = c.query();
      long raw = count(c.rawCountSql());

      cluster.clearStatsAndRequestLogs();
      Oracle.Result pushedResult = oracle.assertSameResult(q);
      QueryStats pushed = cluster.awaitStats(q.sqlotelSql(), WAIT);
      long groups = pushedResult.rows().size();

      cluster.clearStatsAndRequestLogs();
      try (BufferAllocator allocator = new RootAllocator();
          ResultStream stream = cluster.engine().execute(q.sqlotelSql(), List.of(),
              new QueryOptions(QueryOptions.now().queryStartNanos(), false), allocator)) {
        oracle.assertSameResult(q, ArrowResults.read(stream));
      }
      QueryStats unpushed = cluster.awaitStats(q.sqlotelSql(), WAIT);

      table.add(new String[] {q.name(), Long.toString(groups), Long.toString(raw),
          Integer.toString(pushed.shardsAsked()), Long.toString(pushed.rowsReceived()),
          Long.toString(pushed.bytesReceived()), Long.toString(unpushed.rowsReceived()),
          Long.toString(unpushed.bytesReceived())});

      long bound = groups * pushed.shardsAsked();
      if (pushed.rowsReceived() > bound) {
        failures.add(q.name() + ": " + pushed.rowsReceived() + " rows received > " + groups + " groups x "
            + pushed.shardsAsked() + " shards");
      }
      if (pushed.rowsReceived() >= raw) {
        failures.add(q.name() + ": " + pushed.rowsReceived() + " rows received with pushdown, the raw row count is "
            + raw);
      }
      if (unpushed.rowsReceived() < raw) {
        failures.add(q.name() + ": without pushdown only " + unpushed.rowsReceived() + " rows received, fewer than the "
            + raw + " rows aggregated");
      }
    }
    print(table);
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  private static AggregateCase agg(String name, String sql, String rawCountSql) {
    return new AggregateCase(ParityQuery.of(name, false, sql), rawCountSql);
  }

  private static long count(String oracleSql) throws SQLException {
    try (Statement st = oracleConnection.createStatement(); ResultSet rs = st.executeQuery(oracleSql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void print(List<String[]> rows) {
    String[] header = {"query", "groups", "raw rows", "shards", "rows (push)", "bytes (push)", "rows (no push)",
        "bytes (no push)"};
    int[] widths = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      widths[i] = header[i].length();
      for (String[] r : rows) {
        widths[i] = Math.max(widths[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append("\nAggregate pushdown over ").append(SHARDS)
        .append(" shards (rows and bytes received from the shards)\n");
    appendRow(sb, header, widths);
    String[] rule = new String[header.length];
    for (int i = 0; i < header.length; i++) {
      rule[i] = "-".repeat(widths[i]);
    }
    appendRow(sb, rule, widths);
    for (String[] r : rows) {
      appendRow(sb, r, widths);
    }
    System.out.println(sb);
  }

  private static void appendRow(StringBuilder sb, String[] cells, int[] widths) {
    sb.append("| ");
    for (int i = 0; i < cells.length; i++) {
      String format = i == 0 ? "%-" + widths[i] + "s" : "%" + widths[i] + "s";
      sb.append(String.format(Locale.ROOT, format, cells[i])).append(" | ");
    }
    sb.setLength(sb.length() - 1);
    sb.append('\n');
  }
}
