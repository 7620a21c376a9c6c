package io.sqlotel.coordinator.columnar;

import static java.util.Objects.requireNonNull;

import io.sqlotel.coordinator.arrow.ArrowTypes;
import io.sqlotel.planner.sql.TimeLiterals;
import io.sqlotel.planner.type.SqlotelTypeSystem;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.Sarg;

/**
 * Turns a {@link RexNode} into a tree of {@link VectorExpression} nodes over batches of one input schema. Anything
 * not covered throws {@link UnsupportedOperationException} with the reason, so the caller can fall back.
 */
final class ExpressionCompiler {
  private final Schema input;

  /** A compiler for expressions over batches of {@code input}. */
  ExpressionCompiler(Schema input) {
    this.input = requireNonNull(input, "input is null");
  }

  /**
   * Compiles {@code e}.
   *
   * @throws UnsupportedOperationException if {@code e} (or a sub-expression) is not covered
   */
  VectorExpression compile(RexNode e) {
    requireNonNull(e, "expression is null");
    if (e instanceof RexInputRef ref && io.sqlotel.planner.capability.SqliteCapabilities.isStringMap(ref.getType())) {
      return inputRef(ref); // an attribute map passes through (copied or shared), never computed on
    }
    checkType(e.getType(), e);
    if (e instanceof RexInputRef ref) {
      return inputRef(ref);
    } else if (e instanceof RexLiteral lit) {
      return literal(lit);
    } else if (e instanceof RexCall call) {
      return call(call);
    }
    throw unsupported("expression", e);
  }

  private VectorExpression inputRef(RexInputRef ref) {
    List<Field> fields = input.getFields();
    if (ref.getIndex() >= fields.size()) {
      throw new IllegalArgumentException(ref + " is out of range for " + input);
    }
    ArrowType actual = fields.get(ref.getIndex()).getType();
    ArrowType expected = ArrowTypes.arrowType(ref.getType());
    if (!actual.equals(expected)) {
      throw new UnsupportedOperationException("input column " + ref.getIndex() + " is " + actual + ", but " + ref
          + " has SQL type " + ref.getType());
    }
    return new InputRefExpr(ref.getIndex(), ref.getType());
  }

  private VectorExpression literal(RexLiteral lit) {
    RelDataType type = lit.getType();
    if (lit.isNull()) {
      return new LiteralExpr(type, null);
    }
    Object value = switch (type.getSqlTypeName()) {
      case BIGINT, INTEGER -> lit.getValueAs(Long.class);
      case DOUBLE -> lit.getValueAs(Double.class);
      case DECIMAL -> lit.getValueAs(BigDecimal.class);
      case CHAR, VARCHAR -> lit.getValueAs(String.class).getBytes(StandardCharsets.UTF_8);
      case BOOLEAN -> lit.getValueAs(Boolean.class);
      case BINARY, VARBINARY -> lit.getValueAs(ByteString.class).getBytes();
      case TIMESTAMP -> timestamp(lit);
      default -> throw unsupported("literal", lit);
    };
    return new LiteralExpr(type, value);
  }

  private static Long timestamp(RexLiteral lit) {
    try {
      return TimeLiterals.toNanos(lit);
    } catch (ArithmeticException e) {
      throw new UnsupportedOperationException("timestamp literal out of the nanosecond range: " + lit, e);
    }
  }

  private VectorExpression call(RexCall call) {
    RelDataType type = call.getType();
    List<RexNode> ops = call.getOperands();
    switch (call.getKind()) {
      case PLUS, MINUS, TIMES, DIVIDE, MOD -> {
        return arithmetic(call);
      }
      case MINUS_PREFIX -> {
        VectorExpression operand = compile(ops.get(0));
        return new NegateExpr(arithmeticDomain(type, List.of(ops.get(0).getType()), call), operand, type);
      }
      case PLUS_PREFIX -> {
        return coerce(compile(ops.get(0)), type);
      }
      case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL,
          IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM -> {
        return comparison(call);
      }
      case AND, OR -> {
        List<VectorExpression> operands = new ArrayList<>();
        for (RexNode op : ops) {
          operands.add(compileBoolean(op));
        }
        return new LogicalExpr(call.getKind() == SqlKind.AND, operands, type);
      }
      case NOT -> {
        return new NotExpr(compileBoolean(ops.get(0)), type);
      }
      case IS_NULL, IS_NOT_NULL -> {
        NullTestExpr.Test test = call.getKind() == SqlKind.IS_NULL
            ? NullTestExpr.Test.IS_NULL : NullTestExpr.Test.IS_NOT_NULL;
        return new NullTestExpr(test, compile(ops.get(0)), type);
      }
      case IS_TRUE, IS_NOT_TRUE, IS_FALSE, IS_NOT_FALSE -> {
        NullTestExpr.Test test = NullTestExpr.Test.valueOf(call.getKind().name());
        return new NullTestExpr(test, compileBoolean(ops.get(0)), type);
      }
      case CASE -> {
        return caseWhen(call);
      }
      case COALESCE -> {
        List<VectorExpression> operands = new ArrayList<>();
        for (RexNode op : ops) {
          operands.add(coerce(compile(op), type));
        }
        return new CoalesceExpr(operands, type);
      }
      case CAST -> {
        return Casts.cast(compile(ops.get(0)), type);
      }
      case SEARCH -> {
        return search(call);
      }
      default -> throw unsupported("operator", call);
    }
  }

