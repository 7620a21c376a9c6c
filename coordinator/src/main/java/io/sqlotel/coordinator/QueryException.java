package io.sqlotel.coordinator;

/**
 * A query failure with a status code that maps one-to-one onto a gRPC / Flight status.
 *
 * <p>The message is meant for the client: it says what is wrong (the validator's message with line and column, the
 * shard that failed and why, ...).
 */
public class QueryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Status codes, named after the gRPC codes the Flight server answers with. */
  public enum Code {
    INVALID_ARGUMENT, NOT_FOUND, UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, CANCELLED, INTERNAL, UNIMPLEMENTED
  }

  private final Code code;

  /** Creates an exception with a code and a client-facing message. */
  public QueryException(Code code, String message) {
    this(code, message, null);
  }

  /** Creates an exception with a code, a client-facing message and its cause. */
  public QueryException(Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = java.util.Objects.requireNonNull(code, "code is null");
  }

  /** The status code. */
  public Code code() {
    return code;
  }
}
