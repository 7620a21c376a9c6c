package io.sqlotel.bench.suite;

import io.sqlotel.bench.Stats;
import io.sqlotel.bench.mode.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/** The measured runs of one query in one mode, and their summary figures. */
public final class Cell {
  private final List<Sample> samples = new ArrayList<>();
  private Sample failure;

  /** Records a measured run. */
  void add(Sample s) {
    samples.add(s);
  }

  /** Records the run that stopped this cell (timeout or error); no further runs happen. */
  void fail(Sample s) {
    failure = s;
  }

  /** Whether a failure stopped the cell. */
  public boolean stopped() {
    return failure != null;
  }

  /** The failure that stopped the cell, or null. */
  public Sample failure() {
    return failure;
  }

  /** The measured runs that completed. */
  public List<Sample> samples() {
    return List.copyOf(samples);
  }

  /** Number of measured runs. */
  public int runs() {
    return samples.size();
  }

  /** "ok", "timeout" or "error: ..." (a cell with some runs and a later failure reports the failure). */
  public String status() {
    if (failure == null) {
      return samples.isEmpty() ? "not run" : "ok";
    }
    return failure.status() == Sample.Status.TIMEOUT ? "timeout (" + failure.message() + ")"
        : "error: " + failure.message();
  }

  /** Median end-to-end time, milliseconds; NaN without runs. */
  public double medianMs() {
    return millis(Sample::elapsedNanos, 50);
  }

  /** 95th percentile (nearest rank) of the end-to-end time, milliseconds. */
  public double p95Ms() {
    return millis(Sample::elapsedNanos, 95);
  }

  /** Median coordinator overhead (end-to-end minus slowest shard's own time), milliseconds; NaN if n/a. */
  public double overheadMs() {
    return millis(Sample::overheadNanos, 50);
  }

  /** Median slowest-shard execution time, milliseconds; NaN if n/a. */
  public double slowestShardMs() {
    return millis(Sample::slowestShardNanos, 50);
  }

  /** Median planning time, milliseconds; NaN if n/a. */
  public double planningMs() {
    return millis(Sample::planningNanos, 50);
  }

  /** Median CPU time of the measuring process per run, milliseconds; NaN if n/a. */
  public double cpuMs() {
    return millis(Sample::cpuNanos, 50);
  }

  /** Rows returned to the client (of the last run), or -1. */
  public long rowsOut() {
    return last(Sample::rowsOut);
  }

  /** Rows received from shards (of the last run), or -1 if n/a. */
  public long rowsReceived() {
    return last(Sample::rowsReceived);
  }

  /** Bytes received from shards (of the last run), or -1 if n/a. */
  public long bytesReceived() {
    return last(Sample::bytesReceived);
  }

  /** Shard requests per run (of the last run), or -1 if n/a. */
  public long shardsAsked() {
    return last(Sample::shardsAsked);
  }

  private long last(ToLongFunction<Sample> f) {
    return samples.isEmpty() ? -1 : f.applyAsLong(samples.get(samples.size() - 1));
  }

  private double millis(ToLongFunction<Sample> f, double percentile) {
    double[] v = samples.stream().mapToLong(f).filter(x -> x >= 0).mapToDouble(x -> x / 1e6).toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return percentile == 50 ? Stats.median(v) : Stats.percentile(v, percentile);
  }
}
