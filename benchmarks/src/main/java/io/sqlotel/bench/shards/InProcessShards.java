package io.sqlotel.bench.shards;

import io.sqlotel.cli.ShardCluster;
import io.sqlotel.shard.demo.GeneratedShard;
import io.sqlotel.shard.meta.ShardDescriptor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Shard servers in this JVM (unit tests; the benchmark runs them in a {@link ShardHost} JVM instead): the CLI's
 * {@link ShardCluster} seen as a {@link ShardFleet}.
 */
public final class InProcessShards implements ShardFleet {
  private final ShardCluster cluster;

  private InProcessShards(ShardCluster cluster) {
    this.cluster = cluster;
  }

  /**
   * Starts one reference shard server per shard on loopback, ephemeral ports.
   *
   * @param shards the shard files
   * @return the running fleet
   * @throws IOException if a server cannot start (those already started are stopped)
   */
  public static InProcessShards start(List<GeneratedShard> shards) throws IOException {
    return new InProcessShards(ShardCluster.start(shards));
  }

  @Override
  public List<ShardDescriptor> descriptors() {
    return cluster.descriptors();
  }

  @Override
  public int threadCount() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  @Override
  public long cpuNanos() {
    return -1;
  }

  @Override
  public void close() {
    cluster.close();
  }
}
