/** Shard metadata: where a shard lives ({@link io.sqlotel.shard.meta.ShardDescriptor}) and which time it covers ({@link io.sqlotel.shard.meta.TimeRange}). */
package io.sqlotel.shard.meta;
