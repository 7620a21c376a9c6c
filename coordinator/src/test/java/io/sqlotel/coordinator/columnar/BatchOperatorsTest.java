package io.sqlotel.coordinator.columnar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.coordinator.EngineConfig;
import io.sqlotel.coordinator.QueryException;
import io.sqlotel.coordinator.ResultStream;
import io.sqlotel.coordinator.exec.QueryContext;
import io.sqlotel.shard.client.ShardBatch;
import io.sqlotel.shard.client.ShardBatchStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class BatchOperatorsTest {
  private static final Schema SHARD = Rows.schema(Rows.field("EXPR$0", Rows.BIGINT), Rows.field("x", Rows.TEXT));
  private static final Schema RESULT = Rows.schema(Rows.field("n", Rows.BIGINT), Rows.field("name", Rows.TEXT));

  private static VectorSchemaRoot batch(BufferAllocator a, Object[]... rows) {
    return Rows.batch(SHARD, Arrays.asList(rows), a);
  }

  /** A shard stream over fixed batches; optionally fails or is interrupted at the end. */
  private static final class FakeShardStream implements ShardBatchStream {
    private final Deque<VectorSchemaRoot> batches;
    private final RuntimeException failure;
    private final boolean interrupt;
    boolean closed;

    FakeShardStream(List<VectorSchemaRoot> batches, RuntimeException failure, boolean interrupt) {
      this.batches = new ArrayDeque<>(batches);
      this.failure = failure;
      this.interrupt = interrupt;
    }

    @Override
    public ShardBatch next() throws InterruptedException {
      if (!batches.isEmpty()) {
        return new ShardBatch("s" + batches.size(), batches.poll());
      }
      if (failure != null) {
        throw failure;
      }
      if (interrupt) {
        throw new InterruptedException();
      }
      return null;
    }

    @Override
    public void close() {
      closed = true;
      batches.forEach(VectorSchemaRoot::close);
      batches.clear();
    }
  }

  @Test
  void listOperatorSkipsEmptyBatchesAndClosesTheRest() {
    try (RootAllocator a = new RootAllocator()) {
      BatchOperator op = BatchOperators.of(SHARD, List.of(batch(a), batch(a, new Object[] {1L, "a"}),
          batch(a, new Object[] {2L, "b"})));
      try (VectorSchemaRoot b = op.next()) {
        assertEquals(List.of(List.of(1L, "a")), Rows.toRows(b));
      }
      op.close();
      assertNull(op.next());
      assertEquals(0, a.getAllocatedMemory());
      assertThrows(IllegalArgumentException.class, () -> BatchOperators.of(Rows.schema(Rows.field("n", Rows.TEXT)),
          List.of(batch(a, new Object[] {1L, "a"}))));
      assertEquals(0, a.getAllocatedMemory(), "a rejected batch is closed");
    }
  }

  @Test
  void shardStreamBatchesAreRenamedWithoutCopying() {
    try (RootAllocator a = new RootAllocator()) {
      FakeShardStream stream = new FakeShardStream(List.of(batch(a, new Object[] {1L, "é"}), batch(a),
          batch(a, new Object[] {null, null}, new Object[] {3L, "日本"})), null, false);
      BatchOperator op = BatchOperators.fromShards(RESULT, stream, a);
      List<List<Object>> rows = new ArrayList<>();
      VectorSchemaRoot b;
      while ((b = op.next()) != null) {
        try (VectorSchemaRoot batch = b) {
          assertEquals(RESULT, batch.getSchema());
          rows.addAll(Rows.toRows(batch));
        }
      }
      assertEquals(List.of(List.of(1L, "é"), Arrays.asList(null, null), List.of(3L, "日本")), rows);
      assertTrue(stream.closed, "the stream is closed at its end");
      op.close();
      assertEquals(0, a.getAllocatedMemory());
    }
  }

  @Test
  void shardFailuresInterruptsAndSchemaMismatchesCloseTheStream() {
    try (RootAllocator a = new RootAllocator()) {
      FakeShardStream failing = new FakeShardStream(List.of(batch(a, new Object[] {1L, "a"})),
          new IllegalStateException("shard s2 unavailable"), false);
      BatchOperator op = BatchOperators.fromShards(RESULT, failing, a);
      op.next().close();
      assertThrows(IllegalStateException.class, op::next);
      assertTrue(failing.closed);

      FakeShardStream interrupted = new FakeShardStream(List.of(), null, true);
      BatchOperator op2 = BatchOperators.fromShards(RESULT, interrupted, a);
      IllegalStateException e = assertThrows(IllegalStateException.class, op2::next);
      assertInstanceOf(InterruptedException.class, e.getCause());
      assertTrue(Thread.interrupted(), "the interrupt flag is restored (and cleared here)");
      assertTrue(interrupted.closed);

      FakeShardStream wrong = new FakeShardStream(List.of(batch(a, new Object[] {1L, "a"}),
          batch(a, new Object[] {2L, "b"})), null, false);
      BatchOperator op3 = BatchOperators.fromShards(Rows.schema(Rows.field("n", Rows.TEXT),
          Rows.field("x", Rows.TEXT)), wrong, a);
      assertThrows(IllegalStateException.class, op3::next);
      assertTrue(wrong.closed);
      assertEquals(0, a.getAllocatedMemory());
    }
  }

  @Test
  void resultStreamRenamesMapsFailuresAndCancels() {
    try (RootAllocator a = new RootAllocator()) {
      QueryContext ctx = new QueryContext("q1", a, null, EngineConfig.defaults(), 0);
      ResultStream rs = BatchOperators.toResultStream(BatchOperators.of(SHARD,
          List.of(batch(a, new Object[] {1L, "a"}))), RESULT, ctx, () -> { });
      try (VectorSchemaRoot b = rs.next()) {
        assertEquals(RESULT, b.getSchema());
        assertEquals(List.of(List.of(1L, "a")), Rows.toRows(b));
      }
      assertNull(rs.next());
      rs.close();

      QueryContext ctx2 = new QueryContext("q2", a, null, EngineConfig.defaults(), 0);
      boolean[] hook = {false};
      ResultStream cancelled = new OperatorResultStream(BatchOperators.of(SHARD,
          List.of(batch(a, new Object[] {1L, "a"}))), RESULT, ctx2, () -> hook[0] = true);
      cancelled.cancel();
      assertTrue(hook[0]);
      QueryException q = assertThrows(QueryException.class, cancelled::next);
      assertEquals(QueryException.Code.CANCELLED, q.code());
      cancelled.close();

      QueryContext ctx3 = new QueryContext("q3", a, null, EngineConfig.defaults(), 0);
      Schema sum = Rows.schema(Rows.field("total", Rows.BIGINT));
      BatchOperator overflowing = new HashAggregateOperator(BatchOperators.of(SHARD,
          List.of(batch(a, new Object[] {Long.MAX_VALUE, "a"}, new Object[] {1L, "a"}))), new int[0],
          List.of(new AggCall(AggCall.Kind.SUM, 0, true)), a, 10, sum);
      ResultStream failing = new OperatorResultStream(overflowing, sum, ctx3, () -> { });
      QueryException arith = assertThrows(QueryException.class, failing::next);
      assertEquals(QueryException.Code.INVALID_ARGUMENT, arith.code());
      assertNull(failing.next());
      failing.close();
      assertEquals(0, a.getAllocatedMemory());
    }
  }
}
