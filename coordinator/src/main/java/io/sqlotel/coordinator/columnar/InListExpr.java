package io.sqlotel.coordinator.columnar;

import java.util.Arrays;
import java.util.function.IntPredicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.rel.type.RelDataType;

/**
 * Membership of a value in a constant point set (a SEARCH whose argument is a list of points, i.e. {@code x IN (...)},
 * or the complement of one, {@code x NOT IN (...)}), by binary search in a sorted array. A NULL operand gives the
 * SEARCH's "unknown as" value (TRUE, FALSE or NULL).
 */
final class InListExpr extends ExprNode {
  /** The sorted points in one domain. */
  interface Points {
    /** A test of whether the non-null element {@code k} of {@code v} is one of the points. */
    IntPredicate in(FieldVector v);
  }

  /** Integer, timestamp or boolean points. */
  record LongPoints(long[] sorted) implements Points {
    @Override
    public IntPredicate in(FieldVector v) {
      Readers.LongGetter x = Readers.longs(v);
      return k -> Arrays.binarySearch(sorted, x.get(k)) >= 0;
    }
  }

  /** DOUBLE points ({@code -0.0} is stored as {@code 0.0}). */
  record DoublePoints(double[] sorted) implements Points {
    @Override
    public IntPredicate in(FieldVector v) {
      Readers.DoubleGetter x = Readers.doubles(v);
      return k -> {
        double d = x.get(k);
        return Arrays.binarySearch(sorted, d == 0 ? 0.0 : d) >= 0;
      };
    }
  }

  /** Text or binary points, sorted as unsigned bytes. */
  record BytesPoints(byte[][] sorted) implements Points {
    @Override
    public IntPredicate in(FieldVector v) {
      BaseVariableWidthVector w = (BaseVariableWidthVector) v;
      return k -> contains(w, k);
    }

    private boolean contains(BaseVariableWidthVector w, int k) {
      int start = w.getStartOffset(k);
      int len = w.getEndOffset(k) - start;
      int lo = 0;
      int hi = sorted.length - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        int c = Bytes.compare(w.getDataBuffer(), start, len, sorted[mid]);
        if (c == 0) {
          return true;
        } else if (c < 0) {
          hi = mid - 1;
        } else {
          lo = mid + 1;
        }
      }
      return false;
    }
  }

  private final VectorExpression operand;
  private final Points points;
  private final boolean negated;
  private final Boolean nullResult;

  /**
   * {@code operand IN points} (or NOT IN if {@code negated}).
   *
   * @param nullResult the result for a NULL operand (null: NULL)
   */
  InListExpr(VectorExpression operand, Points points, boolean negated, Boolean nullResult, RelDataType type) {
    super(type);
    this.operand = operand;
    this.points = points;
    this.negated = negated;
    this.nullResult = nullResult;
  }

  @Override
  public FieldVector evaluate(VectorSchemaRoot batch, int[] rows, int count, BufferAllocator allocator) {
    try (FieldVector a = operand.evaluate(batch, rows, count, allocator)) {
      BitVector out = (BitVector) allocate(allocator, count);
      try {
        IntPredicate in = points.in(a);
        for (int k = 0; k < count; k++) {
          if (a.isNull(k)) {
            if (nullResult != null) {
              out.set(k, nullResult ? 1 : 0);
            }
          } else {
            out.set(k, in.test(k) != negated ? 1 : 0);
          }
        }
        out.setValueCount(count);
        return out;
      } catch (RuntimeException | Error e) {
        Batches.closeQuietly(out, e);
        throw e;
      }
    }
  }
}
