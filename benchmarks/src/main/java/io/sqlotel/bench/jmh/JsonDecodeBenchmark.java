package io.sqlotel.bench.jmh;

import io.sqlotel.shard.decode.JsonBatchDecoder;
import java.io.ByteArrayInputStream;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
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
 * JSON → Arrow decoding of a shard answer ({@link JsonBatchDecoder}) on one thread: {@value #ROWS} six-column rows per
 * invocation into 4096-row batches. The score is rows per second (one core); MB/s is the score times
 * {@link #bytesPerRow()}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JsonDecodeBenchmark {
  /** Rows per invocation. */
  public static final int ROWS = 100_000;

  private byte[] body;
  private Schema schema;
  private BufferAllocator allocator;

  /** Builds the body once. */
  @Setup(Level.Trial)
  public void setUp() {
    body = JsonBodies.sixColumns(ROWS, 42);
    schema = JsonBodies.sixColumnSchema();
    allocator = new RootAllocator();
  }

  /** Frees the allocator (fails on a leak). */
  @TearDown(Level.Trial)
  public void tearDown() {
    allocator.close();
  }

  /** Bytes of JSON per row of the benchmark's body (envelope included). */
  public static double bytesPerRow() {
    return (double) JsonBodies.sixColumns(ROWS, 42).length / ROWS;
  }

  /**
   * Decodes the whole body.
   *
   * @return the rows decoded
   */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long decode() {
    long rows = 0;
    try (JsonBatchDecoder d = new JsonBatchDecoder(new ByteArrayInputStream(body), schema, allocator, 4096, "bench")) {
      VectorSchemaRoot root;
      while ((root = d.next()) != null) {
        rows += root.getRowCount();
        root.close();
      }
    }
    return rows;
  }
}
