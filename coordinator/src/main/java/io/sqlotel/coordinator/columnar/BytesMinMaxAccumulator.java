package io.sqlotel.coordinator.columnar;

import java.util.Arrays;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;

/**
 * MIN / MAX of VARCHAR (by UTF-8 bytes, unsigned: SQLite's BINARY collation) or VARBINARY values; NULL for groups
 * without values. Each group keeps a copy of its current best value, replaced only when a better one arrives.
 */
final class BytesMinMaxAccumulator implements Accumulator {
  private final boolean max;
  private byte[][] best = new byte[16][];

  /** Creates the state for MAX ({@code max}) or MIN. */
  BytesMinMaxAccumulator(boolean max) {
    this.max = max;
  }

  @Override
  public void update(FieldVector arg, int[] groupIds, int rows, int groupCount) {
    if (best.length < groupCount) {
      best = Arrays.copyOf(best, Math.max(groupCount, best.length * 2));
    }
    BaseVariableWidthVector v = (BaseVariableWidthVector) arg;
    for (int r = 0; r < rows; r++) {
      if (!v.isNull(r)) {
        int g = groupIds[r];
        int start = v.getStartOffset(r);
        int len = v.getEndOffset(r) - start;
        byte[] cur = best[g];
        if (cur == null) {
          best[g] = copy(v, start, len);
        } else {
          int c = Bytes.compare(v.getDataBuffer(), start, len, cur);
          if (max ? c > 0 : c < 0) {
            best[g] = copy(v, start, len);
          }
        }
      }
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
      byte[] b = from + k < best.length ? best[from + k] : null;
      if (b != null) {
        v.setSafe(k, b);
      }
    }
  }
}
