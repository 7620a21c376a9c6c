package io.sqlotel.coordinator;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Plans and runs SQL over the sharded tables of a catalog. Thread-safe: one engine serves all queries.
 *
 * <p>Errors are {@link QueryException}s whose code says what went wrong (INVALID_ARGUMENT for bad SQL, UNAVAILABLE for
 * a failing shard, ...).
 */
public interface QueryEngine extends AutoCloseable {
  /**
   * Parses, validates and plans {@code sql} without running it; implementations may cache the answer per SQL text
   * for as long as the catalog is unchanged (the schemas depend on nothing else).
   *
   * @throws QueryException INVALID_ARGUMENT for a query that does not parse or validate, or a write statement
   */
  PreparedQuery prepare(String sql, QueryOptions options);

  /**
   * Like {@link #prepare(String, QueryOptions)}, planned with the parameter values bound (as {@link #execute} takes
   * them), so that shard pruning and {@link PreparedQuery#unorderedShards()} see the values; the parameter schema is
   * the same. The default ignores the values.
   *
   * @throws QueryException as for {@link #prepare(String, QueryOptions)}
   */
  default PreparedQuery prepare(String sql, List<Object> params, QueryOptions options) {
    return prepare(sql, options);
  }

  /**
   * Runs {@code sql} with positional parameter values ({@code Long}, {@code Double}, {@code String}, {@code Boolean},
   * {@code byte[]}, {@code java.time.Instant}/nanosecond {@code Long} for timestamps, or null). Batches are allocated
   * from {@code allocator}, which the caller owns and closes after the stream.
   *
   * @throws QueryException as for {@link #prepare}
   */
  ResultStream execute(String sql, List<Object> params, QueryOptions options, BufferAllocator allocator);

  /** The tables served, with their Arrow schemas, in name order. */
  List<TableInfo> tables();

  @Override
  void close();
}
