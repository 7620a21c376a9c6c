package io.sqlotel.coordinator.columnar;

import java.util.Arrays;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;

/**
 * MIN / MAX of VARCHAR (by UTF-8 bytes, unsigned: SQLite's BINARY collation) or VARBINARY values; NULL for groups
 * without values. Each group keeps a copy of its current best value, replaced only when a better one arrives.
 *
 * <p>The copies are as long as the values (e.g. a log body per group), so they are charged to the query's allocator
 * ({@link HeapCharge}) before they are made: over the query's memory limit, {@link #update} throws Arrow's
 * {@code OutOfMemoryException}. Each group's copy is released when the group is written.
 */
final class BytesMinMaxAccumulator implements Accumulator {
  /** Named in the error when the limit is reached. */
  static final String WHAT = "MIN/MAX values";
  /** The bytes charged per slot of {@code best} (a reference: 4 or 8 bytes). */
  private static final long SLOT_BYTES = 8;
  /** A byte array's header (64-bit JVM, compressed class pointers); arrays are 8-byte aligned. */
  private static final long ARRAY_HEADER_BYTES = 16;

  private final boolean max;
  private final HeapCharge heap;
  private byte[][] best = new byte[0][];

  /**
   * Creates the state for MAX ({@code max}) or MIN.
   *
   * @param heap charged with the copies and the slots (shared with the aggregate's other calls, closed by it)
   */
  BytesMinMaxAccumulator(boolean max, HeapCharge heap) {
    this.max = max;
    this.heap = heap;
  }

  /** The heap bytes of a copy of {@code length} bytes (an estimate: header and 8-byte alignment). */
  static long copyBytes(int length) {
    return (ARRAY_HEADER_BYTES + length + 7) & ~7L;
  }

  @Override
  public void update(FieldVector arg, int[] groupIds, int rows, int groupCount) {
    if (best.length < groupCount) {
      best = Arrays.copyOf(best, heap.growArray(best.length, groupCount, SLOT_BYTES, WHAT));
    }
    BaseVariableWidthVector v = (BaseVariableWidthVector) arg;
    for (int r = 0; r < rows; r++) {
      if (!v.isNull(r)) {
        int g = groupIds[r];
        int start = v.getStartOffset(r);
        int len = v.getEndOffset(r) - start;
        byte[] cur = best[g];
        if (cur == null) {
          heap.grow(copyBytes(len), WHAT);
          best[g] = copy(v, start, len);
        } else {
          int c = Bytes.compare(v.getDataBuffer(), start, len, cur);
          if (max ? c > 0 : c < 0) {
            replace(g, v, start, len);
          }
        }
      }
    }
  }

  /** Replaces group {@code g}'s copy, charging the difference in size (the old copy becomes garbage). */
  private void replace(int g, BaseVariableWidthVector v, int start, int len) {
    long delta = copyBytes(len) - copyBytes(best[g].length);
    if (delta > 0) {
      heap.grow(delta, WHAT);
    }
    best[g] = copy(v, start, len);
    if (delta < 0) {
      heap.release(-delta);
    }
  }

  private static byte[] copy(BaseVariableWidthVector v, int start, int len) {
    byte[] b = new byte[len];
    v.getDataBuffer().getBytes(start, b);
    return b;
  }

  @Override
  public void write(FieldVector out, int from, int count, int groupCount) {
    BaseVariableWidthVector v = (BaseVariableWidthVector) out;
    for (int k = 0; k < count; k++) {
      int g = from + k;
      byte[] b = g < best.length ? best[g] : null;
      if (b != null) {
        v.setSafe(k, b);
        heap.release(copyBytes(b.length));
        best[g] = null; // each group is written once: free its copy
      }
    }
  }
}
