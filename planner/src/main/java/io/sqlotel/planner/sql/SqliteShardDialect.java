package io.sqlotel.planner.sql;

import io.sqlotel.planner.function.TimeUnits;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.fun.SqlLikeOperator;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.parser.SqlParserUtil;
import org.apache.calcite.config.NullCollation;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlAbstractDateTimeLiteral;
import org.apache.calcite.sql.SqlAlienSystemTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlTimestampLiteral;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.dialect.SqliteSqlDialect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.TimestampString;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The SQLite dialect of the SQL sent to shards.
 *
 * <p>Calcite's stock {@link SqliteSqlDialect} (1.42) declares a DuckDB context and emits SQL SQLite rejects. This
 * one uses double-quoted identifiers, NULLs sorting low (SQLite's order), and:
 * <ul>
 *   <li>TIMESTAMP literals as INTEGER nanoseconds since the epoch, UTC (the shards store time that way);</li>
 *   <li>CAST targets as SQLite type names (INTEGER, REAL, TEXT, BLOB), never with a CHARACTER SET;</li>
 *   <li>LIKE as GLOB with a translated pattern (SQLite's LIKE ignores ASCII case, SQL's does not);</li>
 *   <li>FLOOR(ts TO unit) and TIME_BUCKET as exact integer floor division on nanoseconds;</li>
 *   <li>{@code map['key']} on an attribute map as {@code json_extract(map, '$."key"')}; JSON_VALUE as JSON extraction.</li>
 * </ul>
 */
public final class SqliteShardDialect extends SqliteSqlDialect {
  /** The dialect context: SQLite product, {@code "} quoting, case preserved, NULLs low. */
  public static final SqlDialect.Context CONTEXT = SqlDialect.EMPTY_CONTEXT
      .withDatabaseProduct(DatabaseProduct.SQLITE)
      .withIdentifierQuoteString("\"")
      .withNullCollation(NullCollation.LOW)
      .withUnquotedCasing(Casing.UNCHANGED)
      .withQuotedCasing(Casing.UNCHANGED)
      .withCaseSensitive(false);

  /** The single instance. */
  public static final SqliteShardDialect INSTANCE = new SqliteShardDialect();

  private SqliteShardDialect() {
    super(CONTEXT);
  }

  @Override
  public void unparseDateTimeLiteral(SqlWriter writer, SqlAbstractDateTimeLiteral literal, int leftPrec,
      int rightPrec) {
    if (literal instanceof SqlTimestampLiteral ts) {
      writer.literal(Long.toString(TimeLiterals.toNanos(ts.getValueAs(TimestampString.class))));
      return;
    }
    throw new UnsupportedOperationException("not pushable to SQLite: " + literal);
  }

  @Override
  public void unparseCall(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
    long bucket = bucketNanos(call);
    if (bucket > 0) {
      // exact floor division on INTEGER nanoseconds: (x / N - (x % N < 0)) * N
      SqlNode x = call.getKind() == SqlKind.FLOOR ? call.operand(0) : call.operand(1);
      SqlWriter.Frame frame = writer.startList("(", ")");
      SqlWriter.Frame inner = writer.startList("(", ")");
      x.unparse(writer, 0, 0);
      writer.sep("/");
      writer.literal(Long.toString(bucket));
      writer.sep("-");
      SqlWriter.Frame neg = writer.startList("(", ")");
      x.unparse(writer, 0, 0);
      writer.sep("%");
      writer.literal(Long.toString(bucket));
      writer.sep("<");
      writer.literal("0");
      writer.endList(neg);
      writer.endList(inner);
      writer.sep("*");
      writer.literal(Long.toString(bucket));
      writer.endList(frame);
      return;
    }
    if (call.getOperator() instanceof SqlLikeOperator like && like.getKind() == SqlKind.LIKE
        && call.operandCount() == 2 && call.operand(1) instanceof SqlCharStringLiteral pattern) {
      // SQLite's LIKE ignores ASCII case; GLOB is case-sensitive like SQL's LIKE
      SqlWriter.Frame frame = writer.startList("", "");
      call.operand(0).unparse(writer, like.getLeftPrec(), like.getRightPrec());
      writer.keyword(like.isNegated() ? "NOT GLOB" : "GLOB");
      writer.literal(quoteStringLiteral(likeToGlob(pattern.getValueAs(NlsString.class).getValue())));
      writer.endList(frame);
      return;
    }
    if (call.getKind() == SqlKind.ITEM && call.operandCount() == 2
        && call.operand(1) instanceof SqlCharStringLiteral keyLiteral) {
      unparseMapItem(writer, call.operand(0), keyLiteral.getValueAs(NlsString.class).getValue());
      return;
    }
    if (call.getOperator().getName().equals("JSON_VALUE") && call.operandCount() == 2
        && call.operand(1) instanceof SqlCharStringLiteral pathLiteral) {
      unparseJsonValue(writer, call.operand(0), pathLiteral.getValueAs(NlsString.class).getValue());
      return;
    }
    if (call.getKind() == SqlKind.MOD && call.operandCount() == 2) {
      // SQLite's mod() is a REAL math function; % is the integer remainder (sign of the dividend, as in SQL)
      SqlWriter.Frame f = writer.startList("(", ")");
      call.operand(0).unparse(writer, 0, 0);
      writer.sep("%");
      call.operand(1).unparse(writer, 0, 0);
      writer.endList(f);
      return;
    }
    if ((call.getOperator().getName().equals("CHAR_LENGTH") || call.getOperator().getName().equals("CHARACTER_LENGTH"))
        && call.operandCount() == 1) {
      SqlWriter.Frame f = writer.startFunCall("LENGTH");
      call.operand(0).unparse(writer, 0, 0);
      writer.endFunCall(f);
      return;
    }
    super.unparseCall(writer, call, leftPrec, rightPrec);
  }

  /**
   * SQL's {@code JSON_VALUE(x, path)} in SQLite: the scalar at {@code path} as text ({@code 'true'}/{@code 'false'} for
   * booleans, NULL for objects, arrays and missing members, as JSON_VALUE's default NULL ON EMPTY / NULL ON ERROR):
   * {@code CASE json_type(x, p) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' WHEN 'object' THEN NULL
   * WHEN 'array' THEN NULL ELSE json_extract(x, p) END}.
   */
  private void unparseJsonValue(SqlWriter writer, SqlNode x, String path) {
    String p = quoteStringLiteral(path.startsWith("lax ") ? path.substring(4) : path);
    writer.print("(CASE json_type(");
    x.unparse(writer, 0, 0);
    writer.print(", " + p + ") WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' WHEN 'object' THEN NULL"
        + " WHEN 'array' THEN NULL ELSE json_extract(");
    x.unparse(writer, 0, 0);
    writer.print(", " + p + ") END) ");
  }

  /**
   * {@code map['key']} on an attribute map (a JSON object in a TEXT column) in SQLite: {@code json_extract(map,
   * '$."key"')}, NULL for a missing key. The quoted path form addresses keys with dots ({@code http.method}); SQLite's
   * path syntax has no portable escape for a key holding {@code "} or {@code \}, so such a key is looked up with
   * {@code (SELECT value FROM json_each(map) WHERE key = 'key')} instead.
   */
  private void unparseMapItem(SqlWriter writer, SqlNode map, String key) {
    if (key.indexOf('"') < 0 && key.indexOf('\\') < 0) {
      writer.print("json_extract");
      SqlWriter.Frame f = writer.startList("(", ")");
      map.unparse(writer, 0, 0);
      writer.sep(",");
      writer.literal(quoteStringLiteral(mapItemPath(key)));
      writer.endList(f);
      return;
    }
    SqlWriter.Frame sub = writer.startList("(", ")");
    writer.print("SELECT value FROM json_each");
    SqlWriter.Frame args = writer.startList("(", ")");
    map.unparse(writer, 0, 0);
    writer.endList(args);
    writer.print("WHERE key = ");
    writer.literal(quoteStringLiteral(key));
    writer.endList(sub);
  }

  /** The SQLite JSON path of a top-level member: {@code $."key"} (for keys without {@code "} or {@code \}). */
  public static String mapItemPath(String key) {
    return "$.\"" + key + "\"";
  }

  /** Translates a LIKE pattern (no ESCAPE) to a GLOB pattern: % → *, _ → ?, and GLOB's *, ?, [ made literal. */
  public static String likeToGlob(String like) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < like.length(); i++) {
      char c = like.charAt(i);
      switch (c) {
        case '%' -> sb.append('*');
        case '_' -> sb.append('?');
        case '*' -> sb.append("[*]");
        case '?' -> sb.append("[?]");
        case '[' -> sb.append("[[]");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** The bucket width in nanoseconds of {@code FLOOR(ts TO unit)} or {@code TIME_BUCKET(interval, ts)}, else -1. */
  private static long bucketNanos(SqlCall call) {
    if (call.getKind() == SqlKind.FLOOR && call.operandCount() == 2) {
      SqlNode unit = call.operand(1);
      TimeUnitRange r = null;
      if (unit instanceof SqlIntervalQualifier q) {
        r = q.timeUnitRange;
      } else if (unit instanceof SqlLiteral lit && lit.getValue() instanceof TimeUnitRange t) {
        r = t;
      }
      return r == null ? -1 : TimeUnits.nanos(r);
    }
    if (call.getOperator().getName().equalsIgnoreCase("TIME_BUCKET") && call.operandCount() == 2
        && call.operand(0) instanceof SqlIntervalLiteral width) {
      SqlIntervalLiteral.IntervalValue v = width.getValueAs(SqlIntervalLiteral.IntervalValue.class);
      return Math.multiplyExact(SqlParserUtil.intervalToMillis(v), 1_000_000L);
    }
    return -1;
  }

  @Override
  public void quoteStringLiteral(StringBuilder buf, @Nullable String charsetName, String val) {
    buf.append(literalQuoteString).append(val.replace(literalEndQuoteString, literalEscapedQuote))
        .append(literalEndQuoteString); // SQLite text is UTF-8: never a _charset prefix
  }

  /** A day-time interval literal (only ever added to or subtracted from a nanosecond time) as nanoseconds. */
  @Override
  public void unparseSqlIntervalLiteral(SqlWriter writer, SqlIntervalLiteral literal, int leftPrec, int rightPrec) {
    SqlIntervalLiteral.IntervalValue v = literal.getValueAs(SqlIntervalLiteral.IntervalValue.class);
    if (!v.getIntervalQualifier().isYearMonth()) {
      writer.literal(Long.toString(Math.multiplyExact(SqlParserUtil.intervalToMillis(v), 1_000_000L)));
      return;
    }
    throw new UnsupportedOperationException("not pushable to SQLite: " + literal);
  }

  /**
   * Never: SQLite compares a text value with a number without converting either (text sorts after numbers), so a
   * {@code CAST(text AS INTEGER)} inside a comparison must be kept in the shard SQL (Calcite strips it otherwise).
   */
  @Override
  public boolean supportsImplicitTypeCoercion(org.apache.calcite.rex.RexCall call) {
    return false;
  }

  @Override
  public boolean supportsCharSet() {
    return false;
  }

  @Override
  public boolean supportsAggregateFunctionFilter() {
    return true; // SQLite >= 3.30
  }

  @Override
  public boolean supportsTimestampPrecision() {
    return false;
  }

  @Override
  public boolean supportsNestedAggregations() {
    return false;
  }

  @Override
  public boolean supportsGroupByLiteral() {
    return false;
  }

  @Override
  public SqlNode getCastSpec(RelDataType type) {
    String name = switch (type.getSqlTypeName()) {
      case TINYINT, SMALLINT, INTEGER, BIGINT, BOOLEAN, TIMESTAMP -> "INTEGER";
      case FLOAT, REAL, DOUBLE, DECIMAL -> "REAL";
      case CHAR, VARCHAR -> "TEXT";
      case BINARY, VARBINARY -> "BLOB";
      default -> throw new UnsupportedOperationException("no SQLite cast to " + type);
    };
    return new SqlDataTypeSpec(new SqlAlienSystemTypeNameSpec(name, type.getSqlTypeName(), SqlParserPos.ZERO),
        SqlParserPos.ZERO);
  }
}
