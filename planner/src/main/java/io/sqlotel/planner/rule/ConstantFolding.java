package io.sqlotel.planner.rule;

import io.sqlotel.planner.sql.TimeLiterals;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.TimestampString;

/**
 * Rewrites a plan's expressions before pushdown so that pruning and shard SQL see literals:
 * <ul>
 *   <li>{@code ?} parameters become literals of their bound values;</li>
 *   <li>{@code CURRENT_TIMESTAMP}, {@code LOCALTIMESTAMP}, {@code NOW()} fold once per query to the query's start
 *       time (UTC, truncated to the expression's precision);</li>
 *   <li>{@code timestamp literal ± interval literal} folds to a timestamp literal, so dashboard windows such as
 *       {@code "Timestamp" > CURRENT_TIMESTAMP - INTERVAL '1' HOUR} prune shards.</li>
 * </ul>
 */
public final class ConstantFolding {
  private ConstantFolding() {}

  /**
   * Applies the rewrites to every expression of {@code rel}.
   *
   * @param params bound parameter values (Long, Integer, Double, String, Boolean, byte[], Instant, or null); may be
   *     shorter than the number of parameters only if the caller only prepares
   * @param queryStartNanos the query start, nanoseconds since the epoch
   * @throws IllegalArgumentException if a parameter value cannot be converted to its parameter's type
   */
  public static RelNode apply(RelNode rel, List<Object> params, long queryStartNanos) {
    return fold(rel, params, queryStartNanos).rel();
  }

  /**
   * A folded plan, and whether folding used the query start time (then the plan holds for this run only).
   *
   * @param rel the plan with its expressions folded
   * @param usedQueryStart whether a CURRENT_TIMESTAMP-like call was replaced by the query start time
   */
  public record Folded(RelNode rel, boolean usedQueryStart) {}

  /**
   * Like {@link #apply}, also telling whether the query start time went into the plan.
   *
   * @throws IllegalArgumentException as {@link #apply}
   */
  public static Folded fold(RelNode rel, List<Object> params, long queryStartNanos) {
    Folder rex = new Folder(rel.getCluster().getRexBuilder(), params, queryStartNanos);
    RelNode folded = rel.accept(new RelHomogeneousShuttle() {
      @Override
      public RelNode visit(RelNode other) {
        return super.visit(other).accept(rex);
      }
    });
    return new Folded(folded, rex.usedNow);
  }

  private static final class Folder extends RexShuttle {
    private final RexBuilder rex;
    private final List<Object> params;
    private final long now;
    private boolean usedNow;

    Folder(RexBuilder rex, List<Object> params, long now) {
      this.rex = rex;
      this.params = params;
      this.now = now;
    }

    @Override
    public RexNode visitDynamicParam(RexDynamicParam p) {
      if (params == null || p.getIndex() >= params.size()) {
        return p;
      }
      return literal(p, params.get(p.getIndex()));
    }

    @Override
    public RexNode visitCall(RexCall call) {
      RexCall c = (RexCall) super.visitCall(call);
      String name = c.getOperator().getName();
      if (c.getKind() == SqlKind.CAST && c.getType().getSqlTypeName() == SqlTypeName.TIMESTAMP
          && c.getOperands().get(0) instanceof RexLiteral lit && !lit.isNull()
          && lit.getType().getSqlTypeName() == SqlTypeName.TIMESTAMP) {
        // a widening cast of a literal (TIMESTAMP(0) -> TIMESTAMP(9)) is the literal at the wider precision
        int p = c.getType().getPrecision();
        if (p >= lit.getType().getPrecision()) {
          return rex.makeLiteral(lit.getValueAs(TimestampString.class), c.getType(), false);
        }
      }
      if (c.getOperands().isEmpty() && c.getType().getSqlTypeName() == SqlTypeName.TIMESTAMP
          && (name.equals("CURRENT_TIMESTAMP") || name.equals("LOCALTIMESTAMP") || name.equals("NOW"))) {
        usedNow = true;
        return timestamp(now, c.getType().getPrecision());
      }
      if ((c.getKind() == SqlKind.PLUS || c.getKind() == SqlKind.MINUS)
          && c.getType().getSqlTypeName() == SqlTypeName.TIMESTAMP && c.getOperands().size() == 2) {
        RexNode a = c.getOperands().get(0);
        RexNode b = c.getOperands().get(1);
        if (c.getKind() == SqlKind.PLUS && isInterval(a)) {
          RexNode t = a;
          a = b;
          b = t;
        }
        if (a instanceof RexLiteral ta && ta.getType().getSqlTypeName() == SqlTypeName.TIMESTAMP
            && b instanceof RexLiteral ib && isInterval(ib) && !ta.isNull() && !ib.isNull()) {
          long base = TimeLiterals.toNanos(ta);
          BigDecimal v = ib.getValueAs(BigDecimal.class);
          int sign = c.getKind() == SqlKind.MINUS ? -1 : 1;
          long result;
          if (ib.getType().getSqlTypeName().getFamily() == SqlTypeFamily.INTERVAL_YEAR_MONTH
              || SqlTypeFamily.INTERVAL_YEAR_MONTH.getTypeNames().contains(ib.getType().getSqlTypeName())) {
            LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(base, 1_000_000_000L),
                (int) Math.floorMod(base, 1_000_000_000L), ZoneOffset.UTC).plusMonths(sign * v.longValueExact());
            result = Math.addExact(Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), 1_000_000_000L), t.getNano());
          } else {
            // day-time intervals are held in milliseconds
            result = Math.addExact(base, sign * v.multiply(BigDecimal.valueOf(1_000_000L)).longValueExact());
          }
          return timestamp(result, c.getType().getPrecision());
        }
      }
      return c;
    }

    private static boolean isInterval(RexNode n) {
      return SqlTypeFamily.DATETIME_INTERVAL.contains(n.getType());
    }

    private RexNode timestamp(long nanos, int precision) {
      int p = Math.max(0, Math.min(9, precision));
      long unit = (long) Math.pow(10, 9 - p);
      long truncated = Math.floorDiv(nanos, unit) * unit;
      TimestampString ts = TimeLiterals.fromNanos(truncated);
      return rex.makeTimestampLiteral(ts.round(p), p);
    }

    private RexNode literal(RexDynamicParam p, Object v) {
      if (v == null) {
        return rex.makeNullLiteral(p.getType());
      }
      SqlTypeName t = p.getType().getSqlTypeName();
      Object value = switch (t) {
        case TIMESTAMP -> TimeLiterals.fromNanos(v instanceof Instant i
            ? Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano())
            : ((Number) v).longValue());
        case CHAR, VARCHAR -> new NlsString(String.valueOf(v), StandardCharsets.UTF_8.name(), null);
        case BINARY, VARBINARY -> new ByteString((byte[]) v);
        case BOOLEAN -> v instanceof Boolean b ? b : ((Number) v).longValue() != 0;
        case TINYINT, SMALLINT, INTEGER, BIGINT, DECIMAL, DOUBLE, FLOAT, REAL -> new BigDecimal(String.valueOf(v));
        default -> throw new IllegalArgumentException("parameter " + (p.getIndex() + 1) + " of type " + p.getType()
            + " cannot be bound");
      };
      if (t == SqlTypeName.TIMESTAMP) {
        return rex.makeTimestampLiteral((TimestampString) value, Math.max(p.getType().getPrecision(), 0));
      }
      return rex.makeLiteral(value, p.getType(), false);
    }
  }
}
