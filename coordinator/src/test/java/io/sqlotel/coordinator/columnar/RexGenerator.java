package io.sqlotel.coordinator.columnar;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlCollation;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.TimestampString;

/**
 * Random RexNode trees over the test schema (a BIGINT, b INTEGER, c DOUBLE, s VARCHAR, t TIMESTAMP, f BOOLEAN,
 * m DECIMAL(12,2)), limited to what the columnar expressions cover and with small values (overflow stays rare).
 */
final class RexGenerator {
  enum Category { NUMBER, BOOL, TEXT, TIME }

  private final RexBuilder rex;
  private final RelDataTypeFactory types;
  private final Random rnd;
  private final List<RelDataType> columns;

  RexGenerator(RexBuilder rex, Random rnd) {
    this.rex = rex;
    this.types = rex.getTypeFactory();
    this.rnd = rnd;
    this.columns = List.of(nullable(SqlTypeName.BIGINT), nullable(SqlTypeName.INTEGER),
        nullable(SqlTypeName.DOUBLE), types.createTypeWithNullability(varchar(), true), nullable(SqlTypeName.TIMESTAMP),
        nullable(SqlTypeName.BOOLEAN), types.createTypeWithNullability(types.createSqlType(SqlTypeName.DECIMAL, 12, 2),
            true));
  }

  /** VARCHAR in UTF-8 (Calcite's default character set, ISO-8859-1, cannot hold most test strings). */
  RelDataType varchar() {
    return types.createTypeWithCharsetAndCollation(types.createSqlType(SqlTypeName.VARCHAR), StandardCharsets.UTF_8,
        SqlCollation.IMPLICIT);
  }

  /** A UTF-8 character literal. */
  RexNode text(String s) {
    return rex.makeCharLiteral(new NlsString(s, "UTF-8", SqlCollation.IMPLICIT));
  }

  RelDataType nullable(SqlTypeName t) {
    return types.createTypeWithNullability(types.createSqlType(t), true);
  }

  RelDataType column(int i) {
    return columns.get(i);
  }

  RexNode ref(int i) {
    return rex.makeInputRef(columns.get(i), i);
  }

  RexNode gen(Category c, int depth) {
    if (depth <= 0 || rnd.nextInt(4) == 0) {
      return leaf(c);
    }
    return switch (c) {
      case NUMBER -> number(depth);
      case BOOL -> bool(depth);
      case TEXT -> text(depth);
      case TIME -> choice(depth, Category.TIME);
    };
  }

  private RexNode leaf(Category c) {
    boolean lit = rnd.nextInt(3) == 0;
    return switch (c) {
      case NUMBER -> lit ? numberLiteral() : ref(new int[] {0, 1, 2, 6}[rnd.nextInt(4)]);
      case BOOL -> lit ? (rnd.nextInt(5) == 0 ? rex.makeNullLiteral(column(5)) : rex.makeLiteral(rnd.nextBoolean()))
          : ref(5);
      case TEXT -> lit ? (rnd.nextInt(6) == 0 ? rex.makeNullLiteral(column(3))
          : text(Rows.TEXTS[rnd.nextInt(Rows.TEXTS.length)])) : ref(3);
      case TIME -> lit ? rex.makeTimestampLiteral(new TimestampString(2023, 11, 14, 22, 13, 20 + rnd.nextInt(4)), 3)
          : ref(4);
    };
  }

  RexNode numberLiteral() {
    return switch (rnd.nextInt(5)) {
      case 0 -> rex.makeExactLiteral(BigDecimal.valueOf(rnd.nextInt(21) - 10));
      case 1 -> rex.makeBigintLiteral(BigDecimal.valueOf(rnd.nextInt(21) - 10));
      case 2 -> rex.makeApproxLiteral(BigDecimal.valueOf(rnd.nextInt(41) - 20, 1));
      case 3 -> rex.makeExactLiteral(BigDecimal.valueOf(rnd.nextInt(41) - 20, 1)); // DECIMAL(p,1)
      default -> rex.makeNullLiteral(column(rnd.nextInt(2)));
    };
  }

  private RexNode number(int depth) {
    switch (rnd.nextInt(6)) {
      case 0, 1 -> {
        SqlOperator[] ops = {SqlStdOperatorTable.PLUS, SqlStdOperatorTable.MINUS, SqlStdOperatorTable.MULTIPLY,
            SqlStdOperatorTable.DIVIDE, SqlStdOperatorTable.MOD};
        SqlOperator op = ops[rnd.nextInt(ops.length)];
        RexNode a = gen(Category.NUMBER, depth - 1);
        RexNode b = gen(Category.NUMBER, depth - 1);
        RexNode call = rex.makeCall(op, a, b);
        SqlTypeName t = call.getType().getSqlTypeName();
        boolean exact = isInt(a) && isInt(b);
        boolean decimalDivide = op == SqlStdOperatorTable.DIVIDE && t == SqlTypeName.DECIMAL;
        if ((op == SqlStdOperatorTable.MOD && !exact) || decimalDivide) {
          return rex.makeCall(SqlStdOperatorTable.PLUS, a, b);
        }
        return call;
      }
      case 2 -> {
        return rex.makeCall(SqlStdOperatorTable.UNARY_MINUS, gen(Category.NUMBER, depth - 1));
      }
      case 3 -> {
        RexNode a = gen(Category.NUMBER, depth - 1);
        SqlTypeName[] targets = {SqlTypeName.BIGINT, SqlTypeName.INTEGER, SqlTypeName.DOUBLE, SqlTypeName.DECIMAL};
        SqlTypeName t = targets[rnd.nextInt(targets.length)];
        if (t == SqlTypeName.DECIMAL && a.getType().getSqlTypeName() == SqlTypeName.DOUBLE) {
          t = SqlTypeName.DOUBLE;
        }
        RelDataType to = t == SqlTypeName.DECIMAL ? types.createSqlType(t, 18, 3) : types.createSqlType(t);
        return rex.makeCast(types.createTypeWithNullability(to, a.getType().isNullable()), a);
      }
      default -> {
        return choice(depth, Category.NUMBER);
      }
    }
  }

