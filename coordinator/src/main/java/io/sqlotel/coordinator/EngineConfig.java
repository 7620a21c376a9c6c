package io.sqlotel.coordinator;

/**
 * Engine settings.
 *
 * @param maxShardsInFlightPerQuery the most shard requests one query has open at once
 * @param batchRows the most rows in one Arrow record batch sent to clients
 * @param pushdown the default for {@link QueryOptions#pushdown()} when a client does not say
 */
public record EngineConfig(int maxShardsInFlightPerQuery, int batchRows, boolean pushdown) {
  /** 16 shards in flight per query, 4096-row batches, pushdown on. */
  public static EngineConfig defaults() {
    return new EngineConfig(16, 4096, true);
  }
}
