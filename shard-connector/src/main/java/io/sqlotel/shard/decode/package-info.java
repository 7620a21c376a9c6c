/**
 * Streaming decoding of a shard's JSON answer into Arrow record batches: {@link io.sqlotel.shard.decode.JsonBatchDecoder}
 * (typed, one {@code ColumnDecoder} per Arrow type) and {@link io.sqlotel.shard.decode.JsonRowsReader} (untyped, small
 * answers).
 */
package io.sqlotel.shard.decode;
