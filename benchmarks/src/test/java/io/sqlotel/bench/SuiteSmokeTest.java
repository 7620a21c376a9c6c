package io.sqlotel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.bench.shards.Dataset;
import io.sqlotel.bench.shards.DatasetSpec;
import io.sqlotel.bench.suite.BenchQuery;
import io.sqlotel.bench.suite.Cell;
import io.sqlotel.bench.suite.SuiteBench;
import io.sqlotel.bench.suite.SuiteReport;
import io.sqlotel.bench.suite.SuiteResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness end to end on a tiny dataset: 2 shards, a few hundred rows, every mode once, WAN included. */
class SuiteSmokeTest {
  @TempDir
  Path dir;

  @Test
  void everyModeAnswersEveryQueryWithTheSameRowCount() throws Exception {
    ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    Dataset ds = Dataset.prepare(dir, DatasetSpec.day(2, 300, 300, 200), true, log);
    SuiteBench.Settings s = new SuiteBench.Settings(Duration.ZERO, 0, 1, true, 1, Duration.ofSeconds(60), true, 1000,
        2, 0, 1, true);
    SuiteResult r = SuiteBench.run(ds, s, log);
    for (BenchQuery q : r.queries()) {
      long expected = r.cell(q.name(), "3").rowsOut();
      assertTrue(expected > 0 || q.name().equals("log_search_like"), q.name() + " returns rows in mode 3");
      for (String mode : r.modeIds()) {
        Cell c = r.cell(q.name(), mode);
        assertEquals("ok", c.status(), q.name() + " in mode " + mode + "\n" + logBytes);
        assertEquals(expected, c.rowsOut(), q.name() + " rows in mode " + mode);
      }
      Cell pushed = r.cell(q.name(), "1");
      assertTrue(pushed.bytesReceived() > 0 && pushed.overheadMs() >= 0, q.name());
      if (q.isAggregate()) {
        assertTrue(pushed.rowsReceived() <= expected * 2, q.name() + ": at most groups × shards rows received");
      }
    }
    String md = SuiteReport.markdown(r);
    assertTrue(md.contains("| severity_per_minute | 1 |"), md);
    assertEquals(r.queries().size() * 6 + 1, SuiteReport.csv(r).split("\n").length);
  }
}
