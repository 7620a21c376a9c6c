package io.sqlotel.shard.demo;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes deterministic synthetic OpenTelemetry data (traces, logs, metrics of a ten-service shop) as one
 * SQLite file per time slice, with the schema of {@link OtelSchema}.
 *
 * <p>Shard {@code i} gets its own random stream derived from the spec's seed and {@code i}, so a shard's
 * rows depend only on the seed, its index, its slice and the per-shard counts: the same spec always gives
 * the same rows in the same order, and marking another shard empty leaves a shard unchanged. Traces never
 * cross a shard boundary. Tables {@code otel_metrics_exponential_histogram} and {@code otel_metrics_summary}
 * stay empty.
 */
public final class DemoDataGenerator {
  private static final Logger LOG = LoggerFactory.getLogger(DemoDataGenerator.class);

  private DemoDataGenerator() {}

  /**
   * Generates every shard of {@code spec} into {@code dir}, replacing files of the same names.
   *
   * @param dir output directory, created if missing; shard {@code i} is {@code shard-NNN.sqlite}
   * @param spec what to generate
   * @return one entry per shard in index order, empty shards included (their files hold the schema only)
   * @throws IOException if the directory or a file cannot be created or replaced
   * @throws SQLException if SQLite fails while writing
   */
  public static List<GeneratedShard> generate(Path dir, DemoSpec spec) throws IOException, SQLException {
    requireNonNull(dir, "dir is null");
    requireNonNull(spec, "spec is null");
    Files.createDirectories(dir);
    long t0 = System.nanoTime();
    List<GeneratedShard> shards = new ArrayList<>(spec.shardCount());
    for (int i = 0; i < spec.shardCount(); i++) {
      String id = String.format(Locale.ROOT, "shard-%03d", i);
      Path file = dir.resolve(id + ".sqlite");
      long start = spec.shardStartNanos(i);
      long end = spec.shardStartNanos(i + 1);
      writeShard(file, spec, i, start, end);
      shards.add(new GeneratedShard(id, file, start, end));
    }
    LOG.info("generated {} demo shards in {} in {} ms", shards.size(), dir, (System.nanoTime() - t0) / 1_000_000);
    return List.copyOf(shards);
  }

  private static void writeShard(Path file, DemoSpec spec, int index, long start, long end)
      throws IOException, SQLException {
    Files.deleteIfExists(file);
    Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-journal"));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
      try (Statement s = c.createStatement()) {
        // Bulk load into a fresh file: a crash just means regenerating, so skip journaling and fsync.
        s.execute("PRAGMA journal_mode = OFF");
        s.execute("PRAGMA synchronous = OFF");
      }
      c.setAutoCommit(false);
      OtelSchema.create(c);
      if (!spec.emptyShards().contains(index)) {
        Rand shard = new Rand(new SplittableRandom(shardSeed(spec.seed(), index)));
        Rand spanRand = shard.split();
        Rand logRand = shard.split();
        Rand metricRand = shard.split();
        List<Span> spans = new TraceGenerator(spanRand, spec.spansPerShard()).generate(start, end);
        TraceGenerator.write(c, spans);
        new LogGenerator(logRand).write(c, spans, spec.logsPerShard(), start, end);
        new MetricGenerator(metricRand).write(c, spec.metricPointsPerShard(), start, end, spec.startNanos());
      }
      c.commit();
    }
  }

  /** Mixes the seed and the shard index (SplitMix64 finalizer) into the seed of that shard's stream. */
  static long shardSeed(long seed, int index) {
    long z = seed + (index + 1L) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
