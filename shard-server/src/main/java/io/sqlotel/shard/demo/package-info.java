/**
 * Deterministic synthetic OpenTelemetry data for demos and tests: the per-shard schema
 * ({@link io.sqlotel.shard.demo.OtelSchema}), the generator ({@link io.sqlotel.shard.demo.DemoDataGenerator})
 * and the unsharded oracle builder ({@link io.sqlotel.shard.demo.ShardFiles}).
 */
package io.sqlotel.shard.demo;
