package io.sqlotel.flight.producer;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.sqlotel.flight.error.Errors;
import io.sqlotel.proto.v1.ParameterValue;
import io.sqlotel.proto.v1.PreparedStatementHandle;
import io.sqlotel.proto.v1.QueryTicket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;

/**
 * Encodes and decodes the self-contained protobuf handles and tickets the server hands to clients.
 *
 * <p>A prepared-statement handle is a serialized {@link PreparedStatementHandle} (SQL plus bound parameters); a
 * ticket is a Flight SQL {@link TicketStatementQuery} wrapping a serialized {@link QueryTicket}. Because everything
 * needed to run the query travels with the client, any replica can serve it and nothing is held server-side.
 */
public final class HandleCodec {
  private HandleCodec() {}

  /**
   * Parses a prepared-statement handle.
   *
   * @throws org.apache.arrow.flight.FlightRuntimeException INVALID_ARGUMENT if the bytes are not a handle we issued
   */
  public static PreparedStatementHandle parseHandle(ByteString bytes) {
    try {
      PreparedStatementHandle handle = PreparedStatementHandle.parseFrom(bytes);
      if (handle.getSql().isEmpty()) {
        throw Errors.invalidArgument("unknown prepared statement handle (it holds no SQL)");
      }
      return handle;
    } catch (InvalidProtocolBufferException e) {
      throw Errors.invalidArgument("unknown prepared statement handle: " + e.getMessage(), e);
    }
  }

  /**
   * Parses the {@link QueryTicket} inside a Flight SQL statement ticket.
   *
   * @throws org.apache.arrow.flight.FlightRuntimeException INVALID_ARGUMENT if the bytes are not a ticket we issued
   */
  public static QueryTicket parseTicket(TicketStatementQuery ticket) {
    try {
      QueryTicket t = QueryTicket.parseFrom(ticket.getStatementHandle());
      if (t.getSql().isEmpty()) {
        throw Errors.invalidArgument("unknown ticket (it holds no SQL)");
      }
      return t;
    } catch (InvalidProtocolBufferException e) {
      throw Errors.invalidArgument("unknown ticket: " + e.getMessage(), e);
    }
  }

  /**
   * The {@link QueryTicket} inside Flight ticket bytes, or null if they hold something else (e.g. a metadata command).
   *
   * @throws org.apache.arrow.flight.FlightRuntimeException INVALID_ARGUMENT for a statement ticket we did not issue
   */
  public static QueryTicket parseFlightTicket(Ticket ticket) {
    Any any;
    try {
      any = Any.parseFrom(ticket.getBytes());
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
    if (!any.is(TicketStatementQuery.class)) {
      return null;
    }
    try {
      return parseTicket(any.unpack(TicketStatementQuery.class));
    } catch (InvalidProtocolBufferException e) {
      throw Errors.invalidArgument("unknown ticket: " + e.getMessage(), e);
    }
  }

  /** The Flight ticket bytes for a query: {@code Any(TicketStatementQuery(statement_handle = ticket))}. */
  public static Ticket toFlightTicket(QueryTicket ticket) {
    TicketStatementQuery tsq = TicketStatementQuery.newBuilder().setStatementHandle(ticket.toByteString()).build();
    return new Ticket(Any.pack(tsq).toByteArray());
  }

  /**
   * Converts bound parameter values to the Java objects {@link io.sqlotel.coordinator.QueryEngine#execute} takes:
   * {@code Long}, {@code Double}, {@code String}, {@code Boolean}, {@code byte[]}, {@link Instant} (timestamps, with
   * nanosecond precision) or null.
   *
   * @throws org.apache.arrow.flight.FlightRuntimeException INVALID_ARGUMENT for a value with no case set
   */
  public static List<Object> toJava(List<ParameterValue> values) {
    if (values.isEmpty()) {
      return List.of();
    }
    List<Object> out = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      ParameterValue v = values.get(i);
      out.add(switch (v.getValueCase()) {
        case IS_NULL -> null;
        case INT64_VALUE -> v.getInt64Value();
        case DOUBLE_VALUE -> v.getDoubleValue();
        case STRING_VALUE -> v.getStringValue();
        case BYTES_VALUE -> v.getBytesValue().toByteArray();
        case BOOL_VALUE -> v.getBoolValue();
        case TIMESTAMP_NANOS -> instantOfNanos(v.getTimestampNanos());
        case VALUE_NOT_SET -> throw Errors.invalidArgument("parameter " + (i + 1) + " has no value");
      });
    }
    return Collections.unmodifiableList(out);
  }

  /** The instant {@code nanos} nanoseconds after the epoch (negative values are before it). */
  public static Instant instantOfNanos(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  /** A parameter value holding SQL NULL. */
  public static ParameterValue nullValue() {
    return ParameterValue.newBuilder().setIsNull(true).build();
  }
}
