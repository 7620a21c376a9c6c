package io.sqlotel.shard.server;

/**
 * The error codes of the shard protocol, each with the HTTP status it is answered with when the error
 * happens before the response status was sent (see {@code docs/shard-protocol.md}).
 */
enum ErrorCode {
  /** The statement failed to prepare or execute (syntax, unknown table, runtime error such as overflow). */
  SQL_ERROR(400),
  /** The statement tried to write; the shard is read-only. */
  READ_ONLY(403),
  /** The request envelope is malformed (body not JSON, missing "sql", bad parameter, wrong arity). */
  BAD_REQUEST(400),
  /** A bearer token is configured and the request did not present it. */
  UNAUTHORIZED(401),
  /** No such endpoint. */
  NOT_FOUND(404),
  /** The endpoint exists but not for this HTTP method. */
  METHOD_NOT_ALLOWED(405),
  /** The database is busy or locked, or the server is shutting down; retrying may succeed. */
  UNAVAILABLE(503),
  /** A fault of the shard itself (I/O error, corrupt file, bug). */
  INTERNAL(500);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  /** Returns the HTTP status code used when this error is reported before streaming began. */
  int httpStatus() {
    return httpStatus;
  }
}
