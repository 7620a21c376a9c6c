package io.sqlotel.coordinator.columnar;

import java.util.Arrays;
import java.util.BitSet;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;

/** MIN / MAX of DOUBLE values; NULL for groups without values. */
final class DoubleMinMaxAccumulator implements Accumulator {
  /** The bytes charged per group: the value and (rounded up) its bit in {@code seen}. */
  private static final long SLOT_BYTES = 9;

  private final boolean max;
  private final HeapCharge heap;
  private double[] best = new double[0];
  private final BitSet seen = new BitSet();

  /**
   * Creates the state for MAX ({@code max}) or MIN.
   *
   * @param heap charged with the state's growth (shared with the aggregate's other calls, closed by it)
   */
  DoubleMinMaxAccumulator(boolean max, HeapCharge heap) {
    this.max = max;
    this.heap = heap;
  }

  @Override
  public void update(FieldVector arg, int[] groupIds, int rows, int groupCount) {
    if (best.length < groupCount) {
      best = Arrays.copyOf(best, heap.growArray(best.length, groupCount, SLOT_BYTES, Accumulators.STATES));
    }
    Float8Vector v = (Float8Vector) arg;
    for (int r = 0; r < rows; r++) {
      if (!v.isNull(r)) {
        int g = groupIds[r];
        double x = v.get(r);
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
    Float8Vector v = (Float8Vector) out;
    for (int k = 0; k < count; k++) {
      if (seen.get(from + k)) {
        v.setSafe(k, best[from + k]);
      }
    }
  }
}
