package io.sqlotel.bench.shards;

import io.sqlotel.shard.demo.GeneratedShard;
import io.sqlotel.shard.meta.ShardDescriptor;
import io.sqlotel.shard.meta.TimeRange;
import io.sqlotel.shard.server.ShardServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/** Shard servers in this JVM (unit tests; the benchmark runs them in a {@link ShardHost} JVM instead). */
public final class InProcessShards implements ShardFleet {
  private final List<ShardServer> servers;
  private final List<ShardDescriptor> descriptors;

  private InProcessShards(List<ShardServer> servers, List<ShardDescriptor> descriptors) {
    this.servers = servers;
    this.descriptors = descriptors;
  }

  /**
   * Starts one {@link ShardServer} per shard on loopback, ephemeral ports.
   *
   * @param shards the shard files
   * @return the running fleet
   * @throws IOException if a server cannot start (those already started are stopped)
   */
  public static InProcessShards start(List<GeneratedShard> shards) throws IOException {
    List<ShardServer> servers = new ArrayList<>();
    List<ShardDescriptor> descriptors = new ArrayList<>();
    try {
      for (GeneratedShard s : shards) {
        ShardServer server = ShardServer.start(s.file(), "127.0.0.1", 0, null);
        servers.add(server);
        descriptors.add(new ShardDescriptor(s.id(), server.baseUri(), new TimeRange(s.startNanos(), s.endNanos()),
            null, false));
      }
    } catch (IOException | RuntimeException e) {
      servers.forEach(ShardServer::close);
      throw e;
    }
    return new InProcessShards(List.copyOf(servers), List.copyOf(descriptors));
  }

  @Override
  public List<ShardDescriptor> descriptors() {
    return descriptors;
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
    servers.forEach(ShardServer::close);
  }
}
