package io.sqlotel.coordinator.columnar;

import java.util.Arrays;
import org.apache.arrow.vector.FieldVector;

/** COUNT(*) (rows) or COUNT(x) (non-NULL values) per group; never NULL. */
final class CountAccumulator implements Accumulator {
  /** The bytes charged per group. */
  private static final long SLOT_BYTES = 8;

  private final HeapCharge heap;
  private long[] counts = new long[0];

  /**
   * Creates the state.
   *
   * @param heap charged with the state's growth (shared with the aggregate's other calls, closed by it)
   */
  CountAccumulator(HeapCharge heap) {
    this.heap = heap;
  }

  @Override
  public void update(FieldVector arg, int[] groupIds, int rows, int groupCount) {
    if (counts.length < groupCount) {
      counts = Arrays.copyOf(counts, heap.growArray(counts.length, groupCount, SLOT_BYTES, Accumulators.STATES));
    }
    if (arg == null) {
      for (int r = 0; r < rows; r++) {
        counts[groupIds[r]]++;
      }
    } else if (arg.getNullCount() == 0) {
      for (int r = 0; r < rows; r++) {
        counts[groupIds[r]]++;
      }
    } else {
      for (int r = 0; r < rows; r++) {
        if (!arg.isNull(r)) {
          counts[groupIds[r]]++;
        }
      }
    }
  }

  @Override
  public void write(FieldVector out, int from, int count, int groupCount) {
    Writers.LongSetter set = Writers.longs(out);
    for (int k = 0; k < count; k++) {
      int g = from + k;
      set.set(k, g < counts.length ? counts[g] : 0);
    }
  }
}
