package io.sqlotel.planner.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sqlotel.planner.PlannedQuery;
import io.sqlotel.planner.PlannerOptions;
import io.sqlotel.planner.QueryPlanner;
import io.sqlotel.planner.TestCatalogs;
import io.sqlotel.planner.catalog.Catalog;
import io.sqlotel.planner.catalog.ColumnDef;
import io.sqlotel.planner.catalog.ColumnType;
import io.sqlotel.planner.catalog.TableDef;
import io.sqlotel.planner.rel.ShardScan;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Time conjuncts left out for shards inside them: a WHERE clause in; the shards (of 24 hourly ones) that get the
 * query without its time conjuncts, and the WHERE clause they get, out.
 */
class TimeCoverTest {
  private static final QueryPlanner PLANNER = new QueryPlanner(TestCatalogs.hourly(24), PlannerOptions.defaults());

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    // half-open hour boundaries: shards 2 and 3 lie inside, nothing is left of the WHERE clause
    "\"Timestamp\" >= TIMESTAMP '2026-01-01 02:00:00' AND \"Timestamp\" < TIMESTAMP '2026-01-01 04:00:00' | 2,3 | -",
    // the slice end is exclusive: <= 04:00 still covers shard 3 but not shard 4 (its first instant only)
    "\"Timestamp\" > TIMESTAMP '2026-01-01 02:00:00' AND \"Timestamp\" <= TIMESTAMP '2026-01-01 04:00:00' | 3 | -",
    "\"Timestamp\" >= TIMESTAMP '2026-01-01 02:30:00' AND SeverityNumber > 9 | 3-23 | \"SeverityNumber\" > 9",
    "\"Timestamp\" BETWEEN TIMESTAMP '2026-01-01 05:00:00' AND TIMESTAMP '2026-01-01 07:00:00' | 5,6 | -",
    // a disjunction is one conjunct; its Sarg form is exact, so whole slices inside it are covered
    "\"Timestamp\" < TIMESTAMP '2026-01-01 01:00:00' OR \"Timestamp\" >= TIMESTAMP '2026-01-01 23:00:00' | 0,23 | -",
    // a time conjunct mixed with another column is not a time conjunct: kept everywhere
    "\"Timestamp\" < TIMESTAMP '2026-01-01 01:00:00' OR SeverityNumber > 20 | none | ",
    // under a CAST the pruner over-approximates: never dropped
    "CAST(\"Timestamp\" AS TIMESTAMP(0)) >= TIMESTAMP '2026-01-01 22:00:00' | none | ",
    "EXTRACT(HOUR FROM \"Timestamp\") = 3 | none | ",
  })
  void covers(String where, String expectedShards, String expectedWhere) {
    PlannedQuery q = PLANNER.plan("SELECT Body FROM otel_logs WHERE " + where, List.of(), TestCatalogs.T0);
    ShardScan scan = q.shardScans().get(0);
    TimeCover cover = scan.timeCover();
    List<Integer> covered = cover == null ? List.of() : scan.shards().stream().filter(s -> cover.covers(s.range()))
        .map(s -> Integer.parseInt(s.id().substring(6))).collect(Collectors.toList());
    assertEquals(expectedShards, describe(covered), where);
    if (cover != null && !covered.isEmpty()) {
      String sql = scan.sql(true, false);
      String rest = sql.contains(" WHERE ") ? sql.substring(sql.indexOf(" WHERE ") + 7) : "-";
      assertEquals(expectedWhere, rest, where);
    }
  }

  @Test
  void nullableTimeColumnKeepsItsConjuncts() {
    // a NULL time fails "t >= x": leaving the conjunct out would let such rows in
    TableDef events = new TableDef("events", "t", List.of(new ColumnDef("t", ColumnType.TIMESTAMP, true),
        new ColumnDef("v", ColumnType.BIGINT, true)));
    Catalog catalog = Catalog.of(TestCatalogs.hourly(3).shards(), List.of(events));
    PlannedQuery q = new QueryPlanner(catalog, PlannerOptions.defaults())
        .plan("SELECT v FROM events WHERE t >= TIMESTAMP '2026-01-01 01:00:00'", List.of(), TestCatalogs.T0);
    assertEquals(null, q.shardScans().get(0).timeCover());
  }

  private static String describe(List<Integer> n) {
    if (n.isEmpty()) {
      return "none";
    }
    boolean contiguous = n.size() > 2 && n.get(n.size() - 1) - n.get(0) == n.size() - 1;
    return contiguous ? n.get(0) + "-" + n.get(n.size() - 1)
        : n.stream().map(String::valueOf).collect(Collectors.joining(","));
  }
}
