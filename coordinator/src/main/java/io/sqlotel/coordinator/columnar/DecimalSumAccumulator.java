package io.sqlotel.coordinator.columnar;

import java.math.BigDecimal;
import java.util.Arrays;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;

/**
 * SUM / SUM0 of exact values (DECIMAL, BIGINT, INTEGER) into a DECIMAL result; exact, and a sum with more digits
 * than the result type allows throws {@link ArithmeticException}.
 */
final class DecimalSumAccumulator implements Accumulator {
  /** The bytes charged per slot of {@code sums} (a reference); a sum adds {@link Accumulators#DECIMAL_BYTES}. */
  private static final long SLOT_BYTES = 8;

  private final boolean zeroIfEmpty;
  private final HeapCharge heap;
  private BigDecimal[] sums = new BigDecimal[0];

  /**
   * Creates the state; {@code zeroIfEmpty} selects SUM0 (0) over SUM (NULL) for groups without values.
   *
   * @param heap charged with the state's growth (shared with the aggregate's other calls, closed by it)
   */
  DecimalSumAccumulator(boolean zeroIfEmpty, HeapCharge heap) {
    this.zeroIfEmpty = zeroIfEmpty;
    this.heap = heap;
  }

  @Override
  public void update(FieldVector arg, int[] groupIds, int rows, int groupCount) {
    if (sums.length < groupCount) {
      sums = Arrays.copyOf(sums, heap.growArray(sums.length, groupCount, SLOT_BYTES, Accumulators.STATES));
    }
    Readers.DecimalGetter get = Readers.decimals(arg);
    for (int r = 0; r < rows; r++) {
      if (!arg.isNull(r)) {
        int g = groupIds[r];
        BigDecimal x = get.get(r);
        if (sums[g] == null) {
          heap.grow(Accumulators.DECIMAL_BYTES, Accumulators.STATES); // the group's first value
          sums[g] = x;
        } else {
          sums[g] = sums[g].add(x);
        }
      }
    }
  }

  @Override
  public void write(FieldVector out, int from, int count, int groupCount) {
    DecimalVector v = (DecimalVector) out;
    for (int k = 0; k < count; k++) {
      int g = from + k;
      BigDecimal s = g < sums.length ? sums[g] : null;
      if (s != null) {
        Writers.setDecimal(v, k, s);
      } else if (zeroIfEmpty) {
        Writers.setDecimal(v, k, BigDecimal.ZERO);
      }
    }
  }
}
