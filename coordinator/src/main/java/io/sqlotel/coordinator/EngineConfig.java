package io.sqlotel.coordinator;

/**
 * Engine settings.
 *
 * @param maxShardsInFlightPerQuery the most shard requests one query has open at once
 * @param batchRows the most rows in one Arrow record batch sent to clients
 * @param pushdown whether aggregates, sorts and limits may be pushed to shards at all (false: every query pulls
 *     filtered raw rows, as a naive federation does; for comparisons and benchmarks)
 */
public record EngineConfig(int maxShardsInFlightPerQuery, int batchRows, boolean pushdown) {
  /** 16 shards in flight per query, 4096-row batches, pushdown on. */
  public static EngineConfig defaults() {
    return new EngineConfig(16, 4096, true);
  }

  /** A copy with pushdown on or off. */
  public EngineConfig withPushdown(boolean on) {
    return new EngineConfig(maxShardsInFlightPerQuery, batchRows, on);
  }
}
