package io.sqlotel.shard.client;

/**
 * Gives the JVM's common ForkJoin pool at least two workers; call first thing in {@code main}, before anything
 * touches {@link java.util.concurrent.ForkJoinPool} or {@link java.util.concurrent.CompletableFuture}.
 *
 * <p>With a common-pool parallelism of 1 (the default on machines with two CPUs or fewer), CompletableFuture runs
 * every default-executor async stage on a new thread (its ThreadPerTaskExecutor fallback), and java.net.http
 * completes some stages of each exchange there: one thread start per shard request. Measured on a 2-CPU machine
 * with 100 shards: 330-430 µs of fan-out per shard before, 185-305 µs after.
 */
public final class CommonPoolSetting {
  /** The system property the common pool reads once, when the ForkJoinPool class initializes. */
  public static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private CommonPoolSetting() {}

  /** Sets {@value #PARALLELISM} to 2 unless the user set it or the machine has more than two CPUs. */
  public static void apply() {
    if (System.getProperty(PARALLELISM) == null && Runtime.getRuntime().availableProcessors() <= 2) {
      System.setProperty(PARALLELISM, "2");
    }
  }
}
