package io.sqlotel.coordinator.columnar;

import java.math.BigDecimal;
import java.util.Arrays;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;

/** MIN / MAX of DECIMAL values (numerically); NULL for groups without values. */
final class DecimalMinMaxAccumulator implements Accumulator {
  /** The bytes charged per slot of {@code best} (a reference); a value adds {@link Accumulators#DECIMAL_BYTES}. */
  private static final long SLOT_BYTES = 8;

  private final boolean max;
  private final HeapCharge heap;
  private BigDecimal[] best = new BigDecimal[0];

  /**
   * Creates the state for MAX ({@code max}) or MIN.
   *
   * @param heap charged with the state's growth (shared with the aggregate's other calls, closed by it)
   */
  DecimalMinMaxAccumulator(boolean max, HeapCharge heap) {
    this.max = max;
    this.heap = heap;
  }

  @Override
  public void update(FieldVector arg, int[] groupIds, int rows, int groupCount) {
    if (best.length < groupCount) {
      best = Arrays.copyOf(best, heap.growArray(best.length, groupCount, SLOT_BYTES, Accumulators.STATES));
    }
    DecimalVector v = (DecimalVector) arg;
    for (int r = 0; r < rows; r++) {
      if (!v.isNull(r)) {
        int g = groupIds[r];
        BigDecimal x = v.getObject(r);
        BigDecimal cur = best[g];
        if (cur == null) {
          heap.grow(Accumulators.DECIMAL_BYTES, Accumulators.STATES); // the group's first value
          best[g] = x;
        } else if (max ? x.compareTo(cur) > 0 : x.compareTo(cur) < 0) {
          best[g] = x;
        }
      }
    }
  }

  @Override
  public void write(FieldVector out, int from, int count, int groupCount) {
    DecimalVector v = (DecimalVector) out;
    for (int k = 0; k < count; k++) {
      BigDecimal b = from + k < best.length ? best[from + k] : null;
      if (b != null) {
        Writers.setDecimal(v, k, b);
      }
    }
  }
}
