package io.sqlotel.planner.rel;

import io.sqlotel.planner.catalog.TableDef;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

/** Pure functions over pushed plans. */
public final class PushedPlans {
  private PushedPlans() {}

  /**
   * The output field index that carries the table's time column unchanged, or -1.
   *
   * @param pushed a pushed plan (scan, filter, project, sort over one table scan)
   * @param table the table scanned
   */
  public static int timeIndex(RelNode pushed, TableDef table) {
    if (pushed instanceof TableScan) {
      return table.timeColumnIndex();
    }
    if (pushed instanceof Filter || pushed instanceof Sort) {
      return timeIndex(pushed.getInput(0), table);
    }
    if (pushed instanceof Project p) {
      int in = timeIndex(p.getInput(), table);
      if (in < 0) {
        return -1;
      }
      for (int i = 0; i < p.getProjects().size(); i++) {
        RexNode e = p.getProjects().get(i);
        if (e instanceof RexInputRef ref && ref.getIndex() == in) {
          return i;
        }
      }
      return -1;
    }
    return -1;
  }

  /**
   * Whether an aggregate over {@code pushed} grouping by {@code groupSet} is partition-wise on {@code shards}: some
   * group key is a time bucket (FLOOR to a fixed unit, TIME_BUCKET) of the time column whose width divides both ends
   * of every shard's slice, so every group lies within one shard and shard results are already final.
   */
  public static boolean isPartitionWise(RelNode pushed, TableDef table, org.apache.calcite.util.ImmutableBitSet groupSet,
      java.util.List<io.sqlotel.shard.meta.ShardDescriptor> shards) {
    if (!(pushed instanceof Project p)) {
      return false;
    }
    int time = timeIndex(p.getInput(), table);
    if (time < 0) {
      return false;
    }
    for (int key : groupSet) {
      RexNode e = p.getProjects().get(key);
      long width = io.sqlotel.planner.function.TimeUnits.bucketNanos(e);
      if (width > 0 && isRef(io.sqlotel.planner.function.TimeUnits.bucketArgument((RexCall) e), time)
          && shards.stream().allMatch(s -> Math.floorMod(s.range().startNanos(), width) == 0
              && Math.floorMod(s.range().endNanos(), width) == 0)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code e} is the input reference {@code index}, possibly under a CAST. */
  public static boolean isRef(RexNode e, int index) {
    if (e instanceof RexInputRef ref) {
      return ref.getIndex() == index;
    }
    return e.getKind() == SqlKind.CAST && isRef(((RexCall) e).getOperands().get(0), index);
  }
}
