package io.sqlotel.it.worker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Runs the shard worker's own test suite ({@code npm test} in {@code shard-worker/}: the worker in workerd through
 * Miniflare, OTLP mapping, streaming, and the offline {@code wrangler deploy --dry-run} bundle) as part of
 * {@code mvn verify}, so CI checks the deployable worker too. Runs {@code npm ci} first when {@code node_modules} is
 * missing; skipped when npm is not installed. Output goes to {@code target/worker-npm.log}.
 */
class WorkerNpmTestIT {
  @Test
  void npmTestPasses() throws Exception {
    Path workerDir = WorkerCluster.repo().resolve("shard-worker");
    assertTrue(Files.isRegularFile(workerDir.resolve("package.json")), "missing " + workerDir);
    WorkerCluster.requireNpm(workerDir);
    // throws with the exit code when a test fails (the TAP report is in target/worker-npm.log)
    WorkerCluster.run(workerDir, Duration.ofMinutes(5), "npm", "test");
  }
}
