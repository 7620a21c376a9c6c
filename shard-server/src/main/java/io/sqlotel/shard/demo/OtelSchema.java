package io.sqlotel.shard.demo;

import static java.util.Objects.requireNonNull;

import io.sqlotel.shard.server.SqlText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The per-shard OpenTelemetry schema ({@code otel_logs}, {@code otel_traces}, {@code otel_traces_trace_id_ts},
 * {@code otel_metrics_*}), read from the class-path resource {@value #RESOURCE}.
 *
 * <p>All time columns are INTEGER nanoseconds since the Unix epoch; attribute maps are JSON text.
 */
public final class OtelSchema {
  /** Class-path location of the DDL script. */
  public static final String RESOURCE = "/io/sqlotel/shard/schema/otel-schema.sql";

  private static final Pattern CREATE_TABLE =
      Pattern.compile("\\bCREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)", Pattern.CASE_INSENSITIVE);

  private OtelSchema() {}

  /**
   * Returns the DDL script: {@code CREATE TABLE IF NOT EXISTS} and {@code CREATE INDEX IF NOT EXISTS}
   * statements separated by semicolons, with SQL comments.
   *
   * @return the script text
   * @throws UncheckedIOException if the resource is missing from the class path (a packaging error)
   */
  public static String ddl() {
    return Holder.DDL;
  }

  /**
   * Returns the table names in the order the script creates them (the five metric tables last).
   *
   * @return unmodifiable list of table names
   */
  public static List<String> tables() {
    return Holder.TABLES;
  }

  /**
   * Creates every table and index that does not exist yet.
   *
   * @param c an open, writable connection; the statements run in its current transaction mode
   * @throws SQLException if a statement fails (for example on a read-only database)
   */
  public static void create(Connection c) throws SQLException {
    requireNonNull(c, "c is null");
    try (Statement s = c.createStatement()) {
      for (String sql : Holder.STATEMENTS) {
        s.executeUpdate(sql);
      }
    }
  }

  /** Lazily loaded so that a missing resource surfaces as an exception at first use, not class init. */
  private static final class Holder {
    static final String DDL = load();
    static final List<String> STATEMENTS = List.copyOf(SqlText.statements(DDL));
    static final List<String> TABLES = tableNames(STATEMENTS);

    private static String load() {
      try (InputStream in = OtelSchema.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new UncheckedIOException(new IOException("resource not found: " + RESOURCE));
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
    }

    private static List<String> tableNames(List<String> statements) {
      List<String> names = new ArrayList<>();
      for (String sql : statements) {
        Matcher m = CREATE_TABLE.matcher(sql);
        if ("CREATE".equals(SqlText.firstKeyword(sql)) && m.find()) {
          names.add(m.group(1));
        }
      }
      return List.copyOf(names);
    }
  }
}
