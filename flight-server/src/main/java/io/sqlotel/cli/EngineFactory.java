package io.sqlotel.cli;

import io.sqlotel.coordinator.DistributedQueryEngine;
import io.sqlotel.coordinator.EngineConfig;
import io.sqlotel.coordinator.QueryEngine;
import io.sqlotel.planner.catalog.Catalog;
import io.sqlotel.shard.client.ShardClient;

/** The one place where the command line builds the query engine it serves. */
public final class EngineFactory {
  private EngineFactory() {}

  /**
   * The engine over {@code catalog}.
   *
   * @param catalog the shards and tables served
   * @param client the shard client; owned by the caller, who closes it after the engine
   * @return a {@link DistributedQueryEngine} with {@link EngineConfig#defaults()}
   */
  public static QueryEngine create(Catalog catalog, ShardClient client) {
    return create(catalog, client, true);
  }

  /**
   * The engine over {@code catalog}, with aggregate/sort/limit pushdown on or off (off only for comparisons: filtered
   * raw rows are pulled and everything else runs in the coordinator).
   */
  public static QueryEngine create(Catalog catalog, ShardClient client, boolean pushdown) {
    return create(catalog, client, EngineConfig.defaults().withPushdown(pushdown));
  }

  /** The engine over {@code catalog} with the given settings (timeouts, retries, partial results, ...). */
  public static QueryEngine create(Catalog catalog, ShardClient client, EngineConfig config) {
    return new DistributedQueryEngine(catalog, client, config);
  }
}
