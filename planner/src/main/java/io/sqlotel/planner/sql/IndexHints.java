package io.sqlotel.planner.sql;

import io.sqlotel.planner.catalog.IndexDef;
import io.sqlotel.planner.catalog.TableDef;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Decides whether a shard query should read its table with {@code NOT INDEXED} (SQLite's only index hint,
 * https://sqlite.org/lang_indexedby.html).
 *
 * <p>SQLite answers a GROUP BY whose keys are a prefix of an index by walking that index in order, to save sorting,
 * even when the index does not hold the other columns the query reads: then every row costs a lookup in the table
 * b-tree, in index order. For a whole-shard aggregate that is 3-4 times slower than scanning the table and grouping
 * in a temporary b-tree (measured on an 88 MB bench shard: 77 ms against 27 ms). The hint is given when all hold:
 * the query aggregates with GROUP BY keys; no index covers every column the query reads (a covering index scan is
 * the cheapest read there is); and no conjunct of the WHERE clause constrains the leading column of an index (then
 * an index search can skip rows, and SQLite is left to choose). Tables with unknown indexes never get the hint.
 * Pure function of the plan and the catalog.
 */
public final class IndexHints {
  private IndexHints() {}

  /**
   * Whether {@code pushed} should scan its table with {@code NOT INDEXED}.
   *
   * @param pushed a shard's plan: single-input operators over a {@link TableScan}
   * @param table the catalog table, with the indexes its shards have
   */
  public static boolean scanTable(RelNode pushed, TableDef table) {
    if (table.indexes().isEmpty()) {
      return false;
    }
    boolean grouped = false;
    Filter filter = null;
    RelNode r = pushed;
    while (!(r instanceof TableScan)) {
      if (r.getInputs().size() != 1) {
        return false;
      }
      if (r instanceof Aggregate a && !a.getGroupSet().isEmpty()) {
        grouped = true;
      }
      if (r instanceof Filter f && f.getInput() instanceof TableScan) {
        filter = f;
      }
      r = r.getInput(0);
    }
    if (!grouped) {
      return false;
    }
    List<String> names = r.getRowType().getFieldNames();
    ImmutableBitSet used = usedFields(pushed, ImmutableBitSet.range(pushed.getRowType().getFieldCount()));
    if (used == null) {
      return false;
    }
    Set<String> read = new HashSet<>();
    used.forEach(i -> read.add(names.get(i)));
    for (IndexDef index : table.indexes()) {
      if (!index.partial() && index.columns().containsAll(read)) {
        return false;
      }
    }
    if (filter != null) {
      for (RexNode c : RelOptUtil.conjunctions(filter.getCondition())) {
        String column = constrainedColumn(c, names);
        if (column != null && table.indexes().stream().anyMatch(i -> i.columns().get(0).equals(column))) {
          return false;
        }
      }
    }
    return true;
  }

  /** The column a comparison, IN/range (SEARCH), IS NULL or LIKE conjunct constrains directly, or null. */
  private static String constrainedColumn(RexNode c, List<String> names) {
    if (!(c instanceof RexCall call) || call.getOperands().isEmpty()) {
      return null;
    }
    switch (call.getKind()) {
      case EQUALS: case LESS_THAN: case LESS_THAN_OR_EQUAL: case GREATER_THAN: case GREATER_THAN_OR_EQUAL:
      case SEARCH: case IS_NULL: case LIKE:
        for (RexNode o : call.getOperands()) {
          if (o instanceof RexInputRef ref) {
            return names.get(ref.getIndex());
          }
        }
        return null;
      default:
        return null;
    }
  }

  /** The table-scan fields {@code rel} reads to produce its {@code needed} fields, or null for an unknown operator. */
  private static ImmutableBitSet usedFields(RelNode rel, ImmutableBitSet needed) {
    if (rel instanceof TableScan) {
      return needed;
    }
    ImmutableBitSet.Builder in = ImmutableBitSet.builder();
    if (rel instanceof Aggregate a) {
      in.addAll(a.getGroupSet());
      for (AggregateCall call : a.getAggCallList()) {
        in.addAll(call.getArgList());
        if (call.filterArg >= 0) {
          in.set(call.filterArg);
        }
      }
    } else if (rel instanceof Project p) {
      needed.forEach(i -> in.addAll(RelOptUtil.InputFinder.bits(p.getProjects().get(i))));
    } else if (rel instanceof Filter f) {
      in.addAll(needed).addAll(RelOptUtil.InputFinder.bits(f.getCondition()));
    } else if (rel instanceof Sort s) {
      in.addAll(needed);
      for (RelFieldCollation fc : s.getCollation().getFieldCollations()) {
        in.set(fc.getFieldIndex());
      }
    } else {
      return null;
    }
    return usedFields(rel.getInput(0), in.build());
  }
}
