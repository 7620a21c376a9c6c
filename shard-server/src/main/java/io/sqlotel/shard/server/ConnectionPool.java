package io.sqlotel.shard.server;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;
import org.sqlite.SQLiteOpenMode;

/**
 * A fixed set of read-only SQLite connections to one database file, one per worker thread.
 *
 * <p>Each connection is opened with {@code SQLITE_OPEN_READONLY}, then {@code PRAGMA query_only = 1}, and
 * with the ATTACH limit set to 0 so that a request cannot open other database files on the shard host. An immutable
 * (sealed) file is opened through the URI {@code file:...?immutable=1}: no locking or change detection per statement.
 */
final class ConnectionPool implements AutoCloseable {
  /** How long a statement waits on a lock held by an external writer before failing with SQLITE_BUSY. */
  private static final int BUSY_TIMEOUT_MILLIS = 5_000;

  /** How often a request waiting for a connection checks whether the server is closing. */
  private static final long SHUTDOWN_POLL_MILLIS = 50;

  private final List<Connection> all;
  private volatile boolean closing;
  /** Idle connections, most recently used first: a hot connection (its page cache) is reused under light load. */
  private final BlockingDeque<Connection> idle;

  /**
   * Opens {@code size} connections.
   *
   * @param dbFile an existing SQLite database file
   * @param size number of connections (at least 1)
   * @param immutable true to open the file as immutable (nothing writes to it while it is served)
   * @throws SQLException if immutable and a {@code -wal} or {@code -journal} file lies beside it (not sealed); if
   *     the file is missing, unreadable or not a SQLite database; connections opened so far are closed
   */
  ConnectionPool(Path dbFile, int size, boolean immutable) throws SQLException {
    requireNonNull(dbFile, "dbFile is null");
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1: " + size);
    }
    // sqlite-jdbc would report a missing file only as the opaque SQLITE_CANTOPEN; say which file it was.
    if (!Files.isRegularFile(dbFile)) {
      throw new SQLException("database file does not exist: " + dbFile);
    }
    if (immutable) {
      for (String suffix : new String[] {"-wal", "-journal"}) {
        Path beside = dbFile.resolveSibling(dbFile.getFileName() + suffix);
        if (Files.exists(beside)) { // SQLite would ignore it when immutable, and answer from a stale or torn file
          throw new SQLException(beside + " exists: " + dbFile + " is not sealed (a writer is active or was "
              + "interrupted); serve it without immutable");
        }
      }
    }
    this.all = new ArrayList<>(size);
    this.idle = new LinkedBlockingDeque<>(size);
    try {
      for (int i = 0; i < size; i++) {
        Connection c = open(dbFile, immutable);
        all.add(c);
        idle.add(c);
      }
    } catch (SQLException | RuntimeException e) {
      closeAll(e);
      throw e;
    }
  }

  private static Connection open(Path dbFile, boolean immutable) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setOpenMode(SQLiteOpenMode.READONLY);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.enableLoadExtension(false);
    // Read-only: no generated keys to report, and sqlite-jdbc would otherwise match every statement's text against a
    // regular expression after executing it.
    config.setGetGeneratedKeys(false);
    String name = immutable ? immutableUri(dbFile) : dbFile.toAbsolutePath().toString();
    Connection c = config.createConnection("jdbc:sqlite:" + name);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA query_only = 1");
      // Fails with "file is not a database" here, at startup, rather than on the first request.
      s.execute("SELECT count(*) FROM sqlite_schema");
      c.unwrap(SQLiteConnection.class).setLimit(SQLiteLimits.SQLITE_LIMIT_ATTACHED, 0);
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /**
   * The SQLite URI filename of a sealed file: {@code file:} + the absolute path, percent-encoded where the URI syntax
   * needs it, + {@code ?immutable=1} (https://www.sqlite.org/uri.html).
   */
  static String immutableUri(Path dbFile) {
    return "file:" + dbFile.toAbsolutePath().toUri().getRawPath() + "?immutable=1";
  }

  /**
   * Takes an idle connection, waiting if all are in use.
   *
   * @return a connection the caller must hand back with {@link #release}, or null once {@link #shutdown()} was called
   * @throws InterruptedException if interrupted while waiting
   */
  Connection acquire() throws InterruptedException {
    while (!closing) {
      Connection c = idle.pollFirst(SHUTDOWN_POLL_MILLIS, TimeUnit.MILLISECONDS);
      if (c != null) {
        if (closing) {
          idle.addFirst(c);
          return null;
        }
        return c;
      }
    }
    return null;
  }

  /** Makes every present and future {@link #acquire()} return null (within {@value #SHUTDOWN_POLL_MILLIS} ms). */
  void shutdown() {
    closing = true;
  }

  /** Returns a connection obtained from {@link #acquire()}. */
  void release(Connection c) {
    idle.addFirst(requireNonNull(c, "c is null"));
  }

  /** Asks SQLite to abort every running statement ({@code sqlite3_interrupt}); safe from any thread. */
  void interruptAll() {
    for (Connection c : all) {
      try {
        c.unwrap(SQLiteConnection.class).getDatabase().interrupt();
      } catch (SQLException | RuntimeException ignored) {
        // Best effort during shutdown: a connection that cannot be interrupted is closed below anyway.
      }
    }
  }

  /** Closes every connection, including ones still borrowed (their statements then fail). */
  @Override
  public void close() {
    closeAll(null);
  }

  private void closeAll(Throwable primary) {
    for (Connection c : all) {
      try {
        c.close();
      } catch (SQLException e) {
        if (primary != null) {
          primary.addSuppressed(e);
        }
      }
    }
  }
}
