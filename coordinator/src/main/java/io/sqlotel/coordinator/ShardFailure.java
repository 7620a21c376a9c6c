package io.sqlotel.coordinator;

import static java.util.Objects.requireNonNull;

/**
 * A shard left out of a partial result, and why.
 *
 * @param shardId the shard's id
 * @param code the status its failure maps to (UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL for a bad answer)
 * @param message what happened, naming the shard
 */
public record ShardFailure(String shardId, QueryException.Code code, String message) {
  /** Validates the fields. */
  public ShardFailure {
    requireNonNull(shardId, "shardId is null");
    requireNonNull(code, "code is null");
    requireNonNull(message, "message is null");
  }
}
