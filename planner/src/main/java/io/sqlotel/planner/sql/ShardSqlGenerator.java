package io.sqlotel.planner.sql;

import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.rel2sql.RelToSqlConverter;
import org.apache.calcite.sql.SqlNode;

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
    RelToSqlConverter converter = new RelToSqlConverter(SqliteShardDialect.INSTANCE);
    SqlNode node = converter.visitRoot(pushed).asStatement();
    return node.toSqlString(SqliteShardDialect.INSTANCE).getSql().replace('\n', ' ');
  }
}
