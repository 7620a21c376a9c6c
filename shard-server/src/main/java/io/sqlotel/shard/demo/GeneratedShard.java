package io.sqlotel.shard.demo;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * One shard file written by {@link DemoDataGenerator}: every row in it has its time column in
 * {@code [startNanos, endNanos)}.
 *
 * @param id shard id, {@code "shard-000"}, {@code "shard-001"}, ...
 * @param file the SQLite database file
 * @param startNanos inclusive start of the slice, nanoseconds since the Unix epoch
 * @param endNanos exclusive end of the slice, nanoseconds since the Unix epoch
 */
public record GeneratedShard(String id, Path file, long startNanos, long endNanos) {
  /**
   * Validates the components.
   *
   * @param id shard id
   * @param file database file
   * @param startNanos inclusive slice start, nanoseconds since the epoch
   * @param endNanos exclusive slice end, nanoseconds since the epoch
   * @throws NullPointerException if {@code id} or {@code file} is null
   * @throws IllegalArgumentException if {@code endNanos <= startNanos}
   */
  public GeneratedShard {
    requireNonNull(id, "id is null");
    requireNonNull(file, "file is null");
    if (endNanos <= startNanos) {
      throw new IllegalArgumentException("empty slice [" + startNanos + ", " + endNanos + ")");
    }
  }
}
