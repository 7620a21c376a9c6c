package io.sqlotel.coordinator.columnar;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A comparison, NULL if either operand is NULL (except IS [NOT] DISTINCT FROM, which treats NULLs as equal values).
 * Both operands are read in one domain: integers, timestamps and booleans as longs, numbers with a DOUBLE as
 * doubles, other numbers with a DECIMAL exactly, text and binary as unsigned bytes.
 */
final class ComparisonExpr extends ExprNode {
  /** The comparison operators. */
  enum Op { EQ, NE, LT, LE, GT, GE, DISTINCT, NOT_DISTINCT }

  /** How operands are read and compared. */
  enum Domain { LONG, DOUBLE, DECIMAL, BYTES }

  private final Op op;
  private final Domain domain;
  private final VectorExpression left;
  private final VectorExpression right;

  /** {@code left op right} compared in {@code domain}; the result type is BOOLEAN. */
  ComparisonExpr(Op op, Domain domain, VectorExpression left, VectorExpression right, RelDataType type) {
    super(type);
    this.op = op;
    this.domain = domain;
    this.left = left;
    this.right = right;
  }

  @Override
  public FieldVector evaluate(VectorSchemaRoot batch, int[] rows, int count, BufferAllocator allocator) {
    try (FieldVector a = left.evaluate(batch, rows, count, allocator);
        FieldVector b = right.evaluate(batch, rows, count, allocator)) {
      BitVector out = (BitVector) allocate(allocator, count);
      try {
        Cmp cmp = comparer(a, b);
        for (int k = 0; k < count; k++) {
          boolean an = a.isNull(k);
          boolean bn = b.isNull(k);
          if (an || bn) {
            if (op == Op.DISTINCT || op == Op.NOT_DISTINCT) {
              boolean distinct = an != bn;
              out.set(k, distinct == (op == Op.DISTINCT) ? 1 : 0);
            }
            continue;
          }
          int c = cmp.compare(k);
          out.set(k, test(c) ? 1 : 0);
        }
        out.setValueCount(count);
        return out;
      } catch (RuntimeException | Error e) {
        Batches.closeQuietly(out, e);
        throw e;
      }
    }
  }

  private boolean test(int c) {
    return switch (op) {
      case EQ, NOT_DISTINCT -> c == 0;
      case NE, DISTINCT -> c != 0;
      case LT -> c < 0;
      case LE -> c <= 0;
      case GT -> c > 0;
      case GE -> c >= 0;
    };
  }

  /** Compares element {@code k} of the two (non-null) operands. */
  @FunctionalInterface
  private interface Cmp {
    int compare(int k);
  }

  private Cmp comparer(FieldVector a, FieldVector b) {
    switch (domain) {
      case LONG -> {
        Readers.LongGetter x = Readers.longs(a);
        Readers.LongGetter y = Readers.longs(b);
        return k -> Long.compare(x.get(k), y.get(k));
      }
      case DOUBLE -> {
        Readers.DoubleGetter x = Readers.doubles(a);
        Readers.DoubleGetter y = Readers.doubles(b);
        return k -> compareDoubles(x.get(k), y.get(k));
      }
      case DECIMAL -> {
        Readers.DecimalGetter x = Readers.decimals(a);
        Readers.DecimalGetter y = Readers.decimals(b);
        return k -> x.get(k).compareTo(y.get(k));
      }
      case BYTES -> {
        BaseVariableWidthVector x = (BaseVariableWidthVector) a;
        BaseVariableWidthVector y = (BaseVariableWidthVector) b;
        return k -> {
          int xs = x.getStartOffset(k);
          int ys = y.getStartOffset(k);
          return Bytes.compare(x.getDataBuffer(), xs, x.getEndOffset(k) - xs, y.getDataBuffer(), ys,
              y.getEndOffset(k) - ys);
        };
      }
      default -> throw new AssertionError(domain);
    }
  }

  /** Numeric order with {@code -0.0 = 0.0}; NaN (which SQLite never stores) sorts last. */
  static int compareDoubles(double x, double y) {
    return x < y ? -1 : x > y ? 1 : x == y ? 0 : Double.compare(x, y);
  }
}
