package io.sqlotel.coordinator;

import io.sqlotel.shard.client.ShardRequestStats;
import java.util.List;

/**
 * What one finished query cost: planning time, shards asked and pruned, and what came back from the shards.
 *
 * @param queryId the query id (as in the query log)
 * @param sql the SQL text
 * @param executionPath how the coordinator ran the plan: gather, columnar, fallback or explain
 * @param planningNanos planning time, nanoseconds
 * @param shardsAsked shards selected after pruning, summed over the plan's shard scans
 * @param shardsPruned shards pruned, summed over the plan's shard scans
 * @param rowsReceived rows decoded from shard responses
 * @param bytesReceived bytes of shard response bodies
 * @param requests one entry per shard request
 */
public record QueryStats(String queryId, String sql, String executionPath, long planningNanos, int shardsAsked, int shardsPruned,
    long rowsReceived, long bytesReceived, List<ShardRequestStats> requests) {}
