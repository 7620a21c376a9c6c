package io.sqlotel.bench.shards;

import io.sqlotel.shard.meta.ShardDescriptor;
import java.util.List;

/** Running shard servers for a dataset, wherever they run; closing stops them all. */
public interface ShardFleet extends AutoCloseable {
  /** The shards' descriptors, in time order, pointing at the running servers. */
  List<ShardDescriptor> descriptors();

  /** Live threads of the process serving the shards (for the scaling runs' thread budget). */
  int threadCount();

  /** CPU time consumed so far by the process serving the shards, nanoseconds (-1 if unknown). */
  long cpuNanos();

  /** Stops every server. */
  @Override
  void close();
}
