package io.sqlotel.bench.jmh;

import io.sqlotel.coordinator.columnar.AggCall;
import io.sqlotel.coordinator.columnar.BatchOperators;
import io.sqlotel.coordinator.columnar.HashAggregateOperator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The final phase of a two-phase aggregate ({@link HashAggregateOperator}): {@value #SHARDS} shards' partial results,
 * each {@value #GROUPS} groups keyed by (service text, minute BIGINT) with partial COUNT, SUM, MIN and MAX, merged into
 * {@value #GROUPS} final groups. The score is partial groups merged per second (one core).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AggregateMergeBenchmark {
  /** Shards contributing partial groups. */
  public static final int SHARDS = 24;
  /** Groups per shard (the same keys on every shard). */
  public static final int GROUPS = 8192;
  /** Rows per input batch. */
  static final int BATCH = 4096;

  private static final Schema IN = new Schema(List.of(
      new Field("service", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
      new Field("minute", FieldType.notNullable(new ArrowType.Int(64, true)), null),
      new Field("cnt", FieldType.notNullable(new ArrowType.Int(64, true)), null),
      new Field("sum", FieldType.nullable(new ArrowType.Int(64, true)), null),
      new Field("min", FieldType.nullable(new ArrowType.Int(64, true)), null),
      new Field("max", FieldType.nullable(new ArrowType.Int(64, true)), null)));

  private BufferAllocator allocator;
  private List<VectorSchemaRoot> master;
  private List<VectorSchemaRoot> input;

  /** Builds the shards' partial results once. */
  @Setup(Level.Trial)
  public void setUp() {
    allocator = new RootAllocator();
    master = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(7);
    for (int s = 0; s < SHARDS; s++) {
      for (int from = 0; from < GROUPS; from += BATCH) {
        int n = Math.min(BATCH, GROUPS - from);
        VectorSchemaRoot root = VectorSchemaRoot.create(IN, allocator);
        root.allocateNew();
        for (int i = 0; i < n; i++) {
          int g = from + i;
          ((VarCharVector) root.getVector(0)).setSafe(i, ("service-" + (g % 64)).getBytes(StandardCharsets.UTF_8));
          ((BigIntVector) root.getVector(1)).setSafe(i, 1_767_225_600_000_000_000L + (g / 64) * 60_000_000_000L);
          ((BigIntVector) root.getVector(2)).setSafe(i, 1 + r.nextInt(1000));
          ((BigIntVector) root.getVector(3)).setSafe(i, r.nextLong(1_000_000_000L));
          ((BigIntVector) root.getVector(4)).setSafe(i, r.nextLong(1_000_000L));
          ((BigIntVector) root.getVector(5)).setSafe(i, r.nextLong(1_000_000_000L));
        }
        root.setRowCount(n);
        master.add(root);
      }
    }
  }

  /** Fresh input batches (zero-copy slices of the master batches) for each invocation: the operator closes them. */
  @Setup(Level.Invocation)
  public void slice() {
    input = new ArrayList<>();
    for (VectorSchemaRoot m : master) {
      input.add(m.slice(0, m.getRowCount()));
    }
  }

  /** Frees everything (fails on a leak). */
  @TearDown(Level.Trial)
  public void tearDown() {
    master.forEach(VectorSchemaRoot::close);
    allocator.close();
  }

  /**
   * Merges all partial groups.
   *
   * @return the number of final groups
   */
  @Benchmark
  @OperationsPerInvocation(SHARDS * GROUPS)
  public long merge() {
    List<AggCall> calls = List.of(new AggCall(AggCall.Kind.SUM0, 2, false), new AggCall(AggCall.Kind.SUM, 3, true),
        new AggCall(AggCall.Kind.MIN, 4, true), new AggCall(AggCall.Kind.MAX, 5, true));
    long groups = 0;
    try (HashAggregateOperator agg = new HashAggregateOperator(BatchOperators.of(IN, input), new int[] {0, 1}, calls,
        allocator, BATCH, IN)) {
      VectorSchemaRoot out;
      while ((out = agg.next()) != null) {
        groups += out.getRowCount();
        out.close();
      }
    }
    return groups;
  }
}
