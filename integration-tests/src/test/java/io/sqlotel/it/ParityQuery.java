package io.sqlotel.it;

import static java.util.Objects.requireNonNull;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One query of a parity table: the text sent to sqlotel, the text run on the SQLite oracle, and whether the
 * query's ORDER BY fully determines the row order (then rows are compared in order, else as multisets).
 *
 * <p>Written once where possible: {@link #of} takes a single text in which {@code {ts 'yyyy-MM-dd HH:mm:ss'}}
 * becomes {@code TIMESTAMP '...'} for sqlotel and the integer nanoseconds for the oracle.
 *
 * @param name short label shown in test names and failures
 * @param ordered true if the order of the result rows is fully determined and must match
 * @param sqlotelSql the SQL for sqlotel
 * @param oracleSql the SQL for SQLite
 * @param knownBug null, or the description of a known sqlotel bug that makes this query differ from the oracle
 */
public record ParityQuery(String name, boolean ordered, String sqlotelSql, String oracleSql, String knownBug) {
  private static final Pattern TS = Pattern.compile("\\{ts '([0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2})'}");

  /** Validates the fields. */
  public ParityQuery {
    requireNonNull(name, "name is null");
    requireNonNull(sqlotelSql, "sqlotelSql is null");
    requireNonNull(oracleSql, "oracleSql is null");
  }

  /** A query whose text both sides accept once {@code {ts '...'}} placeholders are substituted. */
  public static ParityQuery of(String name, boolean ordered, String sql) {
    return new ParityQuery(name, ordered, sqlotel(sql), oracle(sql), null);
  }

  /** A query that needs a different text for each side (placeholders are substituted in both). */
  public static ParityQuery of(String name, boolean ordered, String sqlotelSql, String oracleSql) {
    return new ParityQuery(name, ordered, sqlotel(sqlotelSql), oracle(oracleSql), null);
  }

  /**
   * A copy marked as failing because of a known bug: the parity test then reports it as skipped while it still
   * differs from the oracle, and fails once it matches, so that the marker is removed.
   */
  public ParityQuery withKnownBug(String bug) {
    return new ParityQuery(name, ordered, sqlotelSql, oracleSql, requireNonNull(bug, "bug is null"));
  }

  /** Replaces each {@code {ts 'yyyy-MM-dd HH:mm:ss'}} by a SQL TIMESTAMP literal. */
  public static String sqlotel(String sql) {
    return TS.matcher(sql).replaceAll("TIMESTAMP '$1'");
  }

  /** Replaces each {@code {ts 'yyyy-MM-dd HH:mm:ss'}} by its UTC nanoseconds since the epoch. */
  public static String oracle(String sql) {
    Matcher m = TS.matcher(sql);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Long.toString(ShardedCluster.nanos(m.group(1))));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  @Override
  public String toString() {
    return name;
  }
}
