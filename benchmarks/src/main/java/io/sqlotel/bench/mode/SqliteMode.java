package io.sqlotel.bench.mode;

import io.sqlotel.bench.suite.BenchQuery;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/** Mode 3: the same query on one unsharded, analyzed SQLite database holding all the data (sqlite-jdbc). */
public final class SqliteMode implements BenchMode {
  private final Connection connection;

  /**
   * Opens the oracle read-only and immutable (like the benchmark's shards: no locking or change detection per
   * statement), so that both sides read sealed files the same way.
   *
   * @param oracle the merged database file
   * @throws SQLException if it cannot be opened
   */
  public SqliteMode(Path oracle) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setOpenMode(SQLiteOpenMode.READONLY);
    this.connection = config.createConnection("jdbc:sqlite:file:" + oracle.toAbsolutePath().toUri().getRawPath()
        + "?immutable=1");
  }

  @Override
  public String id() {
    return "3";
  }

  @Override
  public String label() {
    return "one unsharded SQLite database (sqlite-jdbc, ANALYZEd)";
  }

  @Override
  public Sample run(BenchQuery query) {
    long t0 = System.nanoTime();
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(query.sqliteSql())) {
      long rows = JdbcResults.drain(rs);
      return Sample.clientOnly(System.nanoTime() - t0, rows);
    } catch (SQLException | RuntimeException e) {
      return Sample.failed(Sample.Status.ERROR, JdbcResults.message(e));
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // closing anyway
    }
  }
}
