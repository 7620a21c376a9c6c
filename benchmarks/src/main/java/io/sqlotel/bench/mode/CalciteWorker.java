package io.sqlotel.bench.mode;

import io.sqlotel.bench.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;

/**
 * The main of the mode-4 JVM: opens {@link CalciteAdapter} over the shard files listed (one path per line) in the file
 * given as the only argument, runs one warm-up query on one shard, answers {@code READY}, then for each
 * {@code RUN <base64 SQL>} line runs the query, reads every row and answers {@code OK <nanos> <rows>} or
 * {@code ERR <message>}. Running in its own JVM lets the harness kill a query (planning cannot be cancelled) that
 * exceeds its time box.
 */
public final class CalciteWorker {
  private CalciteWorker() {}

  /**
   * Runs the worker until stdin closes.
   *
   * @param args the shard list file
   * @throws Exception if the connection cannot be opened
   */
  public static void main(String[] args) throws Exception {
    List<Path> files = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank()).map(Path::of).toList();
    try (Connection c = CalciteAdapter.open(files)) {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM \"s0\".\"otel_logs\" WHERE \"Timestamp\" < 0")) {
        // Loads Calcite's planner and code generator. One shard only: over the 24-branch view even this query plans
        // for minutes (Volcano explores the filter and aggregate through every UNION ALL branch).
        JdbcResults.drain(rs);
      }
      ChildJvm.answer("READY");
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.startsWith("RUN ")) {
          ChildJvm.answer("ERR unknown command");
          continue;
        }
        String sql = new String(Base64.getDecoder().decode(line.substring(4)), StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
          long rows = JdbcResults.drain(rs);
          ChildJvm.answer("OK " + (System.nanoTime() - t0) + " " + rows);
        } catch (Exception | Error e) {
          ChildJvm.answer("ERR " + JdbcResults.message(e));
        }
      }
    } catch (Exception e) {
      ChildJvm.answer("ERR " + JdbcResults.message(e));
      throw e;
    }
    System.exit(0);
  }
}
