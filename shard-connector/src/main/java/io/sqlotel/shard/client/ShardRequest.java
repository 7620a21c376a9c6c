package io.sqlotel.shard.client;

import static java.util.Objects.requireNonNull;

import io.sqlotel.shard.meta.ShardDescriptor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One SQL statement for one shard, with its positional bind parameters.
 *
 * @param shard where to send it
 * @param sql SQLite SQL with {@code ?} placeholders
 * @param params the values of the placeholders, in order: Long, Integer, Double, String, Boolean, byte[] (sent as
 *     {@code {"blob": "<base64>"}}) or null; copied into an unmodifiable list that may hold nulls
 */
public record ShardRequest(ShardDescriptor shard, String sql, List<Object> params) {

  /**
   * Validates the request and copies the parameters.
   *
   * @throws NullPointerException if {@code shard}, {@code sql} or {@code params} is null
   * @throws IllegalArgumentException if a parameter has an unsupported type
   */
  public ShardRequest {
    requireNonNull(shard, "shard is null");
    requireNonNull(sql, "sql is null");
    requireNonNull(params, "params is null");
    for (int i = 0; i < params.size(); i++) {
      Object p = params.get(i);
      if (p != null && !(p instanceof Long || p instanceof Integer || p instanceof Double || p instanceof String
          || p instanceof Boolean || p instanceof byte[])) {
        throw new IllegalArgumentException("shard '" + shard.id() + "': parameter " + i + " has the unsupported type "
            + p.getClass().getName() + "; supported: Long, Integer, Double, String, Boolean, byte[], null");
      }
    }
    params = Collections.unmodifiableList(new ArrayList<>(params));
  }

  /**
   * Creates a request without parameters.
   *
   * @throws NullPointerException if an argument is null
   */
  public ShardRequest(ShardDescriptor shard, String sql) {
    this(shard, sql, List.of());
  }
}
