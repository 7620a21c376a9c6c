package io.sqlotel.coordinator.columnar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import com.google.common.collect.TreeRangeSet;
import io.sqlotel.coordinator.arrow.ArrowTypes;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUnknownAs;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.Sarg;
import org.junit.jupiter.api.Test;

class VectorExpressionTest {
  static final RexBuilder REX = new RexBuilder(new JavaTypeFactoryImpl());
  static final RelDataTypeFactory TYPES = REX.getTypeFactory();
  static final Schema SCHEMA = Rows.schema(Rows.field("a", Rows.BIGINT), Rows.field("b", Rows.INT),
      Rows.field("c", Rows.DOUBLE), Rows.field("s", Rows.TEXT), Rows.field("t", Rows.TIMESTAMP),
      Rows.field("f", Rows.BOOL), Rows.field("m", Rows.DECIMAL));
  /** NULL and non-NULL results seen by the random test (to keep the generator from degenerating). */
  static final long[] VALUES = new long[2];
  static final RexReference REFERENCE = new RexReference(REX);
  static final long T0 = 1_700_000_000_000_000_000L; // 2023-11-14 22:13:20 UTC

  /** Small values so that random arithmetic rarely overflows; NULLs in every column. */
  static List<Object[]> rows(Random rnd, int n) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(new Object[] {
          nullOr(rnd, (long) rnd.nextInt(21) - 10), nullOr(rnd, rnd.nextInt(21) - 10),
          nullOr(rnd, (rnd.nextInt(41) - 20) / 4.0), nullOr(rnd, Rows.TEXTS[rnd.nextInt(Rows.TEXTS.length)]),
          nullOr(rnd, T0 + rnd.nextInt(4) * 1_000_000_000L + (rnd.nextInt(5) == 0 ? 1 : 0)),
          nullOr(rnd, rnd.nextBoolean()), nullOr(rnd, BigDecimal.valueOf(rnd.nextInt(81) - 40, 2).setScale(2))});
    }
    return rows;
  }

  private static Object nullOr(Random rnd, Object v) {
    return rnd.nextInt(7) == 0 ? null : v;
  }

  /** Integer → Long, decimals by value: the reference's representation. */
  static Object normalize(Object v) {
    if (v instanceof Integer i) {
      return (long) i;
    } else if (v instanceof BigDecimal d) {
      return d.stripTrailingZeros().toPlainString();
    }
    return v;
  }

  /** Evaluates {@code e} on the selection {@code sel} (null: all rows) and checks it against the reference. */
  static void check(RexNode e, VectorSchemaRoot batch, List<Object[]> rows, int[] sel, RootAllocator a) {
    VectorExpression x = VectorExpression.compile(e, SCHEMA);
    assertEquals(ArrowTypes.arrowType(e.getType()), x.arrowType(), e.toString());
    int count = sel == null ? rows.size() : sel.length;
    List<Object> expected = new ArrayList<>();
    boolean fails = false;
    RexReference ref = REFERENCE;
    for (int k = 0; k < count && !fails; k++) {
      try {
        expected.add(normalize(ref.eval(e, rows.get(sel == null ? k : sel[k]))));
      } catch (ArithmeticException ex) {
        fails = true;
      }
    }
    if (!fails) {
      expected.forEach(o -> VALUES[o == null ? 0 : 1]++);
    }
    if (fails) {
      assertThrows(ArithmeticException.class, () -> x.evaluate(batch, sel, count, a).close(), e.toString());
      return;
    }
    try (FieldVector v = x.evaluate(batch, sel, count, a)) {
      assertEquals(count, v.getValueCount());
      List<Object> actual = new ArrayList<>();
      for (int k = 0; k < count; k++) {
        actual.add(normalize(Rows.get(v, k)));
      }
      for (int k = 0; k < count; k++) {
        if (!java.util.Objects.equals(expected.get(k), actual.get(k))) {
          fail(e + " on row " + Arrays.toString(rows.get(sel == null ? k : sel[k])) + ": expected "
              + expected.get(k) + " got " + actual.get(k));
        }
      }
    }
  }

  @Test
  void randomExpressionsMatchTheReference() {
    Random rnd = new Random(99);
    RexGenerator gen = new RexGenerator(REX, rnd);
    try (RootAllocator a = new RootAllocator()) {
      List<Object[]> rows = rows(rnd, 3000);
      try (VectorSchemaRoot batch = Rows.batch(SCHEMA, rows, a)) {
        for (int i = 0; i < 1000; i++) {
          RexGenerator.Category c = RexGenerator.Category.values()[i % 4];
          RexNode e = gen.gen(c, 1 + rnd.nextInt(4));
          int[] sel = null;
          if (rnd.nextBoolean()) {
            sel = rnd.ints(rnd.nextInt(200), 0, rows.size()).toArray(); // repeats and any order allowed
          }
          check(e, batch, rows, sel, a);
        }
      }
      assertEquals(0, a.getAllocatedMemory());
    }
    assertTrue(VALUES[1] > 3 * VALUES[0], "mostly non-NULL results: " + Arrays.toString(VALUES));
  }

  private static final RexGenerator GEN = new RexGenerator(REX, new Random(0));

  private static RexNode ref(int i) {
    return GEN.ref(i);
  }

  private static RexNode lit(long v) {
    return REX.makeBigintLiteral(BigDecimal.valueOf(v));
  }

  private static List<Object> eval(RexNode e, List<Object[]> rows) {
    try (RootAllocator a = new RootAllocator(); VectorSchemaRoot batch = Rows.batch(SCHEMA, rows, a);
        FieldVector v = VectorExpression.compile(e, SCHEMA).evaluate(batch, a)) {
      List<Object> out = new ArrayList<>();
      for (int k = 0; k < rows.size(); k++) {
        out.add(Rows.get(v, k));
      }
      return out;
    }
  }

  private static List<Object[]> rowList(Object[]... rows) {
    return Arrays.asList(rows);
  }

  private static Object[] row(Object... v) {
    Object[] r = new Object[7];
    System.arraycopy(v, 0, r, 0, v.length);
    return r;
  }

  @Test
  void integerDivisionTruncatesAndDivisionByZeroIsNull() {
    List<Object[]> rows = rowList(row(-7L, 2), row(7L, -2), row(7L, 0), row(Long.MIN_VALUE, 3), row(5L, null));
    RexNode div = REX.makeCall(SqlStdOperatorTable.DIVIDE, ref(0), REX.makeCast(TYPES.createSqlType(
        SqlTypeName.BIGINT), ref(1)));
    assertEquals(Arrays.asList(-3L, -3L, null, Long.MIN_VALUE / 3, null), eval(div, rows));
    RexNode mod = REX.makeCall(SqlStdOperatorTable.MOD, ref(0), ref(1));
    assertEquals(Arrays.asList(-1, 1, null, (int) (Long.MIN_VALUE % 3), null), eval(mod, rows));
    RexNode ddiv = REX.makeCall(SqlStdOperatorTable.DIVIDE, REX.makeCast(TYPES.createSqlType(SqlTypeName.DOUBLE),
        ref(0)), ref(1));
    assertEquals(Arrays.asList(-3.5, -3.5, null, Long.MIN_VALUE / 3.0, null), eval(ddiv, rows));
  }

  @Test
  void overflowThrows() {
    List<Object[]> rows = rowList(row(Long.MAX_VALUE, 1));
    RexNode plus = REX.makeCall(SqlStdOperatorTable.PLUS, ref(0), lit(1));
    assertThrows(ArithmeticException.class, () -> eval(plus, rows));
    RexNode div = REX.makeCall(SqlStdOperatorTable.DIVIDE, REX.makeCall(SqlStdOperatorTable.MINUS,
        REX.makeCall(SqlStdOperatorTable.UNARY_MINUS, ref(0)), lit(1)), lit(-1));
    assertThrows(ArithmeticException.class, () -> eval(div, rows));
    // a CASE only evaluates its value where its condition holds: no overflow on the guarded rows
    RexNode guarded = REX.makeCall(SqlStdOperatorTable.CASE, REX.makeCall(SqlStdOperatorTable.LESS_THAN, ref(0),
        lit(100)), plus, lit(0));
    assertEquals(Arrays.asList(0L, 11L), eval(guarded, rowList(row(Long.MAX_VALUE), row(10L))));
    RexNode and = REX.makeCall(SqlStdOperatorTable.AND, REX.makeCall(SqlStdOperatorTable.LESS_THAN, ref(0),
        lit(100)), REX.makeCall(SqlStdOperatorTable.GREATER_THAN, plus, lit(0)));
    assertEquals(Arrays.asList(false, true), eval(and, rowList(row(Long.MAX_VALUE), row(10L))));
  }

  @Test
  void castsFollowSqlite() {
    RelDataType varchar = GEN.varchar();
    double[] ds = {1.0, 0.1, 1.0 / 3, 1e20, 1e15, 1e14, 123456789012345678.0, 1e-5, 0.0001, -0.0, 2.5e-300,
        Double.POSITIVE_INFINITY, 0.30000000000000004, 100.0, 1.5e15, 123456.789, 4.35, 1e16, -2.5, -1e-7};
    String[] sqlite = {"1.0", "0.1", "0.333333333333333", "1.0e+20", "1.0e+15", "100000000000000.0",
        "1.23456789012346e+17", "1.0e-05", "0.0001", "0.0", "2.5e-300", "Inf", "0.3", "100.0", "1.5e+15",
        "123456.789", "4.35", "1.0e+16", "-2.5", "-1.0e-07"};
    List<Object[]> rows = new ArrayList<>();
    for (double d : ds) {
      rows.add(row(null, null, d));
    }
    assertEquals(Arrays.asList((Object[]) sqlite), eval(REX.makeCast(varchar, ref(2)), rows));
    List<Object[]> big = rowList(row(null, null, 9.5), row(null, null, -9.5), row(null, null, 1e30),
        row(null, null, -1e30), row(null, null, null));
    assertEquals(Arrays.asList(9L, -9L, Long.MAX_VALUE, Long.MIN_VALUE, null),
        eval(REX.makeCast(TYPES.createSqlType(SqlTypeName.BIGINT), ref(2)), big));
    assertEquals(Arrays.asList("-9223372036854775808", "12345"), eval(REX.makeCast(varchar, ref(0)),
        rowList(row(Long.MIN_VALUE), row(12345L))));
    assertEquals(Arrays.asList("123"), eval(REX.makeCast(TYPES.createSqlType(SqlTypeName.VARCHAR, 3), ref(0)),
        rowList(row(12345L))));
    assertThrows(ArithmeticException.class, () -> eval(REX.makeCast(TYPES.createSqlType(SqlTypeName.INTEGER),
        ref(0)), rowList(row(1L << 40))));
    assertEquals(Arrays.asList("-0.25", "3.00"), eval(REX.makeCast(varchar, ref(6)),
        rowList(row(null, null, null, null, null, null, new BigDecimal("-0.25")),
            row(null, null, null, null, null, null, new BigDecimal("3.00")))));
  }

  @Test
  void textComparesAsUtf8BytesAndTimestampsAsNanoseconds() {
    RexNode lt = REX.makeCall(SqlStdOperatorTable.LESS_THAN, ref(3), GEN.text("a"));
    assertEquals(Arrays.asList(true, false, false, true, null, false),
        eval(lt, rowList(row(null, null, null, "Z"), row(null, null, null, "é"), row(null, null, null, "a"),
            row(null, null, null, ""), row(), row(null, null, null, "😀"))));
    RexNode ts = REX.makeCall(SqlStdOperatorTable.GREATER_THAN_OR_EQUAL, ref(4), REX.makeTimestampLiteral(
        new org.apache.calcite.util.TimestampString(2023, 11, 14, 22, 13, 21), 3));
    assertEquals(Arrays.asList(false, true, true), eval(ts, rowList(row(null, null, null, null, T0 + 999_999_999L),
        row(null, null, null, null, T0 + 1_000_000_000L), row(null, null, null, null, T0 + 1_000_000_001L))));
  }

  @Test
  void searchPointsRangesAndComplements() {
    RelDataType bigint = TYPES.createTypeWithNullability(TYPES.createSqlType(SqlTypeName.BIGINT), true);
    TreeRangeSet<BigDecimal> points = TreeRangeSet.create();
    points.add(Range.singleton(BigDecimal.ONE));
    points.add(Range.singleton(BigDecimal.valueOf(3)));
    points.add(Range.singleton(new BigDecimal("2.5"))); // cannot equal an integer
    List<Object[]> rows = rowList(row(1L), row(2L), row(3L), row(), row(Long.MAX_VALUE));
    for (RexUnknownAs nullAs : RexUnknownAs.values()) {
      Sarg<BigDecimal> in = Sarg.of(nullAs, ImmutableRangeSet.copyOf(points));
      Object nullResult = nullAs == RexUnknownAs.UNKNOWN ? null : nullAs == RexUnknownAs.TRUE;
      assertEquals(Arrays.asList(true, false, true, nullResult, false), eval(REX.makeCall(SqlStdOperatorTable.SEARCH,
          ref(0), REX.makeSearchArgumentLiteral(in, bigint)), rows), "IN, nulls as " + nullAs);
      Sarg<BigDecimal> notIn = Sarg.of(nullAs, ImmutableRangeSet.copyOf(points.complement()));
      assertEquals(Arrays.asList(false, true, false, nullResult, true), eval(REX.makeCall(SqlStdOperatorTable.SEARCH,
          ref(0), REX.makeSearchArgumentLiteral(notIn, bigint)), rows), "NOT IN, nulls as " + nullAs);
    }
    RexNode between = REX.makeBetween(ref(0), lit(2), lit(3));
    assertEquals(Arrays.asList(false, true, true, null, false), eval(between, rows));
    RexNode texts = REX.makeIn(ref(3), List.of(GEN.text("a"), GEN.text("日本"), GEN.text("")));
    assertEquals(Arrays.asList(true, false, true, true, null), eval(texts, rowList(row(null, null, null, "a"),
        row(null, null, null, "A"), row(null, null, null, "日本"), row(null, null, null, ""), row())));
  }

  @Test
  void threeValuedLogic() {
    RexNode f = ref(5);
    RexNode not = REX.makeCall(SqlStdOperatorTable.NOT, f);
    RexNode and = REX.makeCall(SqlStdOperatorTable.AND, f, REX.makeNullLiteral(TYPES.createSqlType(
        SqlTypeName.BOOLEAN)));
    RexNode or = REX.makeCall(SqlStdOperatorTable.OR, f, REX.makeNullLiteral(TYPES.createSqlType(
        SqlTypeName.BOOLEAN)));
    List<Object[]> rows = rowList(row(null, null, null, null, null, true), row(null, null, null, null, null, false),
        row());
    assertEquals(Arrays.asList(false, true, null), eval(not, rows));
    assertEquals(Arrays.asList(null, false, null), eval(and, rows));
    assertEquals(Arrays.asList(true, null, null), eval(or, rows));
    assertEquals(Arrays.asList(false, true, true), eval(REX.makeCall(SqlStdOperatorTable.IS_NOT_TRUE, f), rows));
    assertEquals(Arrays.asList(false, false, true), eval(REX.makeCall(SqlStdOperatorTable.IS_NULL, f), rows));
  }

  @Test
  void unsupportedExpressionsSaySo() {
    RelDataType varchar = GEN.varchar();
    List<RexNode> unsupported = List.of(
        REX.makeCall(SqlStdOperatorTable.UPPER, ref(3)),
        REX.makeCast(TYPES.createSqlType(SqlTypeName.BIGINT), ref(3)),
        REX.makeCast(TYPES.createSqlType(SqlTypeName.CHAR, 5), ref(0)),
        REX.makeCast(varchar, ref(5)),
        REX.makeCall(SqlStdOperatorTable.DIVIDE, ref(6), ref(6)),
        REX.makeCall(SqlStdOperatorTable.CHAR_LENGTH, ref(3)),
        REX.makeLiteral(new org.apache.calcite.util.DateString(2020, 1, 1), TYPES.createSqlType(SqlTypeName.DATE)),
        REX.makeDynamicParam(TYPES.createSqlType(SqlTypeName.BIGINT), 0));
    for (RexNode e : unsupported) {
      assertThrows(UnsupportedOperationException.class, () -> VectorExpression.compile(e, SCHEMA), e.toString());
    }
    Schema wrongTypes = Rows.schema(Rows.field("a", Rows.TEXT));
    assertThrows(UnsupportedOperationException.class, () -> VectorExpression.compile(ref(0), wrongTypes));
  }
}
