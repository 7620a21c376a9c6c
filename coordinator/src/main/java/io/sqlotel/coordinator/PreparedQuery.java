package io.sqlotel.coordinator;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A query that has been parsed, validated and planned, but not executed.
 *
 * @param sql the SQL text as the client sent it
 * @param resultSchema the Arrow schema of the result
 * @param parameterSchema the Arrow schema of the {@code ?} parameters (one field per parameter, in order)
 * @param unorderedShards the ids of the selected shards, in time order, when the result is just the concatenation of
 *     what each shard returns in no particular order (a scan, filter or projection of one sharded table: no aggregate,
 *     ORDER BY, LIMIT, join or EXPLAIN), so that the query may run as several parts, each on a group of these shards
 *     ({@link QueryOptions#shardIds()}); null when the result needs the coordinator to combine the shards' rows
 */
public record PreparedQuery(String sql, Schema resultSchema, Schema parameterSchema, List<String> unorderedShards) {
  /** Copies {@code unorderedShards}. */
  public PreparedQuery {
    unorderedShards = unorderedShards == null ? null : List.copyOf(unorderedShards);
  }

  /** A query whose result needs the coordinator ({@link #unorderedShards()} null). */
  public PreparedQuery(String sql, Schema resultSchema, Schema parameterSchema) {
    this(sql, resultSchema, parameterSchema, null);
  }
}
