package io.sqlotel.otlp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a load did: records written per table and per slice, and everything skipped, with its location. */
public final class LoadReport {
  private final Map<String, Long> perTable = new TreeMap<>();
  private final Map<String, Map<String, Long>> perSlice = new TreeMap<>();
  private final List<String> problems = new ArrayList<>();
  long filesLoaded;
  long filesDuplicate;
  long filesNotOtlp;
  long linesSkipped;
  long recordsSkipped;
  long bytesRead;
  long elapsedNanos;
  Path catalog;

  void written(String table, String sliceId) {
    perTable.merge(table, 1L, Long::sum);
    perSlice.computeIfAbsent(sliceId, k -> new TreeMap<>()).merge(table, 1L, Long::sum);
  }

  void problem(String message) {
    problems.add(message);
  }

  /** Records written to {@code table} (0 if none). */
  public long records(String table) {
    return perTable.getOrDefault(table, 0L);
  }

  /** Records written, all tables. */
  public long records() {
    return perTable.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Records written per shard id, then per table. */
  public Map<String, Map<String, Long>> perSlice() {
    return Collections.unmodifiableMap(perSlice);
  }

  /** Every problem reported, in order ({@code file:line: message} or {@code file: message}). */
  public List<String> problems() {
    return Collections.unmodifiableList(problems);
  }

  /** Input files whose records were loaded (possibly zero records). */
  public long filesLoaded() {
    return filesLoaded;
  }

  /** Input files skipped because the same content (SHA-256) was already loaded into the output directory. */
  public long filesDuplicate() {
    return filesDuplicate;
  }

  /** Input files skipped as neither OTLP JSON nor OTLP protobuf. */
  public long filesNotOtlp() {
    return filesNotOtlp;
  }

  /** Lines (or whole JSON documents / protobuf files) skipped as malformed or not an export request. */
  public long linesSkipped() {
    return linesSkipped;
  }

  /** Single records (log records, spans, metric points) skipped, e.g. for an id or timestamp out of range. */
  public long recordsSkipped() {
    return recordsSkipped;
  }

  /** The catalog written, or null if no shard exists. */
  public Path catalog() {
    return catalog;
  }

  /** The multi-line summary printed at the end of a load. */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    double seconds = Math.max(elapsedNanos, 1) / 1e9;
    sb.append(String.format("load summary: %d records written in %.2f s (%.0f records/s, %.2f MB/s)%n",
        records(), seconds, records() / seconds, bytesRead / 1e6 / seconds));
    sb.append(String.format("  files: %d loaded, %d skipped as already loaded, %d skipped as not OTLP%n",
        filesLoaded, filesDuplicate, filesNotOtlp));
    sb.append(String.format("  skipped: %d malformed lines/documents, %d records%n", linesSkipped, recordsSkipped));
    sb.append("  per table:\n");
    for (String table : Row.TABLES) {
      sb.append(String.format("    %-36s %d%n", table, records(table)));
    }
    sb.append("  per slice:\n");
    perSlice.forEach((slice, counts) -> sb.append("    ").append(slice).append(' ').append(counts).append('\n'));
    if (catalog != null) {
      sb.append("  catalog: ").append(catalog).append('\n');
    }
    return sb.toString();
  }
}
