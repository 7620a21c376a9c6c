package io.sqlotel.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bound {@code ?} parameters become literals in the shard SQL and take part in pruning. */
class ParameterBindingTest {
  private static final QueryPlanner PLANNER = new QueryPlanner(TestCatalogs.hourly(24), PlannerOptions.defaults());

  @Test
  void textAndTimestampParametersAreInlined() {
    PlannedQuery q = PLANNER.plan("SELECT Body FROM otel_logs WHERE ServiceName = ? AND \"Timestamp\" >= ?",
        List.of("cart", Instant.parse("2026-01-01T22:00:00.000000001Z")), TestCatalogs.T0);
    assertEquals("SELECT \"Body\" FROM \"otel_logs\" WHERE \"ServiceName\" = 'cart'"
        + " AND \"Timestamp\" >= 1767304800000000001\n"
        + "covered (1): SELECT \"Body\" FROM \"otel_logs\" WHERE \"ServiceName\" = 'cart'", PlanPrinter.shardSql(q));
    assertEquals(2, q.shardScans().get(0).shards().size());
  }

  @Test
  void parameterTypesAreKnownAtPrepare() {
    PlannedQuery q = PLANNER.plan("SELECT Body FROM otel_logs WHERE SeverityNumber > ? AND \"Timestamp\" < ?",
        null, TestCatalogs.T0);
    assertEquals("[BIGINT, TIMESTAMP(9)]", q.parameterTypes().toString());
  }

  @Test
  void qualifiedNamesResolve() {
    for (String t : List.of("otel_logs", "otel.otel_logs", "sqlotel.otel.otel_logs", "OTEL_LOGS")) {
      PlannedQuery q = PLANNER.plan("SELECT COUNT(*) FROM " + t, List.of(), TestCatalogs.T0);
      assertEquals("SELECT COUNT(*) FROM \"otel_logs\"", PlanPrinter.shardSql(q), t);
    }
  }
}
