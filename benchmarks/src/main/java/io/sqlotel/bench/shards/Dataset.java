package io.sqlotel.bench.shards;

import static java.util.Objects.requireNonNull;

import io.sqlotel.shard.demo.DemoDataGenerator;
import io.sqlotel.shard.demo.GeneratedShard;
import io.sqlotel.shard.demo.ShardFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A generated dataset on disk, cached between runs: one SQLite file per shard and, optionally, the unsharded oracle
 * (all shards merged into one file, then {@code ANALYZE}d so that SQLite plans it at its best: mode 3).
 *
 * <p>A dataset directory is complete once its {@value #MANIFEST} exists; an incomplete one (an interrupted run) is
 * regenerated from scratch.
 */
public final class Dataset {
  /** The file that marks a complete dataset and lists its shards. */
  public static final String MANIFEST = "dataset.properties";
  private static final String ORACLE = "oracle.sqlite";

  private final DatasetSpec spec;
  private final Path dir;
  private final List<GeneratedShard> shards;
  private final Path oracle;

  private Dataset(DatasetSpec spec, Path dir, List<GeneratedShard> shards, Path oracle) {
    this.spec = spec;
    this.dir = dir;
    this.shards = List.copyOf(shards);
    this.oracle = oracle;
  }

  /**
   * Returns the dataset of {@code spec} under {@code cacheRoot}, generating what is missing.
   *
   * @param cacheRoot the cache directory; the dataset lives in {@code cacheRoot/<spec.key()>}
   * @param spec what to generate
   * @param withOracle whether the merged oracle file is needed
   * @param log progress messages
   * @return the dataset
   * @throws IOException if files cannot be written
   * @throws SQLException if SQLite fails while generating
   */
  public static Dataset prepare(Path cacheRoot, DatasetSpec spec, boolean withOracle, PrintStream log)
      throws IOException, SQLException {
    requireNonNull(cacheRoot, "cacheRoot is null");
    requireNonNull(spec, "spec is null");
    Path dir = cacheRoot.resolve(spec.key());
    Path manifest = dir.resolve(MANIFEST);
    List<GeneratedShard> shards;
    if (Files.isRegularFile(manifest)) {
      shards = readManifest(dir, manifest);
      log.printf("dataset: reusing %s (%d shards)%n", dir, shards.size());
    } else {
      deleteTree(dir);
      long t0 = System.nanoTime();
      log.printf("dataset: generating %d shards (%,d spans, %,d logs, %,d metric points) into %s ...%n",
          spec.shards(), spec.generatedSpans(), spec.generatedLogs(), spec.metricPoints(), dir);
      shards = DemoDataGenerator.generate(dir.resolve("shards"), spec.demoSpec());
      writeManifest(manifest, shards);
      log.printf("dataset: generated in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
    Path oracle = dir.resolve(ORACLE);
    Path oracleDone = dir.resolve(ORACLE + ".done");
    if (withOracle && !Files.exists(oracleDone)) {
      long t0 = System.nanoTime();
      log.printf("dataset: merging %d shards into the oracle %s ...%n", shards.size(), oracle);
      Files.deleteIfExists(oracle);
      ShardFiles.mergeInto(oracle, shards.stream().map(GeneratedShard::file).toList());
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + oracle.toAbsolutePath());
          Statement s = c.createStatement()) {
        s.execute("ANALYZE");
      }
      Files.writeString(oracleDone, "");
      log.printf("dataset: oracle merged and analyzed in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
    return new Dataset(spec, dir, shards, withOracle ? oracle : null);
  }

  private static void writeManifest(Path manifest, List<GeneratedShard> shards) throws IOException {
    Properties p = new Properties();
    p.setProperty("shards", Integer.toString(shards.size()));
    for (int i = 0; i < shards.size(); i++) {
      GeneratedShard s = shards.get(i);
      p.setProperty("shard." + i, s.id() + "|" + manifest.getParent().relativize(s.file()) + "|" + s.startNanos()
          + "|" + s.endNanos());
    }
    Path tmp = manifest.resolveSibling(MANIFEST + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      p.store(w, "sqlotel benchmark dataset (complete)");
    }
    Files.move(tmp, manifest);
  }

  private static List<GeneratedShard> readManifest(Path dir, Path manifest) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    int n = Integer.parseInt(p.getProperty("shards"));
    List<GeneratedShard> shards = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String[] f = p.getProperty("shard." + i).split("\\|");
      shards.add(new GeneratedShard(f[0], dir.resolve(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])));
    }
    return shards;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** What was generated. */
  public DatasetSpec spec() {
    return spec;
  }

  /** The dataset's directory. */
  public Path dir() {
    return dir;
  }

  /** The shard files and their slices, in time order. */
  public List<GeneratedShard> shards() {
    return shards;
  }

  /**
   * The unsharded, analyzed oracle file.
   *
   * @throws IllegalStateException if the dataset was prepared without it
   */
  public Path oracle() {
    if (oracle == null) {
      throw new IllegalStateException("dataset prepared without the oracle");
    }
    return oracle;
  }

  /** Total bytes of the shard files. */
  public long shardBytes() {
    long total = 0;
    for (GeneratedShard s : shards) {
      try {
        total += Files.size(s.file());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return total;
  }
}
