package io.sqlotel.bench.jmh;

import io.sqlotel.coordinator.columnar.BatchOperator;
import io.sqlotel.coordinator.columnar.BatchOperators;
import io.sqlotel.coordinator.columnar.KWayMergeOperator;
import io.sqlotel.coordinator.columnar.SortKey;
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
 * The k-way merge of sorted shard streams ({@link KWayMergeOperator}): {@value #SHARDS} inputs of {@value #ROWS} rows
 * each, sorted by Duration descending, with a TraceId text payload; everything merged (no LIMIT). The score is rows
 * merged per second (one core).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class KWayMergeBenchmark {
  /** Sorted inputs. */
  public static final int SHARDS = 24;
  /** Rows per input. */
  public static final int ROWS = 16_384;
  /** Rows per batch. */
  static final int BATCH = 4096;

  private static final Schema SCHEMA = new Schema(List.of(
      new Field("Duration", FieldType.notNullable(new ArrowType.Int(64, true)), null),
      new Field("TraceId", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null)));

  private BufferAllocator allocator;
  private List<List<VectorSchemaRoot>> master;
  private List<BatchOperator> inputs;

  /** Builds the sorted inputs once. */
  @Setup(Level.Trial)
  public void setUp() {
    allocator = new RootAllocator();
    master = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(11);
    for (int s = 0; s < SHARDS; s++) {
      long[] d = new long[ROWS];
      for (int i = 0; i < ROWS; i++) {
        d[i] = r.nextLong(10_000, 2_000_000_000L);
      }
      java.util.Arrays.sort(d);
      List<VectorSchemaRoot> batches = new ArrayList<>();
      for (int from = 0; from < ROWS; from += BATCH) {
        int n = Math.min(BATCH, ROWS - from);
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        root.allocateNew();
        for (int i = 0; i < n; i++) {
          ((BigIntVector) root.getVector(0)).setSafe(i, d[ROWS - 1 - (from + i)]); // descending
          ((VarCharVector) root.getVector(1)).setSafe(i,
              String.format("%032x", r.nextLong() & Long.MAX_VALUE).getBytes(StandardCharsets.UTF_8));
        }
        root.setRowCount(n);
        batches.add(root);
      }
      master.add(batches);
    }
  }

  /** Fresh inputs (zero-copy slices) for each invocation: the operator closes them. */
  @Setup(Level.Invocation)
  public void slice() {
    inputs = new ArrayList<>();
    for (List<VectorSchemaRoot> batches : master) {
      List<VectorSchemaRoot> copy = new ArrayList<>();
      for (VectorSchemaRoot b : batches) {
        copy.add(b.slice(0, b.getRowCount()));
      }
      inputs.add(BatchOperators.of(SCHEMA, copy));
    }
  }

  /** Frees everything (fails on a leak). */
  @TearDown(Level.Trial)
  public void tearDown() {
    master.forEach(l -> l.forEach(VectorSchemaRoot::close));
    allocator.close();
  }

  /**
   * Merges every input.
   *
   * @return rows merged
   */
  @Benchmark
  @OperationsPerInvocation(SHARDS * ROWS)
  public long merge() {
    long rows = 0;
    try (KWayMergeOperator m = new KWayMergeOperator(inputs, List.of(SortKey.desc(0)), 0, -1, allocator, BATCH)) {
      VectorSchemaRoot out;
      while ((out = m.next()) != null) {
        rows += out.getRowCount();
        out.close();
      }
    }
    return rows;
  }
}
