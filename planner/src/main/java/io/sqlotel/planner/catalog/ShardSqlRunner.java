package io.sqlotel.planner.catalog;

import io.sqlotel.shard.meta.ShardDescriptor;
import java.util.List;

/**
 * Runs a small query on one shard and returns its rows as Java values; {@code ShardClient::queryRows} is one.
 * Used for schema discovery only.
 */
@FunctionalInterface
public interface ShardSqlRunner {
  /** Runs {@code sql} on {@code shard}; rows of Long, Double, String, byte[] or null values. */
  List<List<Object>> queryRows(ShardDescriptor shard, String sql);
}
