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
  private final boolean zeroIfEmpty;
  private BigDecimal[] sums = new BigDecimal[16];

  /** Creates the state; {@code zeroIfEmpty} selects SUM0 (0) over SUM (NULL) for groups without values. */
  DecimalSumAccumulator(boolean zeroIfEmpty) {
    this.zeroIfEmpty = zeroIfEmpty;
  }

  @Override
  public void update(FieldVector arg, int[] groupIds, int rows, int groupCount) {
    if (sums.length < groupCount) {
      sums = Arrays.copyOf(sums, Math.max(groupCount, sums.length * 2));
    }
    Readers.DecimalGetter get = Readers.decimals(arg);
    for (int r = 0; r < rows; r++) {
      if (!arg.isNull(r)) {
        int g = groupIds[r];
        BigDecimal x = get.get(r);
        sums[g] = sums[g] == null ? x : sums[g].add(x);
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
