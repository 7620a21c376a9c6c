package io.sqlotel.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Attribute maps in the planner: result types, what stays in the coordinator, what is refused. */
class MapColumnPlanningTest {
  private static final QueryPlanner PLANNER = new QueryPlanner(TestCatalogs.hourly(24), PlannerOptions.defaults());

  private static PlannedQuery plan(String sql) {
    return PLANNER.plan(sql, List.of(), TestCatalogs.T0);
  }

  @Test
  void mapColumnsAndItemsHaveMapAndNullableVarcharTypes() {
    PlannedQuery q = plan("SELECT SpanAttributes, SpanAttributes['http.method'] FROM otel_traces");
    assertEquals(SqlTypeName.MAP, q.rowType().getFieldList().get(0).getType().getSqlTypeName());
    assertEquals(SqlTypeName.VARCHAR, q.rowType().getFieldList().get(0).getType().getKeyType().getSqlTypeName());
    assertEquals(SqlTypeName.VARCHAR, q.rowType().getFieldList().get(1).getType().getSqlTypeName());
    assertTrue(q.rowType().getFieldList().get(1).getType().isNullable(), "a missing key is NULL");
    assertEquals("SELECT \"SpanAttributes\", json_extract(\"SpanAttributes\", '$.\"http.method\"') FROM \"otel_traces\"",
        PlanPrinter.shardSql(q));
  }

  @Test
  void anItemWithAComputedKeyRunsInTheCoordinator() {
    PlannedQuery q = plan("SELECT SpanAttributes[ServiceName] FROM otel_traces");
    assertEquals("SELECT \"ServiceName\", \"SpanAttributes\" FROM \"otel_traces\"", PlanPrinter.shardSql(q));
    assertTrue(PlanPrinter.coordinator(q).contains("ITEM($1, $0)"), PlanPrinter.coordinator(q));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT SpanAttributes, COUNT(*) FROM otel_traces GROUP BY SpanAttributes",
      "SELECT DISTINCT ResourceAttributes FROM otel_logs",
      "SELECT LogAttributes FROM otel_logs ORDER BY LogAttributes LIMIT 3",
      "SELECT COUNT(DISTINCT SpanAttributes) FROM otel_traces",
      "SELECT ResourceAttributes FROM otel_logs UNION SELECT ResourceAttributes FROM otel_traces",
      "SELECT l.Body FROM otel_logs l JOIN otel_traces t ON l.ResourceAttributes = t.ResourceAttributes"})
  void comparingWholeMapsIsRefusedWithAClearMessage(String sql) {
    PlannerException e = assertThrows(PlannerException.class, () -> plan(sql));
    assertTrue(e.getMessage().contains("attribute map") && e.getMessage().contains("['key']"), e.getMessage());
  }

  @Test
  void countingAndPassingMapsThroughIsAllowed() {
    plan("SELECT COUNT(SpanAttributes) FROM otel_traces");
    plan("SELECT ResourceAttributes FROM otel_logs UNION ALL SELECT ResourceAttributes FROM otel_traces");
  }
}
