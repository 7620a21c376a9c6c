/**
 * The HTTP client of the shards: {@link io.sqlotel.shard.client.ShardClient} sends SQL to many shards in parallel
 * and streams their answers back as Arrow batches through a {@link io.sqlotel.shard.client.ShardBatchStream}.
 */
package io.sqlotel.shard.client;
