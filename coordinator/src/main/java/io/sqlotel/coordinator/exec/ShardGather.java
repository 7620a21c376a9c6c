package io.sqlotel.coordinator.exec;

import io.sqlotel.coordinator.arrow.ArrowTypes;
import io.sqlotel.planner.rel.ShardScan;
import io.sqlotel.shard.client.ShardBatchStream;
import io.sqlotel.shard.client.ShardRequest;
import io.sqlotel.shard.meta.ShardDescriptor;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/** Starts the fan-out of one {@link ShardScan}: its SQL to every selected shard, decoded into Arrow batches. */
public final class ShardGather {
  private ShardGather() {}

  /**
   * Sends the scan's SQL to its selected shards (in parallel, bounded per query) and returns the stream of their
   * batches, registered with the context so it is closed with the query.
   */
  public static ShardBatchStream start(ShardScan scan, QueryContext ctx) {
    String sql = scan.sql();
    List<ShardRequest> requests = new ArrayList<>();
    for (ShardDescriptor s : scan.shards()) {
      requests.add(new ShardRequest(s, sql, List.of()));
    }
    Schema schema = ArrowTypes.schema(scan.getRowType());
    return ctx.register(ctx.client().query(requests, schema, ctx.allocator(),
        ctx.config().maxShardsInFlightPerQuery(), ctx::record));
  }

  /**
   * Like {@link #start} but one stream per selected shard, so that each shard's rows can be read in that shard's
   * order (for a k-way merge of sorted shard results).
   */
  public static List<ShardBatchStream> startPerShard(ShardScan scan, QueryContext ctx) {
    String sql = scan.sql();
    Schema schema = ArrowTypes.schema(scan.getRowType());
    List<ShardBatchStream> streams = new ArrayList<>();
    for (ShardDescriptor s : scan.shards()) {
      streams.add(ctx.register(ctx.client().query(List.of(new ShardRequest(s, sql, List.of())), schema,
          ctx.allocator(), 1, ctx::record)));
    }
    return streams;
  }
}
