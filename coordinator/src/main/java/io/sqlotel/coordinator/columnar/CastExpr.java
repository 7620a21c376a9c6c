package io.sqlotel.coordinator.columnar;

import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A numeric CAST. To BIGINT/INTEGER: integers as is, DOUBLE truncated toward zero (saturating, as SQLite does),
 * DECIMAL truncated toward zero; a value outside INTEGER (or a DECIMAL outside BIGINT) throws
 * {@link ArithmeticException}. To DOUBLE: the nearest double. To DECIMAL(p, s) from exact numbers: rounded half up to
 * scale {@code s}, {@link ArithmeticException} if more than {@code p} digits. To VARCHAR: integers in decimal,
 * decimals in plain notation, doubles as SQLite renders REALs (see {@link SqliteText}), cut to the target length.
 */
final class CastExpr extends ExprNode {
  /** The conversions. */
  enum Conversion { EXACT_TO_LONG, DOUBLE_TO_LONG, DECIMAL_TO_LONG, TO_DOUBLE, EXACT_TO_DECIMAL, LONG_TO_TEXT,
    DOUBLE_TO_TEXT, DECIMAL_TO_TEXT }

  private final Conversion conversion;
  private final VectorExpression operand;
  private final int maxLength;

  /**
   * {@code CAST(operand AS type)}.
   *
   * @param maxLength for text targets, the most characters kept ({@code Integer.MAX_VALUE} if unbounded)
   */
  CastExpr(Conversion conversion, VectorExpression operand, RelDataType type, int maxLength) {
    super(type);
    this.conversion = conversion;
    this.operand = operand;
    this.maxLength = maxLength;
  }

  @Override
  public FieldVector evaluate(VectorSchemaRoot batch, int[] rows, int count, BufferAllocator allocator) {
    try (FieldVector a = operand.evaluate(batch, rows, count, allocator)) {
      FieldVector out = allocate(allocator, count);
      try {
        convert(a, out, count);
        out.setValueCount(count);
        return out;
      } catch (RuntimeException | Error e) {
        Batches.closeQuietly(out, e);
        throw e;
      }
    }
  }

  private void convert(FieldVector a, FieldVector out, int count) {
    switch (conversion) {
      case EXACT_TO_LONG -> {
        Readers.LongGetter x = Readers.longs(a);
        Writers.LongSetter set = Writers.longs(out);
        for (int k = 0; k < count; k++) {
          if (!a.isNull(k)) {
            set.set(k, x.get(k));
          }
        }
      }
      case DOUBLE_TO_LONG -> {
        Float8Vector x = (Float8Vector) a;
        Writers.LongSetter set = Writers.longs(out);
        for (int k = 0; k < count; k++) {
          if (!a.isNull(k)) {
            set.set(k, (long) x.get(k));
          }
        }
      }
      case DECIMAL_TO_LONG -> {
        DecimalVector x = (DecimalVector) a;
        Writers.LongSetter set = Writers.longs(out);
        for (int k = 0; k < count; k++) {
          if (!a.isNull(k)) {
            set.set(k, x.getObject(k).setScale(0, RoundingMode.DOWN).longValueExact());
          }
        }
      }
      case TO_DOUBLE -> {
        Readers.DoubleGetter x = Readers.doubles(a);
        for (int k = 0; k < count; k++) {
          if (!a.isNull(k)) {
            ((Float8Vector) out).set(k, x.get(k));
          }
        }
      }
      case EXACT_TO_DECIMAL -> {
        Readers.DecimalGetter x = Readers.decimals(a);
        for (int k = 0; k < count; k++) {
          if (!a.isNull(k)) {
            Writers.setDecimal((DecimalVector) out, k, x.get(k));
          }
        }
      }
      case LONG_TO_TEXT, DOUBLE_TO_TEXT, DECIMAL_TO_TEXT -> toText(a, (BaseVariableWidthVector) out, count);
      default -> throw new AssertionError(conversion);
    }
  }

  private void toText(FieldVector a, BaseVariableWidthVector out, int count) {
    Readers.LongGetter longs = conversion == Conversion.LONG_TO_TEXT ? Readers.longs(a) : null;
    for (int k = 0; k < count; k++) {
      if (a.isNull(k)) {
        continue;
      }
      String s = switch (conversion) {
        case LONG_TO_TEXT -> Long.toString(longs.get(k));
        case DOUBLE_TO_TEXT -> SqliteText.ofDouble(((Float8Vector) a).get(k));
        case DECIMAL_TO_TEXT -> ((DecimalVector) a).getObject(k).toPlainString();
        default -> throw new AssertionError(conversion);
      };
      if (s != null) {
        if (s.length() > maxLength) {
          s = s.substring(0, maxLength); // numbers render in ASCII: characters are bytes
        }
        out.setSafe(k, s.getBytes(StandardCharsets.UTF_8));
      }
    }
  }
}
