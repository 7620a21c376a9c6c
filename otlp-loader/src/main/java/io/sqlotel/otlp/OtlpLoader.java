package io.sqlotel.otlp;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads OTLP export requests from files into time-sliced SQLite shard files plus a catalog.
 *
 * <p>Input formats, by file: {@code .pb}/{@code .binpb}/{@code .protobuf} is one binary request whose signal comes
 * from the file name ({@code log}, {@code trace}/{@code span}, {@code metric}); {@code .jsonl}/{@code .ndjson}, or any
 * file whose first line is a complete JSON value, is JSON lines (one request per line, as the Collector's file
 * exporter writes); any other file starting with {@code {} is one JSON request; anything else is reported and skipped.
 *
 * <p>Bad input is reported on the log stream and counted, never dropped silently: a malformed line is skipped with
 * {@code file:line}; a record that cannot be stored (an id that is not hex of the right length, a timestamp above
 * 2^63-1 ns, an unknown enum name) is skipped with its location. A file whose SHA-256 is already recorded in a shard's
 * {@code loaded_files} table (or was seen earlier in the same load) is skipped with a message.
 */
public final class OtlpLoader {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Pattern SLICE = Pattern.compile("(\\d+)\\s*(ns|us|ms|s|m|h|d)");
  private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

  private final Path outDir;
  private final long sliceNanos;
  private final int basePort;
  private final PrintStream log;

  /**
   * Creates a loader.
   *
   * @param outDir directory of the shard files and {@code catalog.yaml} (created if missing; existing shards are
   *     appended to)
   * @param slice time slice of one shard (e.g. one hour)
   * @param basePort the catalog gives shard i the URL {@code http://127.0.0.1:(basePort + i)}
   * @param log where problems, progress and the summary go (stderr for the CLI)
   */
  public OtlpLoader(Path outDir, Duration slice, int basePort, PrintStream log) {
    this.outDir = requireNonNull(outDir, "outDir is null");
    this.sliceNanos = requireNonNull(slice, "slice is null").toNanos();
    this.basePort = basePort;
    this.log = requireNonNull(log, "log is null");
    if (sliceNanos <= 0) {
      throw new IllegalArgumentException("slice must be positive: " + slice);
    }
  }

  /**
   * Parses a slice length such as {@code 1h}, {@code 15m}, {@code 1d}, {@code 30s} or an ISO-8601 duration.
   *
   * @throws IllegalArgumentException if it is neither
   */
  public static Duration parseSlice(String text) {
    Matcher m = SLICE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ns" -> Duration.ofNanos(n);
        case "us" -> Duration.ofNanos(n * 1000);
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(text.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a slice length (e.g. 1h, 15m, 1d): " + text, e);
    }
  }

  /**
   * Loads the files in order, then writes {@code catalog.yaml} for every shard of the output directory and prints
   * the summary.
   *
   * @return what was loaded and skipped
   * @throws IOException if a file or the output directory cannot be read or written
   * @throws SQLException if a shard cannot be written
   */
  public LoadReport load(List<Path> files) throws IOException, SQLException {
    LoadReport report = new LoadReport();
    long t0 = System.nanoTime();
    Progress progress = new Progress(t0);
    try (ShardSet shards = new ShardSet(outDir, sliceNanos)) {
      Map<String, String> loaded = shards.loadedFiles();
      for (Path file : files) {
        String sha = sha256(file);
        String earlier = loaded.get(sha);
        if (earlier != null) {
          report(report, file + ": already loaded (same SHA-256 " + sha.substring(0, 12) + "… as " + earlier
              + "), skipped");
          report.filesDuplicate++;
          continue;
        }
        long bytes = Files.size(file);
        FileLoad fl = new FileLoad(file, shards, report, progress);
        try {
          if (!fl.run()) {
            report.filesNotOtlp++;
            continue;
          }
          shards.commitFile(sha, file, bytes);
          report.filesLoaded++;
          loaded.put(sha, file + " (earlier in this load)");
        } catch (IOException | SQLException | RuntimeException e) {
          shards.rollbackFile();
          throw e;
        }
      }
      report.elapsedNanos = System.nanoTime() - t0;
      List<ShardSet.ShardInfo> all = shards.shards();
      if (!all.isEmpty()) {
        report.catalog = CatalogWriter.write(outDir.resolve("catalog.yaml"), all, basePort);
      }
    }
    log.print(report.summary());
    log.flush();
    return report;
  }

  private void report(LoadReport report, String message) {
    report.problem(message);
    log.println(message);
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JVM has SHA-256", e);
    }
  }

  /** Prints records and bytes per second to the log at most every 2 s. */
  private final class Progress {
    private final long start;
    private long lastPrint;
    long records;
    long bytes;

    Progress(long start) {
      this.start = start;
      this.lastPrint = start;
    }

    void tick() {
      long now = System.nanoTime();
      if (now - lastPrint >= PROGRESS_EVERY_NANOS) {
        lastPrint = now;
        double s = (now - start) / 1e9;
        log.printf("load: %d records, %.1f MB read, %.0f records/s, %.2f MB/s%n",
            records, bytes / 1e6, records / s, bytes / 1e6 / s);
        log.flush();
      }
    }
  }

  /** The loading of one input file. */
  private final class FileLoad implements OtlpMapper.Output {
    final Path file;
    final ShardSet shards;
    final LoadReport report;
    final Progress progress;
    String where;

    FileLoad(Path file, ShardSet shards, LoadReport report, Progress progress) {
      this.file = file;
      this.shards = shards;
      this.report = report;
      this.progress = progress;
    }

    /** Loads the file; false if it is not OTLP at all (reported). */
    boolean run() throws IOException {
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".pb") || name.endsWith(".binpb") || name.endsWith(".protobuf")) {
        return protobuf(name);
      }
      int first = firstNonBlank();
      if (first != '{') {
        report(report, file + ": not OTLP JSON (does not start with '{') nor a .pb file, skipped");
        return false;
      }
      if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || firstLineIsJson()) {
        lines();
      } else {
        document();
      }
      return true;
    }

    private boolean protobuf(String name) throws IOException {
      OtlpMapper.Signal signal = name.contains("log") ? OtlpMapper.Signal.LOGS
          : name.contains("trace") || name.contains("span") ? OtlpMapper.Signal.TRACES
          : name.contains("metric") ? OtlpMapper.Signal.METRICS : null;
      if (signal == null) {
        report(report, file + ": cannot tell the signal of a protobuf file: its name must contain 'log', 'trace'"
            + " or 'metric', skipped");
        return false;
      }
      byte[] bytes = Files.readAllBytes(file);
      where = file.toString();
      JsonNode request;
      try {
        request = OtlpProtobuf.decode(bytes, signal);
      } catch (IOException e) {
        report.linesSkipped++;
        report(report, file + ": not a valid " + signal + " export request: " + e.getMessage() + ", skipped");
        return true;
      }
      request(request, bytes.length);
      return true;
    }

    private void lines() throws IOException {
      try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        long lineNo = 0;
        for (String line; (line = r.readLine()) != null; ) {
          lineNo++;
          where = file + ":" + lineNo;
          if (line.isBlank()) {
            continue;
          }
          JsonNode request;
          try {
            request = JSON.readTree(line);
          } catch (JsonProcessingException e) {
            report.linesSkipped++;
            report(report, where + ": malformed JSON (" + e.getOriginalMessage() + "), line skipped");
            progress.bytes += line.length() + 1;
            continue;
          }
          request(request, line.length() + 1);
        }
      }
    }

    private void document() throws IOException {
      where = file.toString();
      JsonNode request;
      try {
        request = JSON.readTree(file.toFile());
      } catch (JsonProcessingException e) {
        report.linesSkipped++;
        String line = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr();
        report(report, file + line + ": malformed JSON (" + e.getOriginalMessage() + "), file skipped");
        return;
      }
      request(request, Files.size(file));
    }

    private void request(JsonNode request, long bytes) {
      try {
        OtlpMapper.signal(request);
      } catch (BadRecordException e) {
        report.linesSkipped++;
        report(report, where + ": " + e.getMessage() + ", skipped");
        progress.bytes += bytes;
        return;
      }
      OtlpMapper.map(request, this);
      progress.bytes += bytes;
      progress.tick();
    }

    @Override
    public void row(Row row) {
      try {
        report.written(row.table, shards.add(row));
      } catch (SQLException e) {
        throw new IllegalStateException(where + ": cannot write to the shard: " + e.getMessage(), e);
      }
      if ((++progress.records & 0x3ff) == 0) {
        progress.tick();
      }
    }

    @Override
    public void skipped(String what) {
      report.recordsSkipped++;
      report(report, where + ": " + what + ", record skipped");
    }

    private int firstNonBlank() throws IOException {
      try (InputStream in = Files.newInputStream(file)) {
        for (int c; (c = in.read()) >= 0; ) {
          if (c == 0xEF || c == 0xBB || c == 0xBF) {
            continue; // UTF-8 byte order mark
          }
          if (!Character.isWhitespace(c)) {
            return c;
          }
        }
        return -1;
      }
    }

    private boolean firstLineIsJson() throws IOException {
      try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        for (String line; (line = r.readLine()) != null; ) {
          if (!line.isBlank()) {
            JSON.readTree(line);
            return true;
          }
        }
        return false;
      } catch (JsonProcessingException e) {
        return false;
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
  }
}
