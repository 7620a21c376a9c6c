package io.sqlotel.shard.demo;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Operations on whole shard files. */
public final class ShardFiles {
  private ShardFiles() {}

  /**
   * Builds the unsharded correctness oracle: copies every row of every OTel table of each shard file into
   * {@code oracleFile}, which then answers any query with the result the federation must produce.
   *
   * <p>The oracle is created with the {@link OtelSchema} if missing; rows are appended to what it already
   * holds. Each table is copied with {@code ATTACH} and {@code INSERT ... SELECT} over the columns of the
   * oracle's table, one transaction per shard.
   *
   * @param oracleFile the database to write
   * @param shardFiles shard databases holding the OTel schema
   * @throws IOException if a shard file does not exist or the oracle's directory cannot be created
   * @throws SQLException if a copy fails, for example when a shard lacks a table, or when the same TraceId
   *     appears in {@code otel_traces_trace_id_ts} of two shards (its primary key)
   */
  public static void mergeInto(Path oracleFile, List<Path> shardFiles) throws IOException, SQLException {
    requireNonNull(oracleFile, "oracleFile is null");
    requireNonNull(shardFiles, "shardFiles is null");
    for (Path f : shardFiles) {
      if (!Files.isRegularFile(f)) {
        throw new IOException("shard file does not exist: " + f);
      }
    }
    Path parent = oracleFile.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + oracleFile.toAbsolutePath());
        Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode = OFF");
      s.execute("PRAGMA synchronous = OFF");
      OtelSchema.create(c);
      List<String> copies = new ArrayList<>();
      for (String table : OtelSchema.tables()) {
        String columns = String.join(", ", columnsOf(c, table));
        copies.add("INSERT INTO main." + table + " (" + columns + ") SELECT " + columns + " FROM src." + table);
      }
      for (Path shard : shardFiles) {
        try (PreparedStatement attach = c.prepareStatement("ATTACH DATABASE ? AS src")) {
          attach.setString(1, shard.toAbsolutePath().toString());
          attach.execute();
        }
        try {
          c.setAutoCommit(false);
          for (String copy : copies) {
            s.executeUpdate(copy);
          }
          c.commit();
        } catch (SQLException e) {
          c.rollback();
          throw new SQLException("cannot merge " + shard + ": " + e.getMessage(), e);
        } finally {
          c.setAutoCommit(true);
          s.execute("DETACH DATABASE src");
        }
      }
    }
  }

  private static List<String> columnsOf(Connection c, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT name FROM pragma_table_info(?) ORDER BY cid")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add("\"" + rs.getString(1) + "\"");
        }
      }
    }
    return columns;
  }
}
