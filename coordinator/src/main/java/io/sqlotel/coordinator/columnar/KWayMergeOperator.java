package io.sqlotel.coordinator.columnar;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Merges inputs that are each already sorted by the same keys (one per shard, e.g. from a pushed-down ORDER BY) and
 * applies OFFSET/LIMIT. A heap over the inputs' current rows picks the next row; ties go to the lower input index,
 * so the result equals a stable sort of the inputs concatenated in order. Once the limit is reached every input is
 * closed, which cancels the shard requests still running.
 */
public final class KWayMergeOperator implements BatchOperator {
  private final List<BatchOperator> inputs;
  private final Schema schema;
  private final RowComparator comparator;
  private final BufferAllocator allocator;
  private final int batchRows;
  private final VectorSchemaRoot[] heads;
  private final FieldVector[][] headKeys;
  private final int[] positions;
  private final int[] liveIndex;
  private final IndexHeap heap;
  private long toSkip;
  private long remaining;
  private boolean started;
  private boolean closed;

  /**
   * Creates the merge.
   *
   * @param sortedInputs at least one input, each sorted by {@code keys}, all with the same column types (owned by
   *     this operator from now on); the first input's schema is the output schema
   * @param offset rows to skip, {@code >= 0}
   * @param fetch the most rows to return after the offset, or {@code -1} for all
   * @param batchRows the most rows per output batch, {@code >= 1}
   * @throws IllegalArgumentException on bad arguments or differing input types (the inputs are closed)
   */
  public KWayMergeOperator(List<BatchOperator> sortedInputs, List<SortKey> keys, long offset, long fetch,
      BufferAllocator allocator, int batchRows) {
    requireNonNull(sortedInputs, "sortedInputs is null");
    this.inputs = new ArrayList<>(sortedInputs);
    try {
      requireNonNull(keys, "keys is null");
      this.allocator = requireNonNull(allocator, "allocator is null");
      if (inputs.isEmpty()) {
        throw new IllegalArgumentException("a merge needs at least one input");
      }
      for (BatchOperator in : inputs) {
        requireNonNull(in, "input is null");
      }
      if (offset < 0 || fetch < -1 || batchRows < 1) {
        throw new IllegalArgumentException("bad offset/fetch/batchRows: " + offset + "/" + fetch + "/" + batchRows);
      }
      this.schema = inputs.get(0).schema();
      for (BatchOperator in : inputs) {
        if (!Batches.sameTypes(in.schema(), schema)) {
          throw new IllegalArgumentException("merge input schema " + in.schema() + " does not match " + schema);
        }
      }
      this.comparator = new RowComparator(schema, keys);
      this.batchRows = batchRows;
      this.toSkip = offset;
      this.remaining = fetch < 0 ? Long.MAX_VALUE : fetch;
      int n = inputs.size();
      this.heads = new VectorSchemaRoot[n];
      this.headKeys = new FieldVector[n][];
      this.positions = new int[n];
      this.liveIndex = new int[n];
      this.heap = new IndexHeap(n, this::compareHeads);
    } catch (RuntimeException | Error e) {
      Batches.closeAll(sortedInputs, e);
      throw e;
    }
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public VectorSchemaRoot next() {
    if (closed) {
      return null;
    }
    List<VectorSchemaRoot> retired = new ArrayList<>();
    try {
      if (!started) {
        start();
      }
      List<VectorSchemaRoot> live = new ArrayList<>();
      Arrays.fill(liveIndex, -1);
      long[] refs = new long[(int) Math.min(batchRows, remaining)];
      int n = 0;
      while (n < refs.length && heap.size() > 0) {
        int k = heap.peek();
        if (toSkip > 0) {
          toSkip--;
        } else {
          if (liveIndex[k] < 0) {
            live.add(heads[k]);
            liveIndex[k] = live.size() - 1;
          }
          refs[n++] = ((long) liveIndex[k] << 32) | positions[k];
        }
        if (++positions[k] < heads[k].getRowCount()) {
          heap.siftDownTop();
          continue;
        }
        // input k's batch is used up; keep it until the rows taken from it are copied
        VectorSchemaRoot old = heads[k];
        heads[k] = null;
        headKeys[k] = null;
        if (liveIndex[k] >= 0) {
          retired.add(old);
        } else {
          old.close();
        }
        liveIndex[k] = -1;
        if (advance(k)) {
          heap.siftDownTop();
        } else {
          heap.poll();
        }
      }
      remaining -= n;
      VectorSchemaRoot out = n == 0 ? null : Batches.gather(schema, live, refs, 0, n, allocator);
      Batches.closeAll(retired);
      retired.clear();
      if (remaining == 0 || heap.size() == 0) {
        close(); // limit reached or all inputs done: stop the inputs now
      }
      return out;
    } catch (RuntimeException | Error e) {
      Batches.closeAll(retired, e);
      Batches.closeQuietly(this, e);
      throw e;
    }
  }

  /** Loads the first batch of every input and builds the heap. */
  private void start() {
    started = true;
    if (remaining == 0) {
      return;
    }
    for (int k = 0; k < inputs.size(); k++) {
      if (advance(k)) {
        heap.add(k);
      }
    }
  }

  /** Makes the next non-empty batch of input {@code k} its head; false (and the input closed) at its end. */
  private boolean advance(int k) {
    VectorSchemaRoot b;
    while ((b = inputs.get(k).next()) != null) {
      if (b.getRowCount() > 0) {
        heads[k] = b;
        headKeys[k] = comparator.keyVectors(b);
        positions[k] = 0;
        return true;
      }
      b.close();
    }
    inputs.get(k).close();
    return false;
  }

  private int compareHeads(int a, int b) {
    int c = comparator.compare(headKeys[a], positions[a], headKeys[b], positions[b]);
    return c != 0 ? c : Integer.compare(a, b);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<AutoCloseable> all = new ArrayList<>();
    for (int k = 0; k < heads.length; k++) {
      all.add(heads[k]);
      heads[k] = null;
      headKeys[k] = null;
    }
    all.addAll(inputs);
    Batches.closeAll(all);
  }
}