  private static boolean isInt(RexNode n) {
    SqlTypeName t = n.getType().getSqlTypeName();
    return t == SqlTypeName.BIGINT || t == SqlTypeName.INTEGER;
  }

  private RexNode choice(int depth, Category c) {
    if (rnd.nextBoolean()) {
      List<RexNode> ops = new ArrayList<>();
      int whens = 1 + rnd.nextInt(2);
      for (int i = 0; i < whens; i++) {
        ops.add(gen(Category.BOOL, depth - 1));
        ops.add(gen(c, depth - 1));
      }
      ops.add(gen(c, depth - 1));
      return rex.makeCall(SqlStdOperatorTable.CASE, ops);
    }
    return rex.makeCall(SqlStdOperatorTable.COALESCE, gen(c, depth - 1), gen(c, depth - 1));
  }

  private RexNode bool(int depth) {
    switch (rnd.nextInt(8)) {
      case 0, 1 -> {
        SqlOperator[] ops = {SqlStdOperatorTable.EQUALS, SqlStdOperatorTable.NOT_EQUALS, SqlStdOperatorTable.LESS_THAN,
            SqlStdOperatorTable.LESS_THAN_OR_EQUAL, SqlStdOperatorTable.GREATER_THAN,
            SqlStdOperatorTable.GREATER_THAN_OR_EQUAL, SqlStdOperatorTable.IS_DISTINCT_FROM,
            SqlStdOperatorTable.IS_NOT_DISTINCT_FROM};
        Category[] cs = {Category.NUMBER, Category.NUMBER, Category.TEXT, Category.TIME, Category.BOOL};
        Category c = cs[rnd.nextInt(cs.length)];
        return rex.makeCall(ops[rnd.nextInt(ops.length)], gen(c, depth - 1), gen(c, depth - 1));
      }
      case 2 -> {
        List<RexNode> ops = new ArrayList<>();
        for (int i = 0; i < 2 + rnd.nextInt(2); i++) {
          ops.add(gen(Category.BOOL, depth - 1));
        }
        return rex.makeCall(rnd.nextBoolean() ? SqlStdOperatorTable.AND : SqlStdOperatorTable.OR, ops);
      }
      case 3 -> {
        return rex.makeCall(SqlStdOperatorTable.NOT, gen(Category.BOOL, depth - 1));
      }
      case 4 -> {
        SqlOperator[] ops = {SqlStdOperatorTable.IS_NULL, SqlStdOperatorTable.IS_NOT_NULL};
        Category c = Category.values()[rnd.nextInt(4)];
        if (rnd.nextBoolean()) {
          SqlOperator[] bops = {SqlStdOperatorTable.IS_TRUE, SqlStdOperatorTable.IS_NOT_TRUE,
              SqlStdOperatorTable.IS_FALSE, SqlStdOperatorTable.IS_NOT_FALSE};
          return rex.makeCall(bops[rnd.nextInt(4)], gen(Category.BOOL, depth - 1));
        }
        return rex.makeCall(ops[rnd.nextInt(2)], gen(c, depth - 1));
      }
      case 5 -> {
        return search();
      }
      default -> {
        return choice(depth, Category.BOOL);
      }
    }
  }

  /** IN lists and BETWEEN ranges (Calcite turns both into SEARCH). */
  RexNode search() {
    int col = new int[] {0, 1, 2, 3, 4, 6}[rnd.nextInt(6)];
    RexNode arg = ref(col);
    List<RexNode> values = new ArrayList<>();
    int n = 1 + rnd.nextInt(4);
    for (int i = 0; i < n; i++) {
      values.add(switch (col) {
        case 0, 1 -> rex.makeExactLiteral(BigDecimal.valueOf(rnd.nextInt(21) - 10));
        case 2 -> rex.makeApproxLiteral(BigDecimal.valueOf(rnd.nextInt(41) - 20, 2));
        case 3 -> text(Rows.TEXTS[rnd.nextInt(Rows.TEXTS.length)]);
        case 4 -> rex.makeTimestampLiteral(new TimestampString(2023, 11, 14, 22, 13, 20 + rnd.nextInt(4)), 3);
        default -> rex.makeExactLiteral(BigDecimal.valueOf(rnd.nextInt(41) - 20, 1));
      });
    }
    RexNode s;
    if (rnd.nextBoolean() || values.size() < 2) {
      s = rex.makeIn(arg, values);
    } else {
      RexLiteral lo = (RexLiteral) values.get(0);
      RexLiteral hi = (RexLiteral) values.get(1);
      boolean swap = compareLiterals(lo, hi) > 0;
      s = rex.makeBetween(arg, swap ? hi : lo, swap ? lo : hi);
    }
    return rnd.nextInt(3) == 0 ? rex.makeCall(SqlStdOperatorTable.NOT, s) : s;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareLiterals(RexLiteral a, RexLiteral b) {
    Comparable x = a.getValue();
    return x.compareTo(b.getValue());
  }

  private RexNode text(int depth) {
    if (rnd.nextInt(3) == 0) {
      RexNode n = gen(Category.NUMBER, depth - 1);
      if (n.getType().getSqlTypeName() != SqlTypeName.DOUBLE) { // DOUBLE text has its own test (SQLite format)
        return rex.makeCast(types.createTypeWithNullability(varchar(), n.getType().isNullable()), n);
      }
    }
    return choice(depth, Category.TEXT);
  }
}
