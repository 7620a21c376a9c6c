package io.sqlotel.planner.capability;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.NlsString;

/**
 * The whitelist of expressions that may be pushed to SQLite because SQLite computes them exactly as sqlotel's SQL
 * semantics say. Anything not listed stays in the coordinator.
 *
 * <p>Refusals worth knowing:
 * <ul>
 *   <li>LIKE: SQLite's LIKE ignores ASCII case, SQL's does not; pushed as GLOB with a translated pattern, and only
 *       with a literal pattern and no ESCAPE clause.</li>
 *   <li>DECIMAL results: SQLite has no DECIMAL; arithmetic whose type is DECIMAL stays in the coordinator (DECIMAL
 *       literals inside comparisons are fine).</li>
 *   <li>CAST: only between numeric types (SQLite turns {@code CAST('abc' AS INTEGER)} into 0, SQL raises an error),
 *       except a value of an attribute map ({@code CAST(SpanAttributes['http.status_code'] AS INTEGER)}): attribute
 *       values are strings, so numeric comparisons need that CAST and it runs on the shards with SQLite's rules (the
 *       longest numeric prefix; 0 for a value that is not a number, where Calcite would fail the query).</li>
 *   <li>Whole attribute maps ({@code MAP<VARCHAR, VARCHAR>}, JSON text on the shards): selected as they are, never
 *       compared or cast (their JSON text is not the map); their items {@code map['k']} are pushed.</li>
 *   <li>UPPER/LOWER: SQLite folds only ASCII.</li>
 *   <li>TIMESTAMP arithmetic: only {@code ts ± day-time interval literal} (months and years vary in length).</li>
 * </ul>
 */
public final class SqliteCapabilities {
  private SqliteCapabilities() {}

  private static final Set<SqlKind> LOGICAL = EnumSet.of(SqlKind.AND, SqlKind.OR, SqlKind.NOT, SqlKind.IS_NULL,
      SqlKind.IS_NOT_NULL, SqlKind.IS_TRUE, SqlKind.IS_FALSE, SqlKind.IS_NOT_TRUE, SqlKind.IS_NOT_FALSE,
      SqlKind.SEARCH, SqlKind.CASE, SqlKind.COALESCE);
  private static final Set<SqlKind> COMPARISON = EnumSet.of(SqlKind.EQUALS, SqlKind.NOT_EQUALS, SqlKind.LESS_THAN,
      SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN, SqlKind.GREATER_THAN_OR_EQUAL);
  private static final Set<SqlKind> ARITHMETIC = EnumSet.of(SqlKind.PLUS, SqlKind.MINUS, SqlKind.TIMES,
      SqlKind.DIVIDE, SqlKind.MOD, SqlKind.MINUS_PREFIX, SqlKind.PLUS_PREFIX);

  /** Whether {@code e} can be computed by SQLite with the same result, as a filter or a projected value. */
  public static boolean canPush(RexNode e) {
    if (e instanceof RexInputRef ref) {
      return isStorable(ref.getType()) || isStringMap(ref.getType()); // a map column: its JSON text, passed through
    }
    if (e instanceof RexLiteral lit) {
      return canPushLiteral(lit);
    }
    if (!(e instanceof RexCall call)) {
      return false; // dynamic params, correlation variables, sub-queries, window calls
    }
    SqlKind kind = call.getKind();
    if (isPushableMapItem(call)) {
      return true;
    }
    if (isPushableJsonValue(call)) {
      return canPush(call.getOperands().get(0));
    }
    if (kind == SqlKind.CAST && isMapValue(call.getOperands().get(0)) && isExactOrDouble(call.getType())) {
      return canPush(call.getOperands().get(0)); // attribute values are strings: SQLite's CAST (see class comment)
    }
    if (call.getOperands().stream().anyMatch(o -> isStringMap(o.getType()))) {
      return false; // a whole map compared, cast, ...: its JSON text is not the map (key order, spacing)
    }
    if (LOGICAL.contains(kind) || COMPARISON.contains(kind)) {
      return call.getOperands().stream().allMatch(SqliteCapabilities::canPushOperand);
    }
    if ((kind == SqlKind.PLUS || kind == SqlKind.MINUS) && call.getType().getSqlTypeName() == SqlTypeName.TIMESTAMP) {
      return isTimestampPlusInterval(call);
    }
    if (ARITHMETIC.contains(kind)) {
      return isExactOrDouble(call.getType())
          && call.getOperands().stream().allMatch(o -> canPush(o) && isNumeric(o.getType()));
    }
    if (kind == SqlKind.CAST) {
      RelDataType from = call.getOperands().get(0).getType();
      return canPush(call.getOperands().get(0)) && isExactOrDouble(call.getType())
          && (isNumeric(from) || from.getSqlTypeName() == SqlTypeName.BOOLEAN);
    }
    if (kind == SqlKind.LIKE && call.getOperands().size() == 2
        && call.getOperands().get(1) instanceof RexLiteral pattern) {
      NlsString s = pattern.getValueAs(NlsString.class);
      return s != null && canPush(call.getOperands().get(0)); // unparsed as GLOB, see SqliteShardDialect
    }
    if (io.sqlotel.planner.function.TimeUnits.bucketNanos(call) > 0) {
      RexNode arg = io.sqlotel.planner.function.TimeUnits.bucketArgument(call);
      return arg.getType().getSqlTypeName() == SqlTypeName.TIMESTAMP && canPush(arg);
    }
    if ((call.getOperator().getName().equals("CHAR_LENGTH") || call.getOperator().getName().equals("CHARACTER_LENGTH"))
        && SqlTypeFamily.CHARACTER.contains(call.getOperands().get(0).getType())) {
      return canPush(call.getOperands().get(0)); // SQLite's LENGTH counts characters of text, as CHAR_LENGTH does
    }
    if (call.getOperator().getName().equals("||")) {
      return call.getOperands().stream().allMatch(SqliteCapabilities::canPush);
    }
    return false;
  }

