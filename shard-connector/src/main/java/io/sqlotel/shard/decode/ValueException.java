package io.sqlotel.shard.decode;

/** A JSON value does not fit its column; the caller adds the shard, column and row. Cheap: no stack trace. */
final class ValueException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ValueException(String message) {
    super(message, null, false, false);
  }
}