  private VectorExpression compileBoolean(RexNode e) {
    if (e.getType().getSqlTypeName() != SqlTypeName.BOOLEAN) {
      throw new UnsupportedOperationException("expected a BOOLEAN operand: " + e);
    }
    return compile(e);
  }

  private VectorExpression arithmetic(RexCall call) {
    List<RexNode> ops = call.getOperands();
    if (ops.size() != 2) {
      throw unsupported("arithmetic arity", call);
    }
    ArithmeticExpr.Op op = switch (call.getKind()) {
      case PLUS -> ArithmeticExpr.Op.PLUS;
      case MINUS -> ArithmeticExpr.Op.MINUS;
      case TIMES -> ArithmeticExpr.Op.TIMES;
      case DIVIDE -> ArithmeticExpr.Op.DIVIDE;
      case MOD -> ArithmeticExpr.Op.MOD;
      default -> throw new AssertionError(call.getKind());
    };
    ArithmeticExpr.Domain domain = arithmeticDomain(call.getType(),
        List.of(ops.get(0).getType(), ops.get(1).getType()), call);
    boolean longOnly = op == ArithmeticExpr.Op.MOD;
    boolean noDecimal = op == ArithmeticExpr.Op.DIVIDE || op == ArithmeticExpr.Op.MOD;
    if ((longOnly && domain != ArithmeticExpr.Domain.LONG) || (noDecimal && domain == ArithmeticExpr.Domain.DECIMAL)) {
      throw unsupported("arithmetic on " + call.getType(), call);
    }
    return new ArithmeticExpr(op, domain, compile(ops.get(0)), compile(ops.get(1)), call.getType());
  }

  /** The arithmetic a result type implies, if every operand can be read in it. */
  private static ArithmeticExpr.Domain arithmeticDomain(RelDataType result, List<RelDataType> operands, RexNode e) {
    SqlTypeName t = result.getSqlTypeName();
    ArithmeticExpr.Domain domain;
    if (SqlTypes.isExactInteger(t)) {
      domain = ArithmeticExpr.Domain.LONG;
    } else if (t == SqlTypeName.DOUBLE) {
      domain = ArithmeticExpr.Domain.DOUBLE;
    } else if (t == SqlTypeName.DECIMAL) {
      domain = ArithmeticExpr.Domain.DECIMAL;
    } else {
      throw unsupported("arithmetic result type " + result, e);
    }
    for (RelDataType o : operands) {
      SqlTypeName s = o.getSqlTypeName();
      boolean ok = switch (domain) {
        case LONG -> SqlTypes.isExactInteger(s);
        case DOUBLE -> SqlTypes.isNumeric(s);
        case DECIMAL -> SqlTypes.isExactInteger(s) || s == SqlTypeName.DECIMAL;
      };
      if (!ok) {
        throw unsupported("arithmetic operand type " + o, e);
      }
    }
    return domain;
  }

  private VectorExpression comparison(RexCall call) {
    ComparisonExpr.Op op = switch (call.getKind()) {
      case EQUALS -> ComparisonExpr.Op.EQ;
      case NOT_EQUALS -> ComparisonExpr.Op.NE;
      case LESS_THAN -> ComparisonExpr.Op.LT;
      case LESS_THAN_OR_EQUAL -> ComparisonExpr.Op.LE;
      case GREATER_THAN -> ComparisonExpr.Op.GT;
      case GREATER_THAN_OR_EQUAL -> ComparisonExpr.Op.GE;
      case IS_DISTINCT_FROM -> ComparisonExpr.Op.DISTINCT;
      case IS_NOT_DISTINCT_FROM -> ComparisonExpr.Op.NOT_DISTINCT;
      default -> throw new AssertionError(call.getKind());
    };
    RexNode a = call.getOperands().get(0);
    RexNode b = call.getOperands().get(1);
    ComparisonExpr.Domain domain = comparisonDomain(a.getType().getSqlTypeName(), b.getType().getSqlTypeName(), call);
    return new ComparisonExpr(op, domain, compile(a), compile(b), call.getType());
  }