  /** Whether {@code t} is {@code MAP<VARCHAR, VARCHAR>}: an attribute map, stored as a JSON object in a TEXT column. */
  public static boolean isStringMap(RelDataType t) {
    return t.getSqlTypeName() == SqlTypeName.MAP && t.getKeyType() != null && t.getValueType() != null
        && SqlTypeFamily.CHARACTER.contains(t.getKeyType()) && SqlTypeFamily.CHARACTER.contains(t.getValueType());
  }

  /**
   * {@code map['key']} on a column of a string map with a literal key: pushed as
   * {@code json_extract(map, '$."key"')} (see {@code SqliteShardDialect}); NULL for a missing key, as Calcite's ITEM.
   */
  public static boolean isPushableMapItem(RexCall call) {
    return call.getKind() == SqlKind.ITEM && call.getOperands().size() == 2
        && call.getOperands().get(0) instanceof RexInputRef map && isStringMap(map.getType())
        && call.getOperands().get(1) instanceof RexLiteral key && !key.isNull()
        && SqlTypeFamily.CHARACTER.contains(key.getType());
  }

  /** A value read out of an attribute map: a pushable {@code map['key']} or {@code JSON_VALUE(map, path)}. */
  private static boolean isMapValue(RexNode e) {
    return e instanceof RexCall c && (isPushableMapItem(c)
        || isPushableJsonValue(c) && isStringMap(c.getOperands().get(0).getType()));
  }

  /** A member/index path SQLite's JSON functions read the same way: {@code $.a}, {@code $."http.method"}, {@code [0]}. */
  private static final java.util.regex.Pattern JSON_PATH = java.util.regex.Pattern.compile(
      "(lax )?\\$(\\.(\"[^\"\\\\]*\"|[A-Za-z_][A-Za-z0-9_]*)|\\[[0-9]+\\])*");

  /**
   * {@code JSON_VALUE(text, 'path')} with a literal lax path and default ON EMPTY / ON ERROR behaviour (NULL): pushed
   * as SQLite JSON extraction (see {@code SqliteShardDialect}); how attribute-map filters and group keys such as
   * {@code JSON_VALUE(SpanAttributes, '$."http.method"')} reach the shards.
   */
  public static boolean isPushableJsonValue(RexCall call) {
    RelDataType input = call.getOperands().isEmpty() ? null : call.getOperands().get(0).getType();
    if (!call.getOperator().getName().equals("JSON_VALUE") || call.getOperands().size() != 2
        || !(SqlTypeFamily.CHARACTER.contains(input) || isStringMap(input))
        || !(call.getOperands().get(1) instanceof RexLiteral path)) {
      return false;
    }
    NlsString p = path.getValueAs(NlsString.class);
    return p != null && JSON_PATH.matcher(p.getValue()).matches();
  }

  /** {@code ts ± INTERVAL 'n' unit} with a day-time interval literal: integer arithmetic on nanoseconds. */
  private static boolean isTimestampPlusInterval(RexCall call) {
    List<RexNode> ops = call.getOperands();
    if (ops.size() != 2) {
      return false;
    }
    RexNode ts = ops.get(0);
    RexNode interval = ops.get(1);
    if (call.getKind() == SqlKind.PLUS && isDayTimeLiteral(ts)) {
      ts = ops.get(1);
      interval = ops.get(0);
    }
    return isDayTimeLiteral(interval) && ts.getType().getSqlTypeName() == SqlTypeName.TIMESTAMP && canPush(ts);
  }

  private static boolean isDayTimeLiteral(RexNode n) {
    return n instanceof RexLiteral lit && !lit.isNull() && SqlTypeFamily.INTERVAL_DAY_TIME.contains(lit.getType());
  }

  /** Operands of comparisons and logical operators may also be DECIMAL literals. */
  private static boolean canPushOperand(RexNode o) {
    return canPush(o) || (o instanceof RexLiteral lit && lit.getType().getSqlTypeName() == SqlTypeName.DECIMAL);
  }

  private static boolean canPushLiteral(RexLiteral lit) {
    SqlTypeName t = lit.getType().getSqlTypeName();
    return switch (t) {
      case NULL, BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, DOUBLE, FLOAT, REAL, CHAR, VARCHAR, TIMESTAMP -> true;
      case DECIMAL -> lit.getValueAs(java.math.BigDecimal.class) != null
          && lit.getValueAs(java.math.BigDecimal.class).scale() <= 0;
      default -> false;
    };
  }

  /** Whether a value of this type exists in SQLite with identical meaning. */
  public static boolean isStorable(RelDataType t) {
    return switch (t.getSqlTypeName()) {
      case BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, DOUBLE, FLOAT, REAL, CHAR, VARCHAR, VARBINARY, BINARY,
          TIMESTAMP -> true;
      default -> false;
    };
  }

  private static boolean isExactOrDouble(RelDataType t) {
    return switch (t.getSqlTypeName()) {
      case TINYINT, SMALLINT, INTEGER, BIGINT, DOUBLE, FLOAT, REAL -> true;
      default -> false;
    };
  }

  private static boolean isNumeric(RelDataType t) {
    return SqlTypeFamily.NUMERIC.contains(t);
  }
}
