package io.sqlotel.coordinator.columnar;

import io.sqlotel.coordinator.arrow.ArrowTypes;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeName;

/** Chooses how a compiled expression is CAST to another SQL type (see {@link CastExpr} for the semantics). */
final class Casts {
  private Casts() {}

  /**
   * {@code CAST(operand AS to)}: the operand itself when only nullability or a non-narrowing length differ.
   *
   * @throws UnsupportedOperationException for conversions not covered (text to numbers, anything to BOOLEAN or
   *     TIMESTAMP, CHAR padding, text truncation to a shorter type, timestamp precision loss)
   */
  static VectorExpression cast(VectorExpression operand, RelDataType to) {
    RelDataType from = operand.type();
    if (operand instanceof LiteralExpr lit && lit.value() == null) {
      return new LiteralExpr(to, null);
    }
    SqlTypeName f = from.getSqlTypeName();
    SqlTypeName t = to.getSqlTypeName();
    if (operand.arrowType().equals(ArrowTypes.arrowType(to))) {
      if (SqlTypes.isText(t) && !keepsAllText(from, to)) {
        throw ExpressionCompiler.unsupported("CAST that may cut or pad text, to " + to, null);
      }
      if (t == SqlTypeName.TIMESTAMP && from.getPrecision() > to.getPrecision()) {
        throw ExpressionCompiler.unsupported("CAST that truncates a timestamp to " + to, null);
      }
      return operand; // same values: only nullability or declared length differ
    }
    CastExpr.Conversion c;
    if (SqlTypes.isExactInteger(t)) {
      c = SqlTypes.isExactInteger(f) ? CastExpr.Conversion.EXACT_TO_LONG
          : f == SqlTypeName.DOUBLE ? CastExpr.Conversion.DOUBLE_TO_LONG
          : f == SqlTypeName.DECIMAL ? CastExpr.Conversion.DECIMAL_TO_LONG : null;
    } else if (t == SqlTypeName.DOUBLE) {
      c = SqlTypes.isNumeric(f) ? CastExpr.Conversion.TO_DOUBLE : null;
    } else if (t == SqlTypeName.DECIMAL) {
      c = SqlTypes.isExactInteger(f) || f == SqlTypeName.DECIMAL ? CastExpr.Conversion.EXACT_TO_DECIMAL : null;
    } else if (t == SqlTypeName.VARCHAR) {
      c = SqlTypes.isExactInteger(f) ? CastExpr.Conversion.LONG_TO_TEXT
          : f == SqlTypeName.DOUBLE ? CastExpr.Conversion.DOUBLE_TO_TEXT
          : f == SqlTypeName.DECIMAL ? CastExpr.Conversion.DECIMAL_TO_TEXT : null;
    } else {
      c = null;
    }
    if (c == null) {
      throw ExpressionCompiler.unsupported("CAST from " + from + " to " + to, null);
    }
    int maxLength = to.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED || !SqlTypes.isText(t)
        ? Integer.MAX_VALUE : to.getPrecision();
    return new CastExpr(c, operand, to, maxLength);
  }

  /** Whether a text CAST keeps every value as is (no truncation to a shorter VARCHAR, no CHAR padding). */
  private static boolean keepsAllText(RelDataType from, RelDataType to) {
    int n = to.getPrecision();
    int m = from.getPrecision();
    if (to.getSqlTypeName() == SqlTypeName.CHAR) {
      return from.getSqlTypeName() == SqlTypeName.CHAR && m == n;
    }
    return n == RelDataType.PRECISION_NOT_SPECIFIED || (m != RelDataType.PRECISION_NOT_SPECIFIED && m <= n);
  }
}
