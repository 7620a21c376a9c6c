package io.sqlotel.coordinator.columnar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sqlotel.coordinator.arrow.ArrowTypes;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.junit.jupiter.api.Test;

class FilterProjectOperatorTest {
  private static final Schema SCHEMA = VectorExpressionTest.SCHEMA;
  private static final RexReference REFERENCE = VectorExpressionTest.REFERENCE;

  private static List<List<Object>> normalized(List<List<Object>> rows) {
    List<List<Object>> out = new ArrayList<>();
    for (List<Object> r : rows) {
      List<Object> n = new ArrayList<>();
      r.forEach(v -> n.add(VectorExpressionTest.normalize(v)));
      out.add(n);
    }
    return out;
  }

  @Test
  void randomFiltersAndProjectionsMatchTheReference() {
    Random rnd = new Random(17);
    RexGenerator gen = new RexGenerator(VectorExpressionTest.REX, rnd);
    for (int round = 0; round < 60; round++) {
      List<Object[]> rows = VectorExpressionTest.rows(rnd, round % 10 == 0 ? rnd.nextInt(2) : 500 + rnd.nextInt(2500));
      RexNode predicate = gen.gen(RexGenerator.Category.BOOL, 1 + rnd.nextInt(3));
      List<RexNode> exprs = new ArrayList<>();
      List<Field> fields = new ArrayList<>();
      for (int i = 0; i < 1 + rnd.nextInt(4); i++) {
        RexNode e = rnd.nextInt(3) == 0 ? gen.ref(rnd.nextInt(7))
            : gen.gen(RexGenerator.Category.values()[rnd.nextInt(4)], 1 + rnd.nextInt(3));
        exprs.add(e);
        fields.add(ArrowTypes.field("e" + i, e.getType()));
      }
      List<List<Object>> expected = new ArrayList<>();
      for (Object[] r : rows) {
        if (Boolean.TRUE.equals(REFERENCE.eval(predicate, r))) {
          List<Object> out = new ArrayList<>();
          for (RexNode e : exprs) {
            out.add(VectorExpressionTest.normalize(REFERENCE.eval(e, r)));
          }
          expected.add(out);
        }
      }
      try (RootAllocator a = new RootAllocator()) {
        List<VectorExpression> compiled = new ArrayList<>();
        exprs.forEach(e -> compiled.add(VectorExpression.compile(e, SCHEMA)));
        BatchOperator plan = new ProjectOperator(
            new FilterOperator(Rows.operator(SCHEMA, rows, 1 + rnd.nextInt(700), rnd, a),
                VectorExpression.compile(predicate, SCHEMA), a),
            compiled, new Schema(fields), a);
        assertEquals(expected, normalized(Rows.drain(plan, 700)), "where " + predicate + " select " + exprs);
        assertEquals(0, a.getAllocatedMemory());
      }
    }
  }

  @Test
  void filterPassesWholeBatchesThroughAndSkipsEmptyOnes() {
    Random rnd = new Random(1);
    List<Object[]> rows = VectorExpressionTest.rows(rnd, 100);
    try (RootAllocator a = new RootAllocator()) {
      VectorSchemaRoot all = Rows.batch(SCHEMA, rows, a);
      VectorSchemaRoot none = Rows.batch(SCHEMA, rows, a);
      RexNode isTrue = VectorExpressionTest.REX.makeLiteral(true);
      FilterOperator pass = new FilterOperator(BatchOperators.of(SCHEMA, List.of(all)),
          VectorExpression.compile(isTrue, SCHEMA), a);
      try (VectorSchemaRoot out = pass.next()) {
        assertSame(all, out, "a batch whose rows all pass is not copied");
      }
      assertEquals(null, pass.next());
      RexNode isFalse = VectorExpressionTest.REX.makeLiteral(false);
      FilterOperator drop = new FilterOperator(BatchOperators.of(SCHEMA, List.of(none)),
          VectorExpression.compile(isFalse, SCHEMA), a);
      assertEquals(null, drop.next());
      drop.close();
      assertEquals(0, a.getAllocatedMemory());
    }
  }

  @Test
  void failuresReleaseEverything() {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      rows.add(new Object[] {i == 40 ? Long.MAX_VALUE : (long) i, null, null, null, null, null, null});
    }
    RexNode plusOne = VectorExpressionTest.REX.makeCall(SqlStdOperatorTable.PLUS, VectorExpressionTest.REX
        .makeInputRef(new RexGenerator(VectorExpressionTest.REX, new Random()).column(0), 0),
        VectorExpressionTest.REX.makeBigintLiteral(BigDecimal.ONE));
    try (RootAllocator a = new RootAllocator()) {
      VectorExpression e = VectorExpression.compile(plusOne, SCHEMA);
      BatchOperator project = new ProjectOperator(Rows.operator(SCHEMA, rows, 10, new Random(2), a), List.of(e),
          new Schema(List.of(ArrowTypes.field("p", plusOne.getType()))), a);
      assertThrows(ArithmeticException.class, () -> Rows.drain(project, 100));
      assertEquals(0, a.getAllocatedMemory());
      assertThrows(IllegalArgumentException.class, () -> new FilterOperator(BatchOperators.of(SCHEMA,
          List.of(Rows.batch(SCHEMA, rows, a))), e, a), "a BIGINT predicate is rejected");
      assertThrows(IllegalArgumentException.class, () -> new ProjectOperator(BatchOperators.of(SCHEMA, List.of()),
          List.of(e), new Schema(List.of(Rows.field("p", Rows.TEXT))), a));
      assertEquals(0, a.getAllocatedMemory());
    }
  }
}
