package io.sqlotel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.shard.demo.DemoSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CliTest {
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void everyCommandHasHelp() {
    Run root = run("--help");
    assertEquals(0, root.code());
    assertTrue(root.out().contains("serve") && root.out().contains("shard"), root.out());

    Run serve = run("serve", "--help");
    assertEquals(0, serve.code());
    String[] serveOptions = {"--demo", "--catalog", "--port", "--host", "--data-dir", "--shards", "--token"};
    for (String option : serveOptions) {
      assertTrue(serve.out().contains(option), option + " in " + serve.out());
    }
    assertTrue(serve.out().contains("31337"), serve.out());

    Run shard = run("shard", "--help");
    assertEquals(0, shard.code());
    for (String option : new String[] {"--db", "--port", "--host", "--token"}) {
      assertTrue(shard.out().contains(option), option + " in " + shard.out());
    }
    assertEquals(0, run("--version").code());
  }

  @Test
  void badUsageExitsWithTwo() {
    assertEquals(2, run().code());
    assertEquals(2, run("serve").code());
    assertEquals(2, run("serve", "--demo", "--catalog", "x.yaml").code());
    assertEquals(2, run("serve", "--catalog", "no-such-file.yaml").code());
    assertEquals(2, run("serve", "--catalog", "no-such-file.yaml", "--shards", "3").code());
    assertEquals(2, run("shard", "--db", "x.sqlite").code());
    Run missing = run("shard", "--db", "no-such-file.sqlite", "--port", "0");
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("no such database file"), missing.err());
  }

  @Test
  void demoWindowEndsAtTheCurrentHour() {
    DemoSpec spec = DemoWindow.spec(24, Instant.parse("2025-03-04T05:06:07.123Z"));
    assertEquals(24, spec.shardCount());
    assertEquals(DemoSpec.HOUR_NANOS, spec.sliceNanos());
    assertEquals(Instant.parse("2025-03-04T05:00:00Z").getEpochSecond() * 1_000_000_000L, spec.endNanos());
    assertEquals(Instant.parse("2025-03-03T05:00:00Z").getEpochSecond() * 1_000_000_000L, spec.startNanos());
    assertEquals(DemoSpec.defaults(0).spansPerShard(), spec.spansPerShard());
  }
}
