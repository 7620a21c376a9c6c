package io.sqlotel.bench.mode;

/**
 * One measured execution of a query in one mode. Figures a mode cannot know are -1.
 *
 * @param status how the run ended
 * @param message the error or timeout text, or "" when OK
 * @param elapsedNanos end-to-end time as the client saw it: from sending the query to reading the last row,
 *     nanoseconds
 * @param rowsOut rows returned to the client
 * @param rowsReceived rows the coordinator received from shards
 * @param bytesReceived bytes of shard response bodies the coordinator received
 * @param slowestShardNanos the largest shard-reported execution time ({@code meta.duration_ms}) of the query's shard
 *     requests, nanoseconds
 * @param planningNanos the coordinator's planning time, nanoseconds
 * @param shardsAsked shard requests the query made
 * @param cpuNanos CPU time the measuring process spent during the run (coordinator plus client), nanoseconds
 */
public record Sample(Status status, String message, long elapsedNanos, long rowsOut, long rowsReceived,
    long bytesReceived, long slowestShardNanos, long planningNanos, int shardsAsked, long cpuNanos) {
  /** How a run ended. */
  public enum Status {
    /** Completed. */
    OK,
    /** Exceeded its time box and was killed. */
    TIMEOUT,
    /** Failed. */
    ERROR
  }

  /** A run that only the client could time (modes 3 and 4). */
  public static Sample clientOnly(long elapsedNanos, long rowsOut) {
    return new Sample(Status.OK, "", elapsedNanos, rowsOut, -1, -1, -1, -1, -1, -1);
  }

  /** A run that failed or timed out. */
  public static Sample failed(Status status, String message) {
    return new Sample(status, message, -1, -1, -1, -1, -1, -1, -1, -1);
  }

  /** Coordinator overhead: end-to-end time minus the slowest shard's own execution time, nanoseconds (-1 if n/a). */
  public long overheadNanos() {
    return slowestShardNanos < 0 ? -1 : elapsedNanos - slowestShardNanos;
  }

  /** Whether the run completed. */
  public boolean ok() {
    return status == Status.OK;
  }
}
