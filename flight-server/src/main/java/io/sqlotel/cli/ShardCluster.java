package io.sqlotel.cli;

import io.sqlotel.shard.demo.GeneratedShard;
import io.sqlotel.shard.meta.ShardDescriptor;
import io.sqlotel.shard.meta.TimeRange;
import io.sqlotel.shard.server.ShardServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.util.AutoCloseables;

/**
 * Reference shard servers on loopback (ephemeral ports), one per shard file, with their descriptors.
 *
 * <p>Used by {@code serve --demo}; closing it stops every server.
 */
public final class ShardCluster implements AutoCloseable {
  private final List<ShardServer> servers;
  private final List<ShardDescriptor> descriptors;

  private ShardCluster(List<ShardServer> servers, List<ShardDescriptor> descriptors) {
    this.servers = servers;
    this.descriptors = descriptors;
  }

  /**
   * Starts one shard server per file on {@code 127.0.0.1}, port 0, without a token; the files are served as
   * immutable (sealed: nothing writes to them while they are served).
   *
   * @param shards the shard files and their time slices, in time order
   * @throws IOException if a server cannot start (the ones already started are stopped)
   */
  public static ShardCluster start(List<GeneratedShard> shards) throws IOException {
    List<ShardServer> servers = new ArrayList<>();
    List<ShardDescriptor> descriptors = new ArrayList<>();
    try {
      for (GeneratedShard s : shards) {
        // generated, never written again: immutable
        ShardServer server = ShardServer.start(s.file(), "127.0.0.1", 0, null, false, true);
        servers.add(server);
        descriptors.add(new ShardDescriptor(s.id(), server.baseUri(), new TimeRange(s.startNanos(), s.endNanos()),
            null, false));
      }
    } catch (IOException | RuntimeException e) {
      try {
        AutoCloseables.close(servers);
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return new ShardCluster(List.copyOf(servers), List.copyOf(descriptors));
  }

  /** The descriptors of the running shards, in the order of the files. */
  public List<ShardDescriptor> descriptors() {
    return descriptors;
  }

  /** Stops every shard server. */
  @Override
  public void close() {
    servers.forEach(ShardServer::close);
  }
}
