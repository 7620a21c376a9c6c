package io.sqlotel.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;

/** Recovers the types of a plan's {@code ?} parameters from its expressions (Calcite infers them when validating). */
final class ParameterTypes {
  private ParameterTypes() {}

  /** The parameter types in index order. */
  static List<RelDataType> of(RelNode rel) {
    TreeMap<Integer, RelDataType> types = new TreeMap<>();
    RexShuttle collector = new RexShuttle() {
      @Override
      public RexNode visitDynamicParam(RexDynamicParam p) {
        types.putIfAbsent(p.getIndex(), p.getType());
        return p;
      }
    };
    rel.accept(new RelHomogeneousShuttle() {
      @Override
      public RelNode visit(RelNode other) {
        RelNode r = super.visit(other);
        r.accept(collector);
        return r;
      }
    });
    return new ArrayList<>(types.values());
  }
}
