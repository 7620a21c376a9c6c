package io.sqlotel.bench.mode;

import io.sqlotel.bench.suite.BenchQuery;

/** A way of answering the suite's queries: one of the four modes of the benchmark (or a WAN variant). */
public interface BenchMode extends AutoCloseable {
  /** Short id used in tables: {@code 1}, {@code 2}, {@code 3}, {@code 4}, {@code 1-wan}, {@code 2-wan}. */
  String id();

  /** What the mode is, for the report. */
  String label();

  /**
   * Runs {@code query} once and measures it. Failures are reported in the sample, not thrown.
   *
   * @param query the query
   * @return the measurement
   */
  Sample run(BenchQuery query);

  /** The most measured runs per query (mode 4 is time-boxed); warm-up runs are skipped when this is limited. */
  default int maxRuns() {
    return Integer.MAX_VALUE;
  }

  /**
   * Whether the mode runs JVM code worth warming up before measuring (the JIT needs thousands of queries to compile
   * the planner's paths; a long-running server is in that state).
   */
  default boolean jitWarmup() {
    return false;
  }

  /** Releases the mode's servers, connections and processes. */
  @Override
  void close();
}
