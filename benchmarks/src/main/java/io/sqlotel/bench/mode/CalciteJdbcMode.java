package io.sqlotel.bench.mode;

import io.sqlotel.bench.ChildJvm;
import io.sqlotel.bench.suite.BenchQuery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Mode 4: Calcite's JDBC adapter over a UNION ALL view of the shard files ({@link CalciteAdapter}). By default it runs
 * in a {@link CalciteWorker} JVM so that a query over its time box can be killed (the worker is restarted for the next
 * query, outside the measured time); in-process for unit tests.
 */
public final class CalciteJdbcMode implements BenchMode {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private final List<Path> shardFiles;
  private final Duration timeout;
  private final int maxRuns;
  private final boolean inProcess;
  private final String heap;
  private ChildJvm worker;
  private Connection local;

  /**
   * Prepares the mode; the worker starts on first use.
   *
   * @param shardFiles the shard files
   * @param timeout the time box of one run; a run over it is killed and reported as a timeout
   * @param maxRuns the most measured runs per query
   * @param inProcess run in this JVM (no time box), for tests
   * @param heap the worker's maximum heap, e.g. {@code "3g"}
   */
  public CalciteJdbcMode(List<Path> shardFiles, Duration timeout, int maxRuns, boolean inProcess, String heap) {
    this.shardFiles = List.copyOf(shardFiles);
    this.timeout = timeout;
    this.maxRuns = maxRuns;
    this.inProcess = inProcess;
    this.heap = heap;
  }

  @Override
  public String id() {
    return "4";
  }

  @Override
  public String label() {
    return "Calcite JDBC adapter, UNION ALL view over " + shardFiles.size() + " sqlite-jdbc schemas";
  }

  @Override
  public int maxRuns() {
    return maxRuns;
  }

  @Override
  public Sample run(BenchQuery query) {
    return inProcess ? runLocal(query.calciteSql()) : runRemote(query.calciteSql());
  }

  private Sample runLocal(String sql) {
    try {
      if (local == null) {
        local = CalciteAdapter.open(shardFiles);
      }
      long t0 = System.nanoTime();
      try (Statement st = local.createStatement(); ResultSet rs = st.executeQuery(sql)) {
        long rows = JdbcResults.drain(rs);
        return Sample.clientOnly(System.nanoTime() - t0, rows);
      }
    } catch (SQLException | RuntimeException | AssertionError e) {
      return Sample.failed(Sample.Status.ERROR, JdbcResults.message(e));
    }
  }

  private Sample runRemote(String sql) {
    try {
      if (worker == null || !worker.isAlive()) {
        worker = startWorker();
      }
      worker.send("RUN " + Base64.getEncoder().encodeToString(sql.getBytes(StandardCharsets.UTF_8)));
      String r = worker.reply(timeout);
      if (r.startsWith("OK ")) {
        String[] f = r.split(" ");
        return Sample.clientOnly(Long.parseLong(f[1]), Long.parseLong(f[2]));
      }
      return Sample.failed(Sample.Status.ERROR, r.startsWith("ERR ") ? r.substring(4) : r);
    } catch (TimeoutException e) {
      worker.kill(); // planning cannot be cancelled: only killing the JVM stops it
      worker = null;
      return Sample.failed(Sample.Status.TIMEOUT, "over " + timeout.toSeconds() + " s");
    } catch (IOException e) {
      if (worker != null) {
        worker.kill();
        worker = null;
      }
      return Sample.failed(Sample.Status.ERROR, JdbcResults.message(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Sample.failed(Sample.Status.ERROR, "interrupted");
    }
  }

  private ChildJvm startWorker() throws IOException, InterruptedException {
    Path list = Files.createTempFile("sqlotel-bench-calcite", ".txt");
    StringBuilder sb = new StringBuilder();
    for (Path p : shardFiles) {
      sb.append(p.toAbsolutePath()).append('\n');
    }
    Files.writeString(list, sb, StandardCharsets.UTF_8);
    List<String> jvm = ChildJvm.baseJvmOptions();
    jvm.add("-Xmx" + heap);
    ChildJvm child = ChildJvm.start("calcite-jdbc", CalciteWorker.class, jvm, List.of(list.toString()));
    try {
      child.expect("READY", START_TIMEOUT);
      return child;
    } catch (TimeoutException | IOException e) {
      child.kill();
      throw new IOException("the Calcite JDBC worker did not start: " + e.getMessage(), e);
    } finally {
      Files.deleteIfExists(list);
    }
  }

  @Override
  public void close() {
    if (worker != null) {
      worker.close();
      worker = null;
    }
    if (local != null) {
      try {
        local.close();
      } catch (SQLException e) {
        // closing anyway
      }
      local = null;
    }
  }
}
