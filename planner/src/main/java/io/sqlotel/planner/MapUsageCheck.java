package io.sqlotel.planner;

import io.sqlotel.planner.capability.SqliteCapabilities;
import java.util.List;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelVisitor;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlKind;

/**
 * Refuses the uses of a whole attribute map ({@code MAP<VARCHAR, VARCHAR>}) that need maps to be compared: GROUP BY,
 * DISTINCT, ORDER BY, join keys, set operations that remove duplicates, and aggregates other than COUNT over a map.
 * The coordinator's operators hash and compare scalars only; group or sort by an item ({@code map['k']}) instead.
 * Selecting, filtering on items and passing maps through joins stay allowed.
 */
final class MapUsageCheck {
  private MapUsageCheck() {}

  /**
   * Checks {@code rel} (the logical plan, before optimization).
   *
   * @throws PlannerException (reason UNSUPPORTED, reported to clients as INVALID_ARGUMENT) naming the map column
   */
  static void check(RelNode rel) {
    new RelVisitor() {
      @Override
      public void visit(RelNode node, int ordinal, RelNode parent) {
        checkNode(node);
        super.visit(node, ordinal, parent);
      }
    }.go(rel);
  }

  private static void checkNode(RelNode r) {
    if (r instanceof Aggregate a) {
      List<RelDataTypeField> in = a.getInput().getRowType().getFieldList();
      for (int key : a.getGroupSet()) {
        refuse(in.get(key), "GROUP BY or DISTINCT on");
      }
      for (AggregateCall c : a.getAggCallList()) {
        boolean countAll = c.getAggregation().getKind() == SqlKind.COUNT && !c.isDistinct();
        for (int arg : c.getArgList()) {
          if (!countAll) {
            refuse(in.get(arg), c.getAggregation().getName() + (c.isDistinct() ? "(DISTINCT ...)" : "") + " of");
          }
        }
      }
    } else if (r instanceof Sort s) {
      List<RelDataTypeField> in = s.getInput().getRowType().getFieldList();
      for (RelFieldCollation fc : s.getCollation().getFieldCollations()) {
        refuse(in.get(fc.getFieldIndex()), "ORDER BY on");
      }
    } else if (r instanceof Join j) {
      JoinInfo info = j.analyzeCondition();
      for (int k : info.leftKeys) {
        refuse(j.getLeft().getRowType().getFieldList().get(k), "a join condition on");
      }
      for (int k : info.rightKeys) {
        refuse(j.getRight().getRowType().getFieldList().get(k), "a join condition on");
      }
    } else if (r instanceof SetOp op && !op.all) {
      for (RelDataTypeField f : op.getRowType().getFieldList()) {
        refuse(f, op.kind + " (which removes duplicate rows) of");
      }
    }
  }

  private static void refuse(RelDataTypeField f, String use) {
    if (SqliteCapabilities.isStringMap(f.getType())) {
      throw new PlannerException(PlannerException.Reason.UNSUPPORTED, use + " the attribute map " + f.getName()
          + " (MAP<VARCHAR, VARCHAR>) is not supported: maps cannot be compared;"
          + " use one of its items, e.g. " + f.getName() + "['key'], or JSON_VALUE(" + f.getName() + ", '$.key')",
          null);
    }
  }
}
