package io.sqlotel.bench.mode;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.calcite.adapter.jdbc.JdbcSchema;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.ViewTable;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.dialect.SqliteSqlDialect;

/**
 * Mode 4's model, built in code: Calcite's own JDBC adapter with one {@link JdbcSchema} per shard file (schemas
 * {@code s0}, {@code s1}, ... over pooled sqlite-jdbc data sources) and, in schema {@code otel}, one view per OTel
 * table that is the {@code UNION ALL} of that table in every shard schema. This is what a Java developer gets by
 * pointing Calcite at the shard databases: no pruning, no partial aggregation, each branch a separate JDBC source.
 *
 * <p>sqlite-jdbc reports {@code INTEGER} columns as JDBC {@code INTEGER} (32 bits) and {@code REAL} as {@code REAL}
 * (32 bits), which would truncate nanosecond timestamps and durations; the data sources are wrapped so that column
 * metadata says {@code BIGINT} and {@code DOUBLE}, as a careful user would configure it; likewise the SQLite
 * dialect is set explicitly. Identifiers follow sqlotel's
 * conventions: double quotes, case-insensitive matching, no case conversion.
 */
public final class CalciteAdapter {
  /** The tables the views cover. */
  public static final List<String> TABLES = List.of("otel_logs", "otel_traces", "otel_metrics_gauge");

  /**
   * Calcite's SQLite dialect (LIMIT rather than FETCH NEXT): its dialect factory does not recognise sqlite-jdbc's
   * product name and would otherwise generate ANSI SQL that SQLite rejects.
   */
  private static final SqlDialect SQLITE = new SqliteSqlDialect(SqlDialect.EMPTY_CONTEXT
      .withDatabaseProduct(SqlDialect.DatabaseProduct.SQLITE)
      .withIdentifierQuoteString("\""));

  private CalciteAdapter() {}

  /**
   * Opens a {@code jdbc:calcite:} connection over the shard files.
   *
   * @param shardFiles the SQLite shard files
   * @return the connection, default schema {@code otel}
   * @throws SQLException if Calcite or a shard cannot be opened
   */
  public static Connection open(List<Path> shardFiles) throws SQLException {
    Properties info = new Properties();
    info.setProperty("caseSensitive", "false");
    info.setProperty("quoting", "DOUBLE_QUOTE");
    info.setProperty("unquotedCasing", "UNCHANGED");
    info.setProperty("quotedCasing", "UNCHANGED");
    info.setProperty("conformance", "LENIENT");
    info.setProperty("timeZone", "UTC");
    Connection c = DriverManager.getConnection("jdbc:calcite:", info);
    try {
      CalciteConnection cc = c.unwrap(CalciteConnection.class);
      SchemaPlus root = cc.getRootSchema();
      for (int i = 0; i < shardFiles.size(); i++) {
        String name = "s" + i;
        DataSource pooled = JdbcSchema.dataSource("jdbc:sqlite:" + shardFiles.get(i).toAbsolutePath(),
            "org.sqlite.JDBC", null, null);
        root.add(name, JdbcSchema.create(root, name, wideIntegers(pooled), metaData -> SQLITE, null, null));
      }
      SchemaPlus otel = root.add("otel", new AbstractSchema());
      for (String table : TABLES) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < shardFiles.size(); i++) {
          sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT * FROM \"s").append(i).append("\".\"")
              .append(table).append('"');
        }
        otel.add(table, ViewTable.viewMacro(otel, sql.toString(), List.of("otel"), List.of("otel", table), false));
      }
      cc.setSchema("otel");
      return c;
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** Wraps a data source so that column metadata reports INTEGER as BIGINT and REAL as DOUBLE. */
  static DataSource wideIntegers(DataSource ds) {
    return proxy(DataSource.class, ds, (target, m, args) -> {
      Object r = m.invoke(target, args);
      return r instanceof Connection conn && m.getName().equals("getConnection") ? wrapConnection(conn) : r;
    });
  }

  private static Connection wrapConnection(Connection conn) {
    return proxy(Connection.class, conn, (target, m, args) -> {
      Object r = m.invoke(target, args);
      return r instanceof DatabaseMetaData md && m.getName().equals("getMetaData") ? wrapMetaData(md) : r;
    });
  }

  private static DatabaseMetaData wrapMetaData(DatabaseMetaData md) {
    return proxy(DatabaseMetaData.class, md, (target, m, args) -> {
      Object r = m.invoke(target, args);
      return r instanceof ResultSet rs && m.getName().equals("getColumns") ? wrapColumns(rs) : r;
    });
  }

  private static ResultSet wrapColumns(ResultSet rs) {
    return proxy(ResultSet.class, rs, (target, m, args) -> {
      Object r = m.invoke(target, args);
      boolean dataType = m.getName().equals("getInt") && args != null && args.length == 1
          && (Integer.valueOf(5).equals(args[0]) || "DATA_TYPE".equals(args[0]));
      if (dataType && r instanceof Integer t) {
        return t == Types.INTEGER ? Types.BIGINT : t == Types.REAL || t == Types.FLOAT ? Types.DOUBLE : t;
      }
      return r;
    });
  }

  /** A method call forwarded to a target. */
  private interface Forward {
    Object call(Object target, Method m, Object[] args) throws Throwable;
  }

  private static <T> T proxy(Class<T> type, T target, Forward forward) {
    InvocationHandler h = (p, m, args) -> {
      try {
        return forward.call(target, m, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return type.cast(Proxy.newProxyInstance(CalciteAdapter.class.getClassLoader(), new Class<?>[] {type}, h));
  }
}
