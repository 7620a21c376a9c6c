package io.sqlotel.shard.demo;

import static java.util.Objects.requireNonNull;

/**
 * A span being generated. Times are first relative to the trace's root start ({@link #relStart}); the
 * absolute start is assigned once every trace of the shard is built and its position in the slice known.
 */
final class Span {
  final String traceId;
  final String spanId;
  final String parentSpanId;
  final String name;
  final String kind;
  final DemoCatalog.Service service;
  final int host;
  final String scopeName;
  /** Start relative to the root span's start, nanoseconds. */
  final long relStart;
  /** Length in nanoseconds, at least 1. */
  final long duration;

  String attributes = "{}";
  String statusCode = "Unset";
  String statusMessage = "";
  /** Exception type recorded as a span event when the span failed, else null. */
  String exceptionType;
  /** Absolute start, nanoseconds since the Unix epoch; set by {@link TraceGenerator}. */
  long start;

  Span(String traceId, String spanId, String parentSpanId, String name, String kind, DemoCatalog.Service service,
      int host, String scopeName, long relStart, long duration) {
    this.traceId = requireNonNull(traceId, "traceId is null");
    this.spanId = requireNonNull(spanId, "spanId is null");
    this.parentSpanId = requireNonNull(parentSpanId, "parentSpanId is null");
    this.name = requireNonNull(name, "name is null");
    this.kind = requireNonNull(kind, "kind is null");
    this.service = requireNonNull(service, "service is null");
    this.host = host;
    this.scopeName = requireNonNull(scopeName, "scopeName is null");
    this.relStart = relStart;
    this.duration = duration;
  }

  /** Marks the span failed with status Error. */
  void fail(String message, String exception) {
    statusCode = "Error";
    statusMessage = message;
    exceptionType = exception;
  }

  boolean failed() {
    return "Error".equals(statusCode);
  }

  /** Returns the Events column: an "exception" event for failed spans, else an empty array. */
  String eventsJson() {
    if (exceptionType == null) {
      return "[]";
    }
    StringBuilder sb = new StringBuilder("[{\"Timestamp\":").append(start + duration / 2)
        .append(",\"Name\":\"exception\",\"Attributes\":");
    sb.append(JsonText.object("exception.type", exceptionType, "exception.message", statusMessage));
    return sb.append("}]").toString();
  }
}
