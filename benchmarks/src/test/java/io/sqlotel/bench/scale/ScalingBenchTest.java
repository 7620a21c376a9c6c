package io.sqlotel.bench.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scaling runs on 1 and 3 in-process shards: one row per count and query, and the per-shard figures. */
class ScalingBenchTest {
  @TempDir
  Path dir;

  @Test
  void measuresEveryShardCountAndQuery() throws Exception {
    PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    List<ScalingBench.Row> rows = ScalingBench.run(dir, new ScalingBench.Settings(List.of(1, 3), 20, 20, 4, 1,
        Duration.ZERO, 2, 5, true, Duration.ofMillis(200)), log);
    assertEquals(6, rows.size());
    for (ScalingBench.Row r : rows) {
      assertTrue(r.e2eMs() > 0 && r.planningMs() > 0 && r.overheadMs() >= 0, r.toString());
      assertEquals(r.shards() == 1, Double.isNaN(ScalingBench.fanOutMicrosPerShard(rows, r)), r.toString());
    }
    String md = ScalingBench.markdown(rows);
    assertTrue(md.contains("| 3 | error_rate_per_service |"), md);
    assertFalse(ScalingBench.csv(rows).isBlank());
  }
}
