package io.sqlotel.coordinator.columnar;

import java.util.Arrays;
import java.util.BitSet;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;

/** SUM / SUM0 of numeric values (DOUBLE, BIGINT, INTEGER, DECIMAL) into a DOUBLE result. */
final class DoubleSumAccumulator implements Accumulator {
  /** The bytes charged per group: the sum and (rounded up) its bit in {@code seen}. */
  private static final long SLOT_BYTES = 9;

  private final boolean zeroIfEmpty;
  private final HeapCharge heap;
  private double[] sums = new double[0];
  private final BitSet seen = new BitSet();

  /**
   * Creates the state; {@code zeroIfEmpty} selects SUM0 (0.0) over SUM (NULL) for groups without values.
   *
   * @param heap charged with the state's growth (shared with the aggregate's other calls, closed by it)
   */
  DoubleSumAccumulator(boolean zeroIfEmpty, HeapCharge heap) {
    this.zeroIfEmpty = zeroIfEmpty;
    this.heap = heap;
  }

  @Override
  public void update(FieldVector arg, int[] groupIds, int rows, int groupCount) {
    if (sums.length < groupCount) {
      sums = Arrays.copyOf(sums, heap.growArray(sums.length, groupCount, SLOT_BYTES, Accumulators.STATES));
    }
    Readers.DoubleGetter get = Readers.doubles(arg);
    for (int r = 0; r < rows; r++) {
      if (!arg.isNull(r)) {
        int g = groupIds[r];
        sums[g] += get.get(r);
        seen.set(g);
      }
    }
  }

  @Override
  public void write(FieldVector out, int from, int count, int groupCount) {
    Float8Vector v = (Float8Vector) out;
    for (int k = 0; k < count; k++) {
      int g = from + k;
      if (seen.get(g)) {
        v.setSafe(k, sums[g]);
      } else if (zeroIfEmpty) {
        v.setSafe(k, 0.0);
      }
    }
  }
}
