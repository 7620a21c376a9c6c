package io.sqlotel.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link PlannedQuery#startTimeDependent()}: whether a plan holds for one run only (the engine reuses the others). The
 * query start time folds into literals wherever CURRENT_TIMESTAMP appears, also in VALUES, where Calcite's validator
 * leaves the parameterless form an identifier.
 */
class StartTimeDependenceTest {
  private static final QueryPlanner PLANNER = new QueryPlanner(TestCatalogs.hourly(24), PlannerOptions.defaults());

  @ParameterizedTest(name = "{1}: {0}")
  @CsvSource(delimiter = '|', value = {
      "SELECT ServiceName, COUNT(*) FROM otel_logs GROUP BY ServiceName | false",
      "SELECT COUNT(*) FROM otel_logs WHERE \"Timestamp\" >= TIMESTAMP '2026-01-01 03:00:00' | false",
      "SELECT COUNT(*) FROM otel_logs WHERE \"Timestamp\" >= CURRENT_TIMESTAMP - INTERVAL '1' HOUR | true",
      "SELECT COUNT(*) FROM otel_logs WHERE \"Timestamp\" >= LOCALTIMESTAMP - INTERVAL '1' HOUR | true",
      "SELECT COUNT(*) FROM otel_logs WHERE \"Timestamp\" >= CURRENT_TIMESTAMP(3) - INTERVAL '1' DAY | true",
      "SELECT x FROM (VALUES (CURRENT_TIMESTAMP)) AS t(x) | true",
      "WITH w(s) AS (VALUES (CURRENT_TIMESTAMP - INTERVAL '2' HOUR)) SELECT COUNT(*) FROM otel_logs, w"
          + " WHERE \"Timestamp\" >= w.s | true",
      "SELECT COUNT(*) FROM otel_logs WHERE CAST(\"Timestamp\" AS DATE) = CURRENT_DATE | true",
      "SELECT Body, RAND() FROM otel_logs LIMIT 3 | true",
      "SELECT COUNT(*) FROM otel_logs WHERE \"Timestamp\" > (SELECT MAX(\"Timestamp\") FROM otel_traces) | false",
  })
  void dependsOnTheStartTimeExactlyWhenItFoldsOrCallsADynamicFunction(String sql, boolean expected) {
    assertEquals(expected, PLANNER.plan(sql, List.of(), TestCatalogs.T0).startTimeDependent());
  }
}
