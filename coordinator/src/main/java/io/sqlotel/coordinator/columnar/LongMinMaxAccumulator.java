package io.sqlotel.coordinator.columnar;

import java.util.Arrays;
import java.util.BitSet;
import org.apache.arrow.vector.FieldVector;

/** MIN / MAX of BIGINT, INTEGER, TIMESTAMP or BOOLEAN values; NULL for groups without values. */
final class LongMinMaxAccumulator implements Accumulator {
  /** The bytes charged per group: the value and (rounded up) its bit in {@code seen}. */
  private static final long SLOT_BYTES = 9;

  private final boolean max;
  private final HeapCharge heap;
  private long[] best = new long[0];
  private final BitSet seen = new BitSet();

  /**
   * Creates the state for MAX ({@code max}) or MIN.
   *
   * @param heap charged with the state's growth (shared with the aggregate's other calls, closed by it)
   */
  LongMinMaxAccumulator(boolean max, HeapCharge heap) {
    this.max = max;
    this.heap = heap;
  }

  @Override
  public void update(FieldVector arg, int[] groupIds, int rows, int groupCount) {
    if (best.length < groupCount) {
      best = Arrays.copyOf(best, heap.growArray(best.length, groupCount, SLOT_BYTES, Accumulators.STATES));
    }
    Readers.LongGetter get = Readers.longs(arg);
    for (int r = 0; r < rows; r++) {
      if (!arg.isNull(r)) {
        int g = groupIds[r];
        long x = get.get(r);
        if (!seen.get(g)) {
          seen.set(g);
          best[g] = x;
        } else if (max ? x > best[g] : x < best[g]) {
          best[g] = x;
        }
      }
    }
  }

  @Override
  public void write(FieldVector out, int from, int count, int groupCount) {
    Writers.LongSetter set = Writers.longs(out);
    for (int k = 0; k < count; k++) {
      if (seen.get(from + k)) {
        set.set(k, best[from + k]);
      }
    }
  }
}
