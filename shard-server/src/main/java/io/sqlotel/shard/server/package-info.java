/**
 * The reference shard server: one read-only SQLite file behind the shard HTTP protocol
 * ({@code docs/shard-protocol.md}). Entry point: {@link io.sqlotel.shard.server.ShardServer#start}.
 */
package io.sqlotel.shard.server;
