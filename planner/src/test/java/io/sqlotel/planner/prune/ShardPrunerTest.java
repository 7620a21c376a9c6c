package io.sqlotel.planner.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sqlotel.planner.PlannedQuery;
import io.sqlotel.planner.PlannerOptions;
import io.sqlotel.planner.QueryPlanner;
import io.sqlotel.planner.TestCatalogs;
import io.sqlotel.shard.meta.ShardDescriptor;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Partition pruning: a WHERE clause in, the selected shard numbers out (24 hourly shards from 2026-01-01T00:00Z). */
class ShardPrunerTest {
  private static final QueryPlanner PLANNER = new QueryPlanner(TestCatalogs.hourly(24), PlannerOptions.defaults());
  private static final long NOW = TestCatalogs.T0 + 3 * TestCatalogs.HOUR + 5;

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    "TRUE | 0-23",
    "\"Timestamp\" >= TIMESTAMP '2026-01-01 02:00:00' AND \"Timestamp\" < TIMESTAMP '2026-01-01 04:00:00' | 2,3",
    "\"Timestamp\" > TIMESTAMP '2026-01-01 02:00:00' AND \"Timestamp\" <= TIMESTAMP '2026-01-01 04:00:00' | 2-4",
    "\"Timestamp\" = TIMESTAMP '2026-01-01 05:59:59.999999999' | 5",
    "\"Timestamp\" BETWEEN TIMESTAMP '2026-01-01 05:00:00' AND TIMESTAMP '2026-01-01 06:00:00' | 5,6",
    "\"Timestamp\" IN (TIMESTAMP '2026-01-01 01:30:00', TIMESTAMP '2026-01-01 20:00:00') | 1,20",
    "\"Timestamp\" < TIMESTAMP '2026-01-01 01:00:00' OR \"Timestamp\" >= TIMESTAMP '2026-01-01 23:00:00' | 0,23",
    "\"Timestamp\" < TIMESTAMP '2026-01-01 01:00:00' OR SeverityNumber > 20 | 0-23",
    "\"Timestamp\" < TIMESTAMP '2026-01-01 01:00:00' AND SeverityNumber > 20 | 0",
    "NOT (\"Timestamp\" < TIMESTAMP '2026-01-01 23:00:00') | 23",
    "\"Timestamp\" > CURRENT_TIMESTAMP - INTERVAL '1' HOUR | 2-23",
    "\"Timestamp\" > CURRENT_TIMESTAMP - INTERVAL '30' MINUTE AND \"Timestamp\" < CURRENT_TIMESTAMP | 2",
    "\"Timestamp\" < TIMESTAMP '2025-06-01 00:00:00' | none",
    "\"Timestamp\" >= TIMESTAMP '2027-01-01 00:00:00' | none",
    "EXTRACT(HOUR FROM \"Timestamp\") = 3 | 0-23",
    "CAST(\"Timestamp\" AS DATE) = DATE '2026-01-01' | 0-23",
    "\"Timestamp\" >= TIMESTAMP '2026-01-01 10:00:00' AND (\"Timestamp\" < TIMESTAMP '2026-01-01 11:00:00' OR Body = 'x') | 10-23",
  })
  void prunes(String where, String expected) {
    PlannedQuery q = PLANNER.plan("SELECT COUNT(*) FROM otel_logs WHERE " + where, List.of(), NOW);
    List<ShardDescriptor> selected = q.shardScans().get(0).shards();
    assertEquals(expected, describe(selected), where);
  }

  private static String describe(List<ShardDescriptor> shards) {
    if (shards.isEmpty()) {
      return "none";
    }
    List<Integer> n = shards.stream().map(s -> Integer.parseInt(s.id().substring(6))).collect(Collectors.toList());
    boolean contiguous = n.size() > 2 && n.get(n.size() - 1) - n.get(0) == n.size() - 1;
    return contiguous ? n.get(0) + "-" + n.get(n.size() - 1)
        : n.stream().map(String::valueOf).collect(Collectors.joining(","));
  }
}
