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
   * batches, registered with the context so it is closed with the query. The context's deadline, retry policy and
   * failure tolerance apply.
   */
  public static ShardBatchStream start(ShardScan scan, QueryContext ctx) {
    List<ShardRequest> requests = new ArrayList<>();
    ShardSqls sqls = new ShardSqls(scan);
    for (ShardDescriptor s : scan.shards()) {
      requests.add(new ShardRequest(s, sqls.forShard(s), List.of()));
    }
    Schema schema = ArrowTypes.schema(scan.getRowType());
    return ctx.register(ctx.client().query(requests, schema, ctx.allocator(),
        ctx.config().maxShardsInFlightPerQuery(), ctx.track(scan.table().name(), requests.size()), ctx.fanOut()));
  }

  /**
   * Like {@link #start} but one stream per selected shard, so that each shard's rows can be read in that shard's
   * order (for a k-way merge of sorted shard results).
   */
  public static List<ShardBatchStream> startPerShard(ShardScan scan, QueryContext ctx) {
    ShardSqls sqls = new ShardSqls(scan);
    Schema schema = ArrowTypes.schema(scan.getRowType());
    List<ShardBatchStream> streams = new ArrayList<>();
    // One tracker for the whole scan: "every shard failed" is about the scan, not about one of its streams.
    var listener = ctx.track(scan.table().name(), scan.shards().size());
    for (ShardDescriptor s : scan.shards()) {
      streams.add(ctx.register(ctx.client().query(List.of(new ShardRequest(s, sqls.forShard(s), List.of())), schema,
          ctx.allocator(), 1, listener, ctx.fanOut())));
    }
    return streams;
  }

  /** The SQL for one shard: with or without the time conjuncts its slice makes redundant, int64 as text or not. */
  private record ShardSqls(ShardScan scan, io.sqlotel.planner.prune.TimeCover cover) {
    ShardSqls(ShardScan scan) {
      this(scan, scan.timeCover());
    }

    String forShard(ShardDescriptor shard) {
      return scan.sql(cover != null && cover.covers(shard.range()), shard.int64AsText());
    }
  }
}
