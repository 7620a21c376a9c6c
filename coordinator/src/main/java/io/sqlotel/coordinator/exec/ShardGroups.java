package io.sqlotel.coordinator.exec;

import io.sqlotel.coordinator.QueryException;
import io.sqlotel.coordinator.QueryException.Code;
import io.sqlotel.planner.PlannedQuery;
import io.sqlotel.planner.rel.ShardScan;
import io.sqlotel.planner.rel.ShardStage;
import io.sqlotel.shard.meta.ShardDescriptor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Splitting a query into parts that each run on a group of shards (the endpoints of a Flight query): possible exactly
 * when the plan's root is a {@link ShardScan} that returns rows as stored, filtered or projected (stage SCAN, FILTER or
 * PROJECT, not partial aggregates, no collation), because then the result is the concatenation of the shards' results
 * in no particular order and any partition of the shards gives parts whose union is the result. Aggregates, ORDER BY,
 * LIMIT, joins and EXPLAIN need the coordinator to see every shard's rows, so they are never split.
 */
public final class ShardGroups {
  private ShardGroups() {}

  /** The ids of the plan's selected shards (in plan order) if it can be split, else null. */
  public static List<String> unorderedShards(PlannedQuery plan) {
    ShardScan scan = splittableScan(plan);
    if (scan == null) {
      return null;
    }
    List<String> ids = new ArrayList<>(scan.shards().size());
    for (ShardDescriptor s : scan.shards()) {
      ids.add(s.id());
    }
    return ids;
  }

  /**
   * The plan restricted to the selected shards whose ids are in {@code ids}. An id that the plan did not select (it
   * was pruned with the bound parameters) is skipped; an id that is not in the catalog at all means the shard was
   * removed since the query was split, and fails the query rather than silently losing its rows.
   *
   * @param plan a plan for which {@link #unorderedShards} is not null
   * @param ids the shard group, non-empty
   * @param catalogIds the ids of every shard in the catalog the plan was made with
   * @throws QueryException INVALID_ARGUMENT if the plan cannot be split, UNAVAILABLE for a shard no longer served
   */
  public static PlannedQuery restrict(PlannedQuery plan, List<String> ids, Set<String> catalogIds) {
    ShardScan scan = splittableScan(plan);
    if (scan == null) {
      throw new QueryException(Code.INVALID_ARGUMENT,
          "this query cannot run on a group of shards (it aggregates, sorts, limits, joins or explains); run it whole");
    }
    Set<String> wanted = new LinkedHashSet<>(ids);
    for (String id : wanted) {
      if (!catalogIds.contains(id)) {
        throw new QueryException(Code.UNAVAILABLE, "shard " + id
            + " of this endpoint is no longer in the catalog; run the query again");
      }
    }
    Set<String> seen = new HashSet<>();
    List<ShardDescriptor> kept = new ArrayList<>();
    for (ShardDescriptor s : scan.shards()) {
      if (wanted.contains(s.id()) && seen.add(s.id())) {
        kept.add(s);
      }
    }
    ShardScan restricted = scan.withShards(kept);
    return new PlannedQuery(plan.sql(), restricted, plan.rowType(), plan.parameterTypes(), List.of(restricted),
        plan.explain(), plan.planningNanos(), plan.startTimeDependent());
  }

  private static ShardScan splittableScan(PlannedQuery plan) {
    if (plan.isExplain() || !(plan.root() instanceof ShardScan scan)) {
      return null;
    }
    boolean rowsAsStored = scan.stage() == ShardStage.SCAN || scan.stage() == ShardStage.FILTER
        || scan.stage() == ShardStage.PROJECT;
    if (!rowsAsStored || scan.partialAggregate() || !scan.collation().getFieldCollations().isEmpty()) {
      return null;
    }
    return scan;
  }
}
