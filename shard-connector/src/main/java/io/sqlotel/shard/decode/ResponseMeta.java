package io.sqlotel.shard.decode;

/**
 * What a shard reported about a finished answer, plus what the decoder counted.
 *
 * @param rowsRead the shard's {@code meta.rows_read}: rows SQLite examined (0 if the shard did not say)
 * @param durationMs the shard's {@code meta.duration_ms}: its own execution time in milliseconds (0 if absent)
 * @param bytesConsumed bytes of the response body read by the decoder
 * @param rowsDecoded rows of the answer that were decoded
 */
public record ResponseMeta(long rowsRead, double durationMs, long bytesConsumed, long rowsDecoded) {}
