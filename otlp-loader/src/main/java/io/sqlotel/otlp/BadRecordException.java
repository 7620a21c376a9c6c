package io.sqlotel.otlp;

/** A record (log record, span or metric point) that cannot be stored; it is skipped and reported. */
final class BadRecordException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BadRecordException(String message) {
    super(message);
  }
}
