package io.sqlotel.otlp;

import static java.util.Objects.requireNonNull;

import io.sqlotel.shard.demo.OtelSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The shard files of an output directory, one per time slice ({@code slice-yyyyMMdd'T'HHmm'Z'.sqlite}), written
 * one input file per transaction: {@link #commitFile} records the file in each touched shard's
 * {@code loaded_files} table in the same transaction as its rows.
 */
final class ShardSet implements AutoCloseable {
  /** Per-shard record of the input files loaded into it; also holds the shard's slice for the catalog. */
  static final String LOADED_FILES_DDL = "CREATE TABLE IF NOT EXISTS loaded_files ("
      + " Sha256 TEXT PRIMARY KEY, Path TEXT NOT NULL, Bytes INTEGER NOT NULL, Records INTEGER NOT NULL,"
      + " SliceStart INTEGER NOT NULL, SliceEnd INTEGER NOT NULL, LoadedAt INTEGER NOT NULL)";

  private static final DateTimeFormatter ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);
  private static final int BATCH = 1000;

  /** A shard's id, file and slice {@code [start, end)} in nanoseconds. */
  record ShardInfo(String id, Path file, long start, long end) {}

  private final Path dir;
  private final long sliceNanos;
  private final Map<Long, Shard> open = new TreeMap<>();

  ShardSet(Path dir, long sliceNanos) throws IOException {
    this.dir = requireNonNull(dir, "dir is null");
    if (sliceNanos <= 0) {
      throw new IllegalArgumentException("slice must be positive: " + sliceNanos + " ns");
    }
    this.sliceNanos = sliceNanos;
    Files.createDirectories(dir);
  }

  /** Returns the slice start (ns) of a time (ns). */
  long sliceStart(long timeNanos) {
    return Math.floorDiv(timeNanos, sliceNanos) * sliceNanos;
  }

  /** Returns the slice end (ns, exclusive) of a slice start, clamped to {@link Long#MAX_VALUE} at the top. */
  long sliceEnd(long start) {
    return start > Long.MAX_VALUE - sliceNanos ? Long.MAX_VALUE : start + sliceNanos;
  }

  /** The shard id of the slice starting at {@code start} ns. */
  static String shardId(long start) {
    return "slice-" + ID.format(Instant.ofEpochSecond(Math.floorDiv(start, 1_000_000_000L),
        Math.floorMod(start, 1_000_000_000L)));
  }

  /** Adds a row to its slice's shard (uncommitted until {@link #commitFile}); returns the shard id. */
  String add(Row row) throws SQLException {
    long start = sliceStart(row.timeNanos);
    Shard s = open.get(start);
    if (s == null) {
      s = new Shard(start);
      open.put(start, s);
    }
    s.add(row);
    return s.id;
  }

  /** Commits the current file's rows in every shard it touched, recording it in their {@code loaded_files}. */
  void commitFile(String sha256, Path file, long bytes) throws SQLException {
    for (Shard s : open.values()) {
      if (s.fileRecords > 0) {
        s.flush();
        try (PreparedStatement ps = s.conn.prepareStatement("INSERT INTO loaded_files"
            + " (Sha256, Path, Bytes, Records, SliceStart, SliceEnd, LoadedAt) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
          ps.setString(1, sha256);
          ps.setString(2, file.toAbsolutePath().normalize().toString());
          ps.setLong(3, bytes);
          ps.setLong(4, s.fileRecords);
          ps.setLong(5, s.start);
          ps.setLong(6, sliceEnd(s.start));
          Instant now = Instant.now();
          ps.setLong(7, now.getEpochSecond() * 1_000_000_000L + now.getNano());
          ps.executeUpdate();
        }
        s.conn.commit();
        s.fileRecords = 0;
      }
    }
  }

  /** Discards the current file's rows in every shard. */
  void rollbackFile() throws SQLException {
    for (Shard s : open.values()) {
      s.pending.values().forEach(p -> p.count = 0);
      for (Pending p : s.pending.values()) {
        p.ps.clearBatch();
      }
      s.conn.rollback();
      s.fileRecords = 0;
    }
  }

  /** Returns SHA-256 → "path in shard" of every file recorded in the directory's existing shards. */
  Map<String, String> loadedFiles() throws IOException, SQLException {
    Map<String, String> loaded = new HashMap<>();
    for (Path f : shardFiles()) {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f.toAbsolutePath());
          Statement st = c.createStatement()) {
        st.execute(LOADED_FILES_DDL);
        try (ResultSet rs = st.executeQuery("SELECT Sha256, Path FROM loaded_files")) {
          while (rs.next()) {
            loaded.putIfAbsent(rs.getString(1), rs.getString(2) + " (recorded in " + f.getFileName() + ")");
          }
        }
      }
    }
    return loaded;
  }

  /** Returns every shard of the directory with the slice recorded in it, ordered by start. */
  List<ShardInfo> shards() throws IOException, SQLException {
    List<ShardInfo> list = new ArrayList<>();
    for (Path f : shardFiles()) {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f.toAbsolutePath());
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT MIN(SliceStart), MAX(SliceEnd), COUNT(*) FROM loaded_files")) {
        if (rs.next() && rs.getLong(3) > 0) {
          String name = f.getFileName().toString();
          list.add(new ShardInfo(name.substring(0, name.length() - ".sqlite".length()), f, rs.getLong(1),
              rs.getLong(2)));
        }
      } catch (SQLException e) {
        throw new SQLException("cannot read loaded_files of " + f + ": " + e.getMessage(), e);
      }
    }
    list.sort((a, b) -> Long.compare(a.start(), b.start()));
    return list;
  }

  private List<Path> shardFiles() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> {
        String n = p.getFileName().toString();
        return n.startsWith("slice-") && n.endsWith(".sqlite") && Files.isRegularFile(p);
      }).sorted().toList();
    }
  }

  @Override
  public void close() throws SQLException {
    SQLException first = null;
    for (Shard s : open.values()) {
      try {
        s.conn.rollback();
        s.conn.close();
      } catch (SQLException e) {
        first = first == null ? e : first;
      }
    }
    open.clear();
    if (first != null) {
      throw first;
    }
  }

  /** A prepared INSERT with its pending batch size. */
  private static final class Pending {
    final PreparedStatement ps;
    int count;

    Pending(PreparedStatement ps) {
      this.ps = ps;
    }
  }

  /** One open shard file. */
  private final class Shard {
    final long start;
    final String id;
    final Connection conn;
    final Map<String, Pending> pending = new HashMap<>();
    final Pending traceIdTs;
    long fileRecords;

    Shard(long start) throws SQLException {
      this.start = start;
      this.id = shardId(start);
      this.conn = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(id + ".sqlite").toAbsolutePath());
      try (Statement st = conn.createStatement()) {
        st.execute("PRAGMA synchronous = NORMAL");
        OtelSchema.create(conn);
        st.execute(LOADED_FILES_DDL);
      }
      conn.setAutoCommit(false);
      for (String table : Row.TABLES) {
        List<String> cols = Row.columns(table);
        String sql = "INSERT INTO " + table + " (\"" + String.join("\", \"", cols) + "\") VALUES ("
            + String.join(", ", java.util.Collections.nCopies(cols.size(), "?")) + ")";
        pending.put(table, new Pending(conn.prepareStatement(sql)));
      }
      // First and last span start per trace in this shard.
      traceIdTs = new Pending(conn.prepareStatement("INSERT INTO otel_traces_trace_id_ts (TraceId, Start, \"End\")"
          + " VALUES (?, ?, ?) ON CONFLICT (TraceId) DO UPDATE SET Start = MIN(Start, excluded.Start),"
          + " \"End\" = MAX(\"End\", excluded.\"End\")"));
      pending.put("otel_traces_trace_id_ts", traceIdTs);
    }

    void add(Row row) throws SQLException {
      Pending p = pending.get(row.table);
      for (int i = 0; i < row.values.length; i++) {
        p.ps.setObject(i + 1, row.values[i]);
      }
      p.ps.addBatch();
      if (++p.count >= BATCH) {
        execute(p);
      }
      if (row.table.equals(Row.TRACES)) {
        traceIdTs.ps.setString(1, (String) row.get("TraceId"));
        traceIdTs.ps.setLong(2, row.timeNanos);
        traceIdTs.ps.setLong(3, row.timeNanos);
        traceIdTs.ps.addBatch();
        if (++traceIdTs.count >= BATCH) {
          execute(traceIdTs);
        }
      }
      fileRecords++;
    }

    void flush() throws SQLException {
      for (Pending p : pending.values()) {
        execute(p);
      }
    }

    private void execute(Pending p) throws SQLException {
      if (p.count > 0) {
        p.ps.executeBatch();
        p.count = 0;
      }
    }
  }
}
