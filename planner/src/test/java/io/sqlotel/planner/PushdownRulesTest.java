package io.sqlotel.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven pushdown tests in the style of Calcite's RelOptRulesTest: input SQL, the expected per-shard SQL and
 * the expected coordinator plan (shard scans shown with stage and shards selected/total). 24 hourly shards from
 * 2026-01-01T00:00Z; CURRENT_TIMESTAMP is 2026-01-01T03:00:00.000000005Z.
 */
class PushdownRulesTest {
  private static final QueryPlanner PLANNER = new QueryPlanner(TestCatalogs.hourly(24), PlannerOptions.defaults());
  private static final QueryPlanner RAW = new QueryPlanner(TestCatalogs.hourly(24), new PlannerOptions(false));
  private static final long NOW = TestCatalogs.T0 + 3 * TestCatalogs.HOUR + 5;

  static Stream<Arguments> cases() {
    return Stream.of(PushdownCases.CASES).map(c -> Arguments.of(c[0], c[1], c[2]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void pushdown(String sql, String expectedShardSql, String expectedPlan) {
    PlannedQuery q = PLANNER.plan(sql, java.util.List.of(), NOW);
    assertEquals(expectedShardSql, PlanPrinter.shardSql(q), "shard SQL of " + sql);
    assertEquals(expectedPlan, PlanPrinter.coordinator(q), "coordinator plan of " + sql);
  }

  @org.junit.jupiter.api.Test
  void pushdownDisabledPullsFilteredRawRows() {
    PlannedQuery q = RAW.plan("SELECT ServiceName, COUNT(*) FROM otel_logs WHERE SeverityNumber >= 17 GROUP BY ServiceName",
        java.util.List.of(), NOW);
    assertEquals("SELECT \"ServiceName\" FROM \"otel_logs\" WHERE \"SeverityNumber\" >= 17", PlanPrinter.shardSql(q));
  }
}
