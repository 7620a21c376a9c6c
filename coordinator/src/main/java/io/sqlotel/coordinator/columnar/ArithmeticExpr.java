package io.sqlotel.coordinator.columnar;

import java.math.BigDecimal;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.rel.type.RelDataType;

/**
 * Binary arithmetic, NULL if either operand is NULL. The result type picks the arithmetic: BIGINT/INTEGER in 64 bits
 * (overflow and an INTEGER result out of range throw {@link ArithmeticException}; division truncates toward zero),
 * DOUBLE in IEEE doubles, DECIMAL exactly (+, -, * only). Division or modulo by zero gives NULL, as in SQLite.
 */
final class ArithmeticExpr extends ExprNode {
  /** The operators. */
  enum Op { PLUS, MINUS, TIMES, DIVIDE, MOD }

  /** The arithmetic a result type implies. */
  enum Domain { LONG, DOUBLE, DECIMAL }

  private final Op op;
  private final Domain domain;
  private final VectorExpression left;
  private final VectorExpression right;

  /** {@code left op right} computed in {@code domain}; operands must be readable in that domain. */
  ArithmeticExpr(Op op, Domain domain, VectorExpression left, VectorExpression right, RelDataType type) {
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
      FieldVector out = allocate(allocator, count);
      try {
        switch (domain) {
          case LONG -> longs(a, b, out, count);
          case DOUBLE -> doubles(a, b, (Float8Vector) out, count);
          case DECIMAL -> decimals(a, b, (DecimalVector) out, count);
          default -> throw new AssertionError(domain);
        }
        out.setValueCount(count);
        return out;
      } catch (RuntimeException | Error e) {
        Batches.closeQuietly(out, e);
        throw e;
      }
    }
  }

  private void longs(FieldVector a, FieldVector b, FieldVector out, int count) {
    Readers.LongGetter x = Readers.longs(a);
    Readers.LongGetter y = Readers.longs(b);
    Writers.LongSetter set = Writers.longs(out);
    for (int k = 0; k < count; k++) {
      if (a.isNull(k) || b.isNull(k)) {
        continue;
      }
      long p = x.get(k);
      long q = y.get(k);
      switch (op) {
        case PLUS -> set.set(k, Math.addExact(p, q));
        case MINUS -> set.set(k, Math.subtractExact(p, q));
        case TIMES -> set.set(k, Math.multiplyExact(p, q));
        case DIVIDE -> {
          if (q != 0) {
            if (p == Long.MIN_VALUE && q == -1) {
              throw new ArithmeticException("long overflow");
            }
            set.set(k, p / q);
          }
        }
        case MOD -> {
          if (q != 0) {
            set.set(k, p % q);
          }
        }
        default -> throw new AssertionError(op);
      }
    }
  }

  private void doubles(FieldVector a, FieldVector b, Float8Vector out, int count) {
    Readers.DoubleGetter x = Readers.doubles(a);
    Readers.DoubleGetter y = Readers.doubles(b);
    for (int k = 0; k < count; k++) {
      if (a.isNull(k) || b.isNull(k)) {
        continue;
      }
      double p = x.get(k);
      double q = y.get(k);
      switch (op) {
        case PLUS -> out.set(k, p + q);
        case MINUS -> out.set(k, p - q);
        case TIMES -> out.set(k, p * q);
        case DIVIDE -> {
          if (q != 0) {
            out.set(k, p / q);
          }
        }
        default -> throw new AssertionError(op);
      }
    }
  }

  private void decimals(FieldVector a, FieldVector b, DecimalVector out, int count) {
    Readers.DecimalGetter x = Readers.decimals(a);
    Readers.DecimalGetter y = Readers.decimals(b);
    for (int k = 0; k < count; k++) {
      if (a.isNull(k) || b.isNull(k)) {
        continue;
      }
      BigDecimal p = x.get(k);
      BigDecimal q = y.get(k);
      BigDecimal r = switch (op) {
        case PLUS -> p.add(q);
        case MINUS -> p.subtract(q);
        case TIMES -> p.multiply(q);
        default -> throw new AssertionError(op);
      };
      Writers.setDecimal(out, k, r);
    }
  }
}
