package io.sqlotel.coordinator.columnar;

import java.util.Arrays;
import java.util.BitSet;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;

/** MIN / MAX of DOUBLE values; NULL for groups without values. */
final class DoubleMinMaxAccumulator implements Accumulator {
  private final boolean max;
  private double[] best = new double[16];
  private final BitSet seen = new BitSet();

  /** Creates the state for MAX ({@code max}) or MIN. */
  DoubleMinMaxAccumulator(boolean max) {
    this.max = max;
  }

  @Override
  public void update(FieldVector arg, int[] groupIds, int rows, int groupCount) {
    if (best.length < groupCount) {
      best = Arrays.copyOf(best, Math.max(groupCount, best.length * 2));
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