  private static ComparisonExpr.Domain comparisonDomain(SqlTypeName a, SqlTypeName b, RexNode e) {
    boolean sameLongLike = a == b && (a == SqlTypeName.TIMESTAMP || a == SqlTypeName.BOOLEAN);
    if ((SqlTypes.isExactInteger(a) && SqlTypes.isExactInteger(b)) || sameLongLike) {
      return ComparisonExpr.Domain.LONG;
    } else if (SqlTypes.isNumeric(a) && SqlTypes.isNumeric(b)) {
      return a == SqlTypeName.DOUBLE || b == SqlTypeName.DOUBLE
          ? ComparisonExpr.Domain.DOUBLE : ComparisonExpr.Domain.DECIMAL;
    } else if ((SqlTypes.isText(a) && SqlTypes.isText(b)) || (SqlTypes.isBinary(a) && SqlTypes.isBinary(b))) {
      return ComparisonExpr.Domain.BYTES;
    }
    throw unsupported("comparison of " + a + " with " + b, e);
  }

  private VectorExpression caseWhen(RexCall call) {
    List<RexNode> ops = call.getOperands();
    if (ops.size() % 2 != 1) {
      throw unsupported("CASE without ELSE", call);
    }
    List<VectorExpression> conditions = new ArrayList<>();
    List<VectorExpression> values = new ArrayList<>();
    for (int i = 0; i + 1 < ops.size(); i += 2) {
      conditions.add(compileBoolean(ops.get(i)));
      values.add(coerce(compile(ops.get(i + 1)), call.getType()));
    }
    VectorExpression otherwise = coerce(compile(ops.get(ops.size() - 1)), call.getType());
    return new CaseExpr(conditions, values, otherwise, call.getType());
  }

  /** {@code e} converted to {@code type}'s Arrow type, if it differs (an implicit cast). */
  private VectorExpression coerce(VectorExpression e, RelDataType type) {
    if (e.arrowType().equals(ArrowTypes.arrowType(type))) {
      return e;
    }
    return Casts.cast(e, type);
  }

  private VectorExpression search(RexCall call) {
    RexNode arg = call.getOperands().get(0);
    Sarg<?> sarg = ((RexLiteral) call.getOperands().get(1)).getValueAs(Sarg.class);
    InListExpr.Points points = null;
    boolean negated = false;
    if (sarg != null && sarg.isPoints()) {
      points = SargPoints.of(arg.getType(), sarg.rangeSet.asRanges());
    } else if (sarg != null && sarg.isComplementedPoints()) {
      points = SargPoints.of(arg.getType(), sarg.rangeSet.complement().asRanges());
      negated = true;
    }
    if (points == null) { // ranges, or points of a type without a point set: AND/OR of comparisons
      RexBuilder rexBuilder = new RexBuilder(new JavaTypeFactoryImpl(SqlotelTypeSystem.INSTANCE));
      return compile(RexUtil.expandSearch(rexBuilder, null, call));
    }
    Boolean nullResult = switch (sarg.nullAs) {
      case TRUE -> Boolean.TRUE;
      case FALSE -> Boolean.FALSE;
      case UNKNOWN -> null;
    };
    return new InListExpr(compile(arg), points, negated, nullResult, call.getType());
  }

  /**
   * Rejects result types the vectors don't cover.
   *
   * @throws UnsupportedOperationException for anything but BIGINT, INTEGER, DOUBLE, DECIMAL, CHAR, VARCHAR, BOOLEAN,
   *     TIMESTAMP, BINARY, VARBINARY (a MAP column is accepted as a plain input reference only)
   */
  private static void checkType(RelDataType type, RexNode e) {
    switch (type.getSqlTypeName()) {
      case BIGINT, INTEGER, DOUBLE, DECIMAL, CHAR, VARCHAR, BOOLEAN, TIMESTAMP, BINARY, VARBINARY -> { }
      default -> throw unsupported("type " + type, e);
    }
  }

  static UnsupportedOperationException unsupported(String what, RexNode e) {
    return new UnsupportedOperationException("no columnar evaluation for " + what + (e == null ? "" : ": " + e));
  }
}
