package io.sqlotel.flight.error;

import com.google.protobuf.InvalidProtocolBufferException;
import io.sqlotel.coordinator.QueryException;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.memory.OutOfMemoryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become Flight statuses.
 *
 * <p>Every status carries a client-facing description and, server-side only, the cause. The mapping:
 * <ul>
 *   <li>{@link QueryException}: its code, one to one ({@code DEADLINE_EXCEEDED} is Flight's {@code TIMED_OUT}): a
 *       shard that is down or answers 5xx is {@code UNAVAILABLE}, a shard too slow for the request timeout or the
 *       query deadline {@code TIMED_OUT}, a shard's malformed answer or refusal {@code INTERNAL}, a gap of the catalog
 *       in the queried time range {@code INVALID_ARGUMENT}, an exhausted memory limit {@code RESOURCE_EXHAUSTED};
 *       messages name the shard;
 *   <li>an Arrow {@link OutOfMemoryException}: {@code RESOURCE_EXHAUSTED} (the query hit its memory limit);
 *   <li>a malformed protobuf ticket or handle: {@code INVALID_ARGUMENT};
 *   <li>a {@link FlightRuntimeException}: unchanged;
 *   <li>anything else is a bug: {@code INTERNAL}, logged with its stack trace.
 * </ul>
 */
public final class Errors {
  private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

  private Errors() {}

  /**
   * Converts any failure into the exception to throw (or pass to {@code listener.error}) for the client.
   *
   * @param t the failure, never null
   * @return a Flight exception whose description is meant for the client
   */
  public static FlightRuntimeException toFlight(Throwable t) {
    if (t instanceof FlightRuntimeException fre) {
      return fre;
    }
    if (t instanceof QueryException qe) {
      CallStatus status = switch (qe.code()) {
        case INVALID_ARGUMENT -> CallStatus.INVALID_ARGUMENT;
        case NOT_FOUND -> CallStatus.NOT_FOUND;
        case UNAVAILABLE -> CallStatus.UNAVAILABLE;
        case DEADLINE_EXCEEDED -> CallStatus.TIMED_OUT;
        case RESOURCE_EXHAUSTED -> CallStatus.RESOURCE_EXHAUSTED;
        case CANCELLED -> CallStatus.CANCELLED;
        case INTERNAL -> CallStatus.INTERNAL;
        case UNIMPLEMENTED -> CallStatus.UNIMPLEMENTED;
      };
      if (qe.code() == QueryException.Code.INTERNAL && causedByShard(qe)) {
        // A shard's bad answer or refusal is not a bug of the server; the query log has the details.
        LOG.info("query failed because of a shard: {}", qe.getMessage());
      } else if (qe.code() == QueryException.Code.INTERNAL) {
        LOG.error("internal query error: {}", qe.getMessage(), qe);
      }
      return status.withDescription(describe(qe)).withCause(qe).toRuntimeException();
    }
    if (t instanceof OutOfMemoryException oom) {
      return CallStatus.RESOURCE_EXHAUSTED
          .withDescription("query exceeded its memory limit: " + describe(oom))
          .withCause(oom)
          .toRuntimeException();
    }
    if (t instanceof InvalidProtocolBufferException ipe) {
      return invalidArgument("malformed request: " + describe(ipe), ipe);
    }
    LOG.error("internal error", t);
    return CallStatus.INTERNAL
        .withDescription("internal error (" + t.getClass().getSimpleName() + "): " + describe(t))
        .withCause(t)
        .toRuntimeException();
  }

  /** An {@code INVALID_ARGUMENT} error with the given client-facing description. */
  public static FlightRuntimeException invalidArgument(String description) {
    return CallStatus.INVALID_ARGUMENT.withDescription(description).toRuntimeException();
  }

  /** An {@code INVALID_ARGUMENT} error with the given description and server-side cause. */
  public static FlightRuntimeException invalidArgument(String description, Throwable cause) {
    return CallStatus.INVALID_ARGUMENT.withDescription(description).withCause(cause).toRuntimeException();
  }

  /**
   * The answer to any write: {@code INVALID_ARGUMENT} "sqlotel is read-only ...", raised before anything reaches a
   * shard.
   *
   * @param what the refused operation, e.g. {@code "UPDATE statements"}
   */
  public static FlightRuntimeException readOnly(String what) {
    return CallStatus.INVALID_ARGUMENT
        .withDescription("sqlotel is read-only: " + what + " are not supported (only SELECT queries are)")
        .toRuntimeException();
  }

  /**
   * An {@code UNIMPLEMENTED} error naming the unsupported Flight / Flight SQL call.
   *
   * @param what the call, e.g. {@code "Substrait plans"}
   */
  public static FlightRuntimeException unimplemented(String what) {
    return CallStatus.UNIMPLEMENTED
        .withDescription("sqlotel does not support " + what)
        .toRuntimeException();
  }

  /** A {@code CANCELLED} error with the given description. */
  public static FlightRuntimeException cancelled(String description) {
    return CallStatus.CANCELLED.withDescription(description).toRuntimeException();
  }

  private static boolean causedByShard(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof io.sqlotel.shard.client.ShardException || c instanceof io.sqlotel.shard.decode.DecodeException) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }
}
