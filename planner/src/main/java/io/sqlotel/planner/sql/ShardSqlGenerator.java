package io.sqlotel.planner.sql;

import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.rel2sql.RelToSqlConverter;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Generates the SQLite SQL of a pushed plan with Calcite's {@link RelToSqlConverter} and {@link SqliteShardDialect}.
 * The one place shard SQL is written: never by string surgery.
 */
public final class ShardSqlGenerator {
  private ShardSqlGenerator() {}

  /**
   * The SQL text for {@code pushed} (logical operators over a scan of one SQLite table).
   *
   * @throws UnsupportedOperationException if the plan holds something SQLite cannot run (a rule bug)
   */
  public static String generate(RelNode pushed) {
    return generate(pushed, false);
  }

  /**
   * The SQL text for {@code pushed}, its table read with {@code NOT INDEXED} if {@code notIndexed} (see
   * {@link IndexHints}).
   *
   * @throws UnsupportedOperationException if the plan holds something SQLite cannot run (a rule bug)
   */
  public static String generate(RelNode pushed, boolean notIndexed) {
    RelToSqlConverter converter = new RelToSqlConverter(SqliteShardDialect.INSTANCE);
    SqlNode node = converter.visitRoot(pushed).asStatement();
    if (notIndexed && !hintTable(node)) {
      throw new UnsupportedOperationException("no table reference to hint in " + node);
    }
    return node.toSqlString(SqliteShardDialect.INSTANCE).getSql().replace('\n', ' ');
  }

  /** Puts {@code NOT INDEXED} after the innermost table reference of {@code node}; false if there is none. */
  private static boolean hintTable(SqlNode node) {
    if (node instanceof SqlOrderBy o) {
      return hintTable(o.query);
    }
    if (node instanceof SqlBasicCall c && c.getKind() == SqlKind.AS) {
      return hintTable(c.operand(0));
    }
    if (!(node instanceof SqlSelect select) || select.getFrom() == null) {
      return false;
    }
    SqlNode from = select.getFrom();
    SqlNode table = from instanceof SqlBasicCall c && c.getKind() == SqlKind.AS ? c.operand(0) : from;
    if (table instanceof SqlIdentifier) {
      select.setFrom(NOT_INDEXED.createCall(SqlParserPos.ZERO, from));
      return true;
    }
    return hintTable(table);
  }

  /** {@code <table reference> NOT INDEXED}: SQLite's hint to read the table without any index. */
  private static final SqlSpecialOperator NOT_INDEXED = new SqlSpecialOperator("NOT INDEXED", SqlKind.OTHER, 100) {
    @Override
    public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
      call.operand(0).unparse(writer, 0, 0);
      writer.keyword("NOT INDEXED");
    }
  };
}
