package io.sqlotel.coordinator.columnar;

import java.math.BigDecimal;
import java.util.Arrays;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;

/** MIN / MAX of DECIMAL values (numerically); NULL for groups without values. */
final class DecimalMinMaxAccumulator implements Accumulator {
  private final boolean max;
  private BigDecimal[] best = new BigDecimal[16];

  /** Creates the state for MAX ({@code max}) or MIN. */
  DecimalMinMaxAccumulator(boolean max) {
    this.max = max;
  }

  @Override
  public void update(FieldVector arg, int[] groupIds, int rows, int groupCount) {
    if (best.length < groupCount) {
      best = Arrays.copyOf(best, Math.max(groupCount, best.length * 2));
    }
    DecimalVector v = (DecimalVector) arg;
    for (int r = 0; r < rows; r++) {
      if (!v.isNull(r)) {
        int g = groupIds[r];
        BigDecimal x = v.getObject(r);
        BigDecimal cur = best[g];
        if (cur == null || (max ? x.compareTo(cur) > 0 : x.compareTo(cur) < 0)) {
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
