package io.sqlotel.coordinator.columnar;

import com.google.common.collect.BoundType;
import com.google.common.collect.Range;
import io.sqlotel.planner.sql.TimeLiterals;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.TimestampString;

/** Converts the points of a Calcite {@code Sarg} to a sorted point set in the domain of the searched column. */
final class SargPoints {
  private SargPoints() {}

  /**
   * The point set of {@code ranges} (each a single closed point) for a column of {@code type}, or null if the type
   * or a value has no point-set representation (the caller then expands the search into comparisons).
   */
  static InListExpr.Points of(RelDataType type, Set<? extends Range<?>> ranges) {
    List<Object> values = new ArrayList<>();
    for (Range<?> r : ranges) {
      if (!r.hasLowerBound() || !r.hasUpperBound() || r.lowerBoundType() != BoundType.CLOSED
          || r.upperBoundType() != BoundType.CLOSED || !r.lowerEndpoint().equals(r.upperEndpoint())) {
        return null;
      }
      values.add(r.lowerEndpoint());
    }
    switch (type.getSqlTypeName()) {
      case BIGINT, INTEGER -> {
        long[] out = new long[values.size()];
        int n = 0;
        for (Object v : values) {
          if (!(v instanceof BigDecimal d)) {
            return null;
          }
          try {
            out[n++] = d.longValueExact();
          } catch (ArithmeticException e) {
            n--; // not an integer in range: no row can equal it
          }
        }
        out = Arrays.copyOf(out, n);
        Arrays.sort(out);
        return new InListExpr.LongPoints(out);
      }
      case TIMESTAMP -> {
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
          if (!(values.get(i) instanceof TimestampString ts)) {
            return null;
          }
          try {
            out[i] = TimeLiterals.toNanos(ts);
          } catch (ArithmeticException e) {
            return null; // outside the nanosecond range
          }
        }
        Arrays.sort(out);
        return new InListExpr.LongPoints(out);
      }
      case DOUBLE -> {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
          if (!(values.get(i) instanceof BigDecimal d)) {
            return null;
          }
          double x = d.doubleValue();
          out[i] = x == 0 ? 0.0 : x;
        }
        Arrays.sort(out);
        return new InListExpr.DoublePoints(out);
      }
      case CHAR, VARCHAR -> {
        byte[][] out = new byte[values.size()][];
        for (int i = 0; i < out.length; i++) {
          if (!(values.get(i) instanceof NlsString s)) {
            return null;
          }
          out[i] = s.getValue().getBytes(StandardCharsets.UTF_8);
        }
        Arrays.sort(out, Arrays::compareUnsigned);
        return new InListExpr.BytesPoints(out);
      }
      default -> {
        return null;
      }
    }
  }
}
