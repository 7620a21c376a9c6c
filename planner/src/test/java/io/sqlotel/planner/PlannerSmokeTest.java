package io.sqlotel.planner;

import org.junit.jupiter.api.Test;

class PlannerSmokeTest {
  @Test
  void printPlans() {
    QueryPlanner p = new QueryPlanner(TestCatalogs.hourly(24), PlannerOptions.defaults());
    String[] qs = {
      "EXPLAIN PLAN FOR SELECT ServiceName, Body FROM otel_logs WHERE \"Timestamp\" >= TIMESTAMP '2026-01-01 02:00:00' AND \"Timestamp\" < TIMESTAMP '2026-01-01 04:00:00'",
      "EXPLAIN PLAN FOR select servicename, count(*) from OTEL_LOGS where SeverityNumber > 9 group by servicename",
      "EXPLAIN PLAN FOR SELECT \"SpanName\", \"Duration\" FROM otel_traces WHERE \"Timestamp\" BETWEEN TIMESTAMP '2026-01-01 05:00:00' AND TIMESTAMP '2026-01-01 05:30:00' OR \"Timestamp\" IN (TIMESTAMP '2026-01-01 10:00:00') ORDER BY \"Duration\" DESC LIMIT 5 OFFSET 2",
      "EXPLAIN PLAN FOR SELECT count(*) FROM otel_logs WHERE \"Timestamp\" > CURRENT_TIMESTAMP - INTERVAL '1' HOUR",
      "EXPLAIN PLAN FOR SELECT l.Body, t.SpanName FROM otel_logs l JOIN otel_traces t ON l.SpanId = t.SpanId WHERE l.SeverityText = 'ERROR' AND UPPER(t.SpanName) LIKE 'GET%'",
      "EXPLAIN PLAN FOR SELECT * FROM otel_logs WHERE ServiceName IN (SELECT ServiceName FROM otel_traces WHERE StatusCode = 'Error') LIMIT 3",
      "EXPLAIN PLAN FOR SELECT ServiceName, AVG(Duration), STDDEV_POP(Duration), MIN(SpanName), COUNT(DISTINCT SpanName) FROM otel_traces GROUP BY ServiceName",
      "EXPLAIN PLAN FOR SELECT COUNT(DISTINCT SpanName) FROM otel_traces",
      "EXPLAIN PLAN FOR SELECT ServiceName, SUM(CASE WHEN StatusCode='Error' THEN 1 ELSE 0 END) AS errs, COUNT(*) FILTER (WHERE Duration > 1000) FROM otel_traces GROUP BY ServiceName HAVING COUNT(*) > 3 ORDER BY errs DESC LIMIT 3",
      "EXPLAIN PLAN FOR SELECT FLOOR(\"Timestamp\" TO HOUR) AS h, COUNT(*) FROM otel_logs GROUP BY FLOOR(\"Timestamp\" TO HOUR)",
      "EXPLAIN PLAN FOR SELECT TIME_BUCKET(INTERVAL '5' MINUTE, \"Timestamp\") AS b, SeverityText, COUNT(*) FROM otel_logs WHERE \"Timestamp\" < TIMESTAMP '2026-01-01 03:00:00' GROUP BY TIME_BUCKET(INTERVAL '5' MINUTE, \"Timestamp\"), SeverityText ORDER BY 3 DESC LIMIT 4",
    };
    for (String q : qs) {
      PlannedQuery pq = p.plan(q, null, TestCatalogs.T0 + 3 * TestCatalogs.HOUR + 5);
      System.out.println(q + "\n" + pq.explain());
    }
  }
}
