package io.sqlotel.coordinator.columnar;

import java.util.Arrays;
import java.util.BitSet;
import org.apache.arrow.vector.FieldVector;

/**
 * SUM / SUM0 of BIGINT or INTEGER values into a BIGINT or INTEGER result, in 64-bit arithmetic that throws
 * {@link ArithmeticException} on overflow (as does writing a sum that does not fit an INTEGER result).
 */
final class LongSumAccumulator implements Accumulator {
  /** The bytes charged per group: the sum and (rounded up) its bit in {@code seen}. */
  private static final long SLOT_BYTES = 9;

  private final boolean zeroIfEmpty;
  private final HeapCharge heap;
  private long[] sums = new long[0];
  private final BitSet seen = new BitSet();

  /**
   * Creates the state; {@code zeroIfEmpty} selects SUM0 (0) over SUM (NULL) for groups without values.
   *
   * @param heap charged with the state's growth (shared with the aggregate's other calls, closed by it)
   */
  LongSumAccumulator(boolean zeroIfEmpty, HeapCharge heap) {
    this.zeroIfEmpty = zeroIfEmpty;
    this.heap = heap;
  }

  @Override
  public void update(FieldVector arg, int[] groupIds, int rows, int groupCount) {
    if (sums.length < groupCount) {
      sums = Arrays.copyOf(sums, heap.growArray(sums.length, groupCount, SLOT_BYTES, Accumulators.STATES));
    }
    Readers.LongGetter get = Readers.longs(arg);
    for (int r = 0; r < rows; r++) {
      if (!arg.isNull(r)) {
        int g = groupIds[r];
        sums[g] = Math.addExact(sums[g], get.get(r));
        seen.set(g);
      }
    }
  }

  @Override
  public void write(FieldVector out, int from, int count, int groupCount) {
    Writers.LongSetter set = Writers.longs(out);
    for (int k = 0; k < count; k++) {
      int g = from + k;
      if (seen.get(g)) {
        set.set(k, sums[g]);
      } else if (zeroIfEmpty) {
        set.set(k, 0);
      }
    }
  }
}
