package io.sqlotel.shard.decode;

import static java.util.Objects.requireNonNull;

/**
 * A shard's answer could not be decoded. The message names the shard and, when known, the column (name and index),
 * the row (0-based, counted over the whole answer) and what was found.
 */
public class DecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String shardId;
  private final String columnName;
  private final int columnIndex;
  private final long row;
  private final String detail;

  /**
   * Creates an exception about the answer as a whole (envelope, JSON syntax, column count).
   *
   * @param shardId the shard that sent the answer; not null
   * @param detail what was wrong; not null
   * @param cause the underlying parser error, or null
   */
  public DecodeException(String shardId, String detail, Throwable cause) {
    this(shardId, null, -1, -1, detail, cause);
  }

  /**
   * Creates an exception about one value or row.
   *
   * @param shardId the shard that sent the answer; not null
   * @param columnName the column's name, or null if the problem is not about one column
   * @param columnIndex the column's 0-based position, or -1
   * @param row the 0-based row number within the answer, or -1
   * @param detail what was expected and what was found; not null
   * @param cause the underlying parser error, or null
   */
  public DecodeException(String shardId, String columnName, int columnIndex, long row, String detail, Throwable cause) {
    this(requireNonNull(shardId, "shardId is null"), columnName, columnIndex, row,
        located(columnName, columnIndex, row, requireNonNull(detail, "detail is null")), cause, true);
  }

  private DecodeException(String shardId, String columnName, int columnIndex, long row, String detail,
      Throwable cause, boolean located) {
    super("shard '" + shardId + "': " + detail, cause);
    this.shardId = shardId;
    this.columnName = columnName;
    this.columnIndex = columnIndex;
    this.row = row;
    this.detail = detail;
  }

  private static String located(String columnName, int columnIndex, long row, String detail) {
    StringBuilder sb = new StringBuilder();
    if (columnName != null || columnIndex >= 0) {
      sb.append("column '").append(columnName).append("' (index ").append(columnIndex).append(')');
    }
    if (row >= 0) {
      sb.append(sb.length() > 0 ? ", " : "").append("row ").append(row);
    }
    return sb.length() == 0 ? detail : sb.append(": ").append(detail).toString();
  }

  /**
   * Returns the message without its leading {@code shard '<id>'}: the column and row, when known, and what was
   * wrong. For wrapping into another exception that already names the shard.
   */
  public String detail() {
    return detail;
  }

  /** Returns the id of the shard whose answer failed to decode; never null. */
  public String shardId() {
    return shardId;
  }

  /** Returns the name of the offending column, or null if the problem is not about one column. */
  public String columnName() {
    return columnName;
  }

  /** Returns the 0-based index of the offending column, or -1. */
  public int columnIndex() {
    return columnIndex;
  }

  /** Returns the 0-based row number (over the whole answer) of the offending row, or -1. */
  public long row() {
    return row;
  }
}
