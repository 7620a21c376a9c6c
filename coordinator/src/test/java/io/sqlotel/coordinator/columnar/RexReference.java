package io.sqlotel.coordinator.columnar;

import io.sqlotel.planner.sql.TimeLiterals;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A row-at-a-time reference interpreter of the RexNodes the columnar expressions cover, written independently for
 * the tests. Values: Long (BIGINT, INTEGER, TIMESTAMP), Double, BigDecimal, String, Boolean, or null. Lazy like SQL
 * engines: AND/OR stop at a decisive operand, CASE and COALESCE evaluate only the branch they need.
 */
final class RexReference {
  private final RexBuilder rexBuilder;
  private final java.util.Map<RexNode, RexNode> expanded = new java.util.IdentityHashMap<>();

  RexReference(RexBuilder rexBuilder) {
    this.rexBuilder = rexBuilder;
  }

  Object eval(RexNode e, Object[] row) {
    if (e instanceof RexInputRef ref) {
      Object v = row[ref.getIndex()];
      return v instanceof Integer i ? (Object) (long) i : v;
    } else if (e instanceof RexLiteral lit) {
      return literal(lit);
    }
    RexCall call = (RexCall) e;
    RelDataType type = call.getType();
    switch (call.getKind()) {
      case PLUS, MINUS, TIMES, DIVIDE, MOD -> {
        Object a = eval(call.getOperands().get(0), row);
        Object b = eval(call.getOperands().get(1), row);
        return a == null || b == null ? null : arithmetic(call, a, b);
      }
      case MINUS_PREFIX -> {
        Object a = eval(call.getOperands().get(0), row);
        if (a == null) {
          return null;
        }
        return switch (type.getSqlTypeName()) {
          case DOUBLE -> -((Number) a).doubleValue();
          case DECIMAL -> fitDecimal(((BigDecimal) a).negate(), type);
          default -> fitInt(Math.negateExact((Long) a), type);
        };
      }
      case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL -> {
        Object a = eval(call.getOperands().get(0), row);
        Object b = eval(call.getOperands().get(1), row);
        if (a == null || b == null) {
          return null;
        }
        int c = compare(a, b);
        return switch (call.getKind()) {
          case EQUALS -> c == 0;
          case NOT_EQUALS -> c != 0;
          case LESS_THAN -> c < 0;
          case LESS_THAN_OR_EQUAL -> c <= 0;
          case GREATER_THAN -> c > 0;
          default -> c >= 0;
        };
      }
      case IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM -> {
        Object a = eval(call.getOperands().get(0), row);
        Object b = eval(call.getOperands().get(1), row);
        boolean same = a == null || b == null ? a == b : compare(a, b) == 0;
        return call.getKind() == org.apache.calcite.sql.SqlKind.IS_DISTINCT_FROM ? !same : same;
      }
      case AND, OR -> {
        boolean and = call.getKind() == org.apache.calcite.sql.SqlKind.AND;
        boolean sawNull = false;
        for (RexNode op : call.getOperands()) {
          Boolean v = (Boolean) eval(op, row);
          if (v == null) {
            sawNull = true;
          } else if (v != and) {
            return v;
          }
        }
        return sawNull ? null : and;
      }
      case NOT -> {
        Boolean v = (Boolean) eval(call.getOperands().get(0), row);
        return v == null ? null : !v;
      }
      case IS_NULL -> {
        return eval(call.getOperands().get(0), row) == null;
      }
      case IS_NOT_NULL -> {
        return eval(call.getOperands().get(0), row) != null;
      }
      case IS_TRUE -> {
        return Boolean.TRUE.equals(eval(call.getOperands().get(0), row));
      }
      case IS_NOT_TRUE -> {
        return !Boolean.TRUE.equals(eval(call.getOperands().get(0), row));
      }
      case IS_FALSE -> {
        return Boolean.FALSE.equals(eval(call.getOperands().get(0), row));
      }
      case IS_NOT_FALSE -> {
        return !Boolean.FALSE.equals(eval(call.getOperands().get(0), row));
      }
      case CASE -> {
        var ops = call.getOperands();
        for (int i = 0; i + 1 < ops.size(); i += 2) {
          if (Boolean.TRUE.equals(eval(ops.get(i), row))) {
            return cast(eval(ops.get(i + 1), row), type);
          }
        }
        return cast(eval(ops.get(ops.size() - 1), row), type);
      }
      case COALESCE -> {
        for (RexNode op : call.getOperands()) {
          Object v = eval(op, row);
          if (v != null) {
            return cast(v, type);
          }
        }
        return null;
      }
      case CAST -> {
        return cast(eval(call.getOperands().get(0), row), type);
      }
      case SEARCH -> {
        return eval(expanded.computeIfAbsent(call, c -> RexUtil.expandSearch(rexBuilder, null, c)), row);
      }
      default -> throw new IllegalArgumentException("reference does not cover " + call);
    }
  }

