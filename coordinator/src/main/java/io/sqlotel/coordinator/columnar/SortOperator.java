package io.sqlotel.coordinator.columnar;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A full sort with OFFSET/LIMIT: materializes the input batches, sorts a permutation of row references with a
 * comparator over the vectors (stable: tied rows keep their input order), and emits the rows in order, copied into
 * batches of at most {@code batchRows} rows.
 *
 * <p>With a limit, only the best {@code offset + fetch} rows are kept: whenever the buffered rows reach twice that
 * number they are sorted and compacted into one batch, so memory stays bounded by the limit rather than the input.
 *
 * <p>The row references (8 bytes per buffered row, 16 while they are sorted) live on the heap and are charged to
 * {@code allocator} through a {@link HeapCharge}, so that over its limit {@link #next()} fails with Arrow's
 * {@code OutOfMemoryException}; closing releases the charge.
 */
public final class SortOperator implements BatchOperator {
  /** Named in the error when the limit is reached. */
  static final String WHAT = "sort row references";
  private static final int MIN_COMPACT_ROWS = 1024;
  private static final long MAX_BOUNDED_KEEP = 1 << 24;

  private final BatchOperator input;
  private final RowComparator comparator;
  private final long offset;
  private final long keep;
  private final BufferAllocator allocator;
  private final HeapCharge heap;
  private final int batchRows;
  private final List<VectorSchemaRoot> batches = new ArrayList<>();
  private long[] order;
  private int position;
  private int end;
  private boolean sorted;
  private boolean closed;

  /**
   * Creates the sort.
   *
   * @param input the rows to sort (owned by this operator from now on)
   * @param keys the ORDER BY keys (field indexes into the input schema)
   * @param offset rows to skip after sorting, {@code >= 0}
   * @param fetch the most rows to return after the offset, or {@code -1} for all
   * @param allocator allocates the output batches (and compacted ones) and is charged with the row references
   * @param batchRows the most rows per output batch, {@code >= 1}
   * @throws IllegalArgumentException on a bad key, offset, fetch or batch size (the input is closed)
   */
  public SortOperator(BatchOperator input, List<SortKey> keys, long offset, long fetch, BufferAllocator allocator,
      int batchRows) {
    this.input = requireNonNull(input, "input is null");
    try {
      requireNonNull(keys, "keys is null");
      this.allocator = requireNonNull(allocator, "allocator is null");
      this.heap = new HeapCharge(allocator, WHAT); // holds nothing until the input is sorted
      if (offset < 0 || fetch < -1 || batchRows < 1) {
        throw new IllegalArgumentException("bad offset/fetch/batchRows: " + offset + "/" + fetch + "/" + batchRows);
      }
      this.comparator = new RowComparator(input.schema(), keys);
      this.offset = offset;
      this.keep = fetch < 0 ? Long.MAX_VALUE : saturatedAdd(offset, fetch);
      this.batchRows = batchRows;
    } catch (RuntimeException | Error e) {
      Batches.closeQuietly(input, e);
      throw e;
    }
  }

  @Override
  public Schema schema() {
    return input.schema();
  }

  @Override
  public VectorSchemaRoot next() {
    if (closed) {
      return null;
    }
    try {
      if (!sorted) {
        sortInput();
      }
      if (position >= end) {
        close();
        return null;
      }
      int count = Math.min(batchRows, end - position);
      VectorSchemaRoot out = Batches.gather(schema(), batches, order, position, count, allocator);
      position += count;
      return out;
    } catch (RuntimeException | Error e) {
      Batches.closeQuietly(this, e);
      throw e;
    }
  }

  /** Reads the whole input (compacting to the best {@code keep} rows as it goes) and sorts it. */
  private void sortInput() {
    sorted = true;
    if (keep == 0) {
      input.close(); // LIMIT 0: nothing can be returned, so don't read anything
      order = new long[0];
      return;
    }
    long bufferedRows = 0;
    long compactAt = keep <= MAX_BOUNDED_KEEP ? Math.max(2 * keep, MIN_COMPACT_ROWS) : Long.MAX_VALUE;
    VectorSchemaRoot b;
    while ((b = input.next()) != null) {
      if (b.getRowCount() == 0) {
        b.close();
        continue;
      }
      batches.add(b);
      bufferedRows += b.getRowCount();
      if (bufferedRows > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("sort input exceeds " + (Integer.MAX_VALUE - 16) + " rows");
      }
      if (bufferedRows >= compactAt) {
        bufferedRows = compact();
      }
    }
    input.close();
    order = sortedRefs();
    end = (int) Math.min(order.length, keep);
    position = (int) Math.min(offset, end);
  }

  /** Keeps only the best {@code keep} buffered rows, in order, in one batch; returns the number kept. */
  private int compact() {
    long[] refs = sortedRefs();
    int kept = (int) Math.min(refs.length, keep);
    VectorSchemaRoot best = Batches.gather(schema(), batches, refs, 0, kept, allocator);
    heap.release((long) Long.BYTES * refs.length);
    List<VectorSchemaRoot> old = new ArrayList<>(batches);
    batches.clear();
    batches.add(best);
    Batches.closeAll(old);
    return kept;
  }

  /** References {@code (batch << 32) | row} to all buffered rows, sorted; they stay charged to {@link #heap}. */
  private long[] sortedRefs() {
    int n = 0;
    for (VectorSchemaRoot b : batches) {
      n += b.getRowCount();
    }
    heap.grow(2L * Long.BYTES * n); // the references and the merge sort's scratch array
    long[] refs = new long[n];
    FieldVector[][] keys = new FieldVector[batches.size()][];
    for (int bi = 0; bi < keys.length; bi++) {
      keys[bi] = comparator.keyVectors(batches.get(bi));
    }
    int k = 0;
    for (int bi = 0; bi < batches.size(); bi++) {
      int rows = batches.get(bi).getRowCount();
      for (int r = 0; r < rows; r++) {
        refs[k++] = ((long) bi << 32) | r;
      }
    }
    RefSorter.sort(refs, n, (x, y) -> comparator.compare(keys[(int) (x >>> 32)], (int) x, keys[(int) (y >>> 32)],
        (int) y));
    heap.release((long) Long.BYTES * n); // the scratch array is garbage now
    return refs;
  }

  private static long saturatedAdd(long a, long b) {
    long s = a + b;
    return s < 0 ? Long.MAX_VALUE : s;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    order = null;
    List<AutoCloseable> all = new ArrayList<>(batches);
    batches.clear();
    all.add(input);
    all.add(heap); // the references are garbage from now on
    Batches.closeAll(all);
  }
}
