package io.sqlotel.shard.client;

import static java.util.Objects.requireNonNull;

/**
 * A request to one shard failed. The message always names the shard and the cause; {@link #kind()} says how to
 * react (retry elsewhere, report to the user, ...).
 */
public class ShardException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** How a shard request failed. */
  public enum Kind {
    /** The shard could not be reached, the connection broke, or it answered HTTP 5xx. */
    UNAVAILABLE("unavailable"),
    /** Connecting, or waiting for the answer or for its next bytes, took longer than the configured timeout. */
    TIMEOUT("timed out"),
    /**
     * The answer broke the protocol: malformed or truncated JSON, wrong column count, a value that does not fit its
     * column, an unexpected status; also a batch that did not fit the allocator's limit (see the cause).
     */
    BAD_RESPONSE("sent a bad response"),
    /** The shard refused or failed the query: HTTP 4xx, or an {@code "error"} at the end of a streamed answer. */
    QUERY_ERROR("failed the query"),
    /** The request was abandoned because the stream or the client was closed, or another shard failed first. */
    CANCELLED("request cancelled");

    private final String phrase;

    Kind(String phrase) {
      this.phrase = phrase;
    }
  }

  private final String shardId;
  private final Kind kind;
  private final Integer httpStatus;
  private final String remoteCode;

  /**
   * Creates the exception; the message becomes {@code shard '<id>' <kind> (HTTP <status>, code <code>): <detail>}.
   *
   * @param shardId the shard's id; not null
   * @param kind how the request failed; not null
   * @param httpStatus the HTTP status the shard answered, or null if none was received
   * @param remoteCode the error code the shard sent (e.g. {@code SQLITE_ERROR}), or null
   * @param detail what happened; not null
   * @param cause the underlying exception, or null
   */
  public ShardException(String shardId, Kind kind, Integer httpStatus, String remoteCode, String detail,
      Throwable cause) {
    super(message(requireNonNull(shardId, "shardId is null"), requireNonNull(kind, "kind is null"), httpStatus,
        remoteCode, requireNonNull(detail, "detail is null")), cause);
    this.shardId = shardId;
    this.kind = kind;
    this.httpStatus = httpStatus;
    this.remoteCode = remoteCode;
  }

  private static String message(String shardId, Kind kind, Integer httpStatus, String remoteCode, String detail) {
    StringBuilder sb = new StringBuilder("shard '").append(shardId).append("' ").append(kind.phrase);
    if (httpStatus != null || remoteCode != null) {
      sb.append(" (");
      if (httpStatus != null) {
        sb.append("HTTP ").append(httpStatus);
      }
      if (remoteCode != null) {
        sb.append(httpStatus != null ? ", " : "").append("code ").append(remoteCode);
      }
      sb.append(')');
    }
    return sb.append(": ").append(detail).toString();
  }

  /** Returns the id of the shard whose request failed; never null. */
  public String shardId() {
    return shardId;
  }

  /** Returns how the request failed; never null. */
  public Kind kind() {
    return kind;
  }

  /** Returns the HTTP status the shard answered, or null if no status was received (connection failure, ...). */
  public Integer httpStatus() {
    return httpStatus;
  }

  /** Returns the error code sent by the shard (from {@code error.code}), or null. */
  public String remoteCode() {
    return remoteCode;
  }
}