  private static Object literal(RexLiteral lit) {
    if (lit.isNull()) {
      return null;
    }
    return switch (lit.getType().getSqlTypeName()) {
      case BIGINT, INTEGER -> lit.getValueAs(Long.class);
      case DOUBLE -> lit.getValueAs(Double.class);
      case DECIMAL -> lit.getValueAs(BigDecimal.class);
      case CHAR, VARCHAR -> lit.getValueAs(String.class);
      case BOOLEAN -> lit.getValueAs(Boolean.class);
      case TIMESTAMP -> TimeLiterals.toNanos(lit);
      default -> throw new IllegalArgumentException(lit.toString());
    };
  }

  private static Object arithmetic(RexCall call, Object a, Object b) {
    RelDataType type = call.getType();
    switch (type.getSqlTypeName()) {
      case DOUBLE -> {
        double p = ((Number) a).doubleValue();
        double q = ((Number) b).doubleValue();
        return switch (call.getKind()) {
          case PLUS -> p + q;
          case MINUS -> p - q;
          case TIMES -> p * q;
          default -> q == 0 ? null : (Object) (p / q);
        };
      }
      case DECIMAL -> {
        BigDecimal p = decimal(a);
        BigDecimal q = decimal(b);
        return fitDecimal(switch (call.getKind()) {
          case PLUS -> p.add(q);
          case MINUS -> p.subtract(q);
          default -> p.multiply(q);
        }, type);
      }
      default -> {
        long p = (Long) a;
        long q = (Long) b;
        switch (call.getKind()) {
          case PLUS:
            return fitInt(Math.addExact(p, q), type);
          case MINUS:
            return fitInt(Math.subtractExact(p, q), type);
          case TIMES:
            return fitInt(Math.multiplyExact(p, q), type);
          case DIVIDE:
            if (q == 0) {
              return null;
            }
            if (p == Long.MIN_VALUE && q == -1) {
              throw new ArithmeticException("overflow");
            }
            return fitInt(p / q, type);
          default:
            return q == 0 ? null : fitInt(p % q, type);
        }
      }
    }
  }

  private static BigDecimal decimal(Object v) {
    return v instanceof BigDecimal d ? d : BigDecimal.valueOf((Long) v);
  }

  private static long fitInt(long v, RelDataType type) {
    if (type.getSqlTypeName() == SqlTypeName.INTEGER && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
      throw new ArithmeticException("integer overflow");
    }
    return v;
  }

  private static BigDecimal fitDecimal(BigDecimal v, RelDataType type) {
    BigDecimal s = v.setScale(type.getScale(), RoundingMode.HALF_UP);
    if (s.precision() > type.getPrecision() && s.signum() != 0) {
      throw new ArithmeticException("decimal overflow");
    }
    return s;
  }

  /** Numbers numerically (double if either is a Double), text by UTF-8 bytes, booleans false < true. */
  static int compare(Object a, Object b) {
    if (a instanceof Double || b instanceof Double) {
      return Double.compare(((Number) a).doubleValue() + 0.0, ((Number) b).doubleValue() + 0.0);
    } else if (a instanceof BigDecimal || b instanceof BigDecimal) {
      return decimal(a).compareTo(decimal(b));
    } else if (a instanceof String x) {
      return Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), ((String) b).getBytes(StandardCharsets.UTF_8));
    } else if (a instanceof Boolean x) {
      return Boolean.compare(x, (Boolean) b);
    }
    return Long.compare((Long) a, (Long) b);
  }

  /** A value converted to {@code to}, as CAST does. */
  static Object cast(Object v, RelDataType to) {
    if (v == null) {
      return null;
    }
    switch (to.getSqlTypeName()) {
      case BIGINT, INTEGER -> {
        long x = v instanceof Long l ? l : v instanceof Double d ? (long) d.doubleValue()
            : ((BigDecimal) v).setScale(0, RoundingMode.DOWN).longValueExact();
        return fitInt(x, to);
      }
      case DOUBLE -> {
        return ((Number) v).doubleValue();
      }
      case DECIMAL -> {
        return fitDecimal(decimal(v), to);
      }
      case VARCHAR, CHAR -> {
        String s = v instanceof BigDecimal d ? d.toPlainString() : v.toString();
        int p = to.getPrecision();
        return p != RelDataType.PRECISION_NOT_SPECIFIED && s.length() > p ? s.substring(0, p) : s;
      }
      default -> {
        return v;
      }
    }
  }
}
