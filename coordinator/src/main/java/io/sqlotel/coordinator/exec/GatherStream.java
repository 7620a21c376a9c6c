package io.sqlotel.coordinator.exec;

import io.sqlotel.coordinator.ResultStream;
import io.sqlotel.shard.client.ShardBatch;
import io.sqlotel.shard.client.ShardBatchStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * A fully pushed query: the shard batches are the result. Batches are passed through as they arrive (any shard
 * order), their vectors transferred (no copy) under the result's field names; an optional row limit stops the
 * stream (and the in-flight shard requests) once it is reached.
 */
public final class GatherStream implements ResultStream {
  private final ShardBatchStream shards;
  private final Schema schema;
  private final QueryContext ctx;
  private long remaining;
  private long toSkip;

  /**
   * Creates the stream.
   *
   * @param offset rows to skip first (0 for none)
   * @param limit the most rows to return, or -1 for all
   */
  public GatherStream(ShardBatchStream shards, Schema schema, QueryContext ctx, long offset, long limit) {
    this.shards = shards;
    this.schema = schema;
    this.ctx = ctx;
    this.toSkip = offset;
    this.remaining = limit < 0 ? Long.MAX_VALUE : limit;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public VectorSchemaRoot next() {
    try {
      while (remaining > 0) {
        if (ctx.isCancelled()) {
          throw new io.sqlotel.coordinator.QueryException(io.sqlotel.coordinator.QueryException.Code.CANCELLED,
              "query " + ctx.queryId() + " cancelled");
        }
        try (ShardBatch batch = shards.next()) {
          if (batch == null) {
            ctx.checkShards();
            return null;
          }
          int rows = batch.root().getRowCount();
          if (toSkip >= rows) {
            toSkip -= rows;
            continue;
          }
          int from = (int) toSkip;
          int count = (int) Math.min(rows - from, remaining);
          toSkip = 0;
          remaining -= count;
          return slice(batch.root(), from, count);
        }
      }
      shards.close(); // limit reached: cancel the shard requests still in flight
      ctx.checkShards();
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Failures.of(e);
    } catch (RuntimeException e) {
      throw Failures.of(e);
    }
  }

  /** Rows {@code [from, from + count)} of {@code in} under the result schema (transferred when whole). */
  private VectorSchemaRoot slice(VectorSchemaRoot in, int from, int count) {
    List<FieldVector> out = new ArrayList<>();
    for (int i = 0; i < schema.getFields().size(); i++) {
      Field f = schema.getFields().get(i);
      FieldVector src = in.getVector(i);
      FieldVector dst = f.createVector(ctx.allocator());
      TransferPair tp = src.makeTransferPair(dst);
      if (from == 0 && count == in.getRowCount()) {
        tp.transfer();
      } else {
        tp.splitAndTransfer(from, count);
      }
      out.add(dst);
    }
    VectorSchemaRoot root = new VectorSchemaRoot(schema.getFields(), out, count);
    return root;
  }

  @Override
  public List<io.sqlotel.coordinator.ShardFailure> shardFailures() {
    return ctx.shardFailures();
  }

  @Override
  public void cancel() {
    ctx.cancel();
    shards.close();
  }

  @Override
  public void close() {
    shards.close();
    ctx.close();
  }
}
