package io.sqlotel.flight.producer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.sqlotel.proto.v1.ParameterValue;
import io.sqlotel.proto.v1.PreparedStatementHandle;
import io.sqlotel.proto.v1.QueryTicket;
import java.time.Instant;
import java.util.List;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;
import org.junit.jupiter.api.Test;

class HandleCodecTest {
  @Test
  void parameterValuesBecomeEngineObjects() {
    List<Object> values = HandleCodec.toJava(List.of(
        HandleCodec.nullValue(),
        ParameterValue.newBuilder().setInt64Value(-5).build(),
        ParameterValue.newBuilder().setDoubleValue(1.5).build(),
        ParameterValue.newBuilder().setStringValue("x").build(),
        ParameterValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {1, 2})).build(),
        ParameterValue.newBuilder().setBoolValue(true).build(),
        ParameterValue.newBuilder().setTimestampNanos(-1).build()));
    assertNull(values.get(0));
    assertEquals(-5L, values.get(1));
    assertEquals(1.5, values.get(2));
    assertEquals("x", values.get(3));
    assertArrayEquals(new byte[] {1, 2}, (byte[]) values.get(4));
    assertEquals(true, values.get(5));
    assertEquals(Instant.parse("1969-12-31T23:59:59.999999999Z"), values.get(6));
    assertThrows(FlightRuntimeException.class,
        () -> HandleCodec.toJava(List.of(ParameterValue.getDefaultInstance())));
  }

  @Test
  void ticketsRoundTrip() throws Exception {
    QueryTicket t = QueryTicket.newBuilder().setSql("SELECT 1").setQueryStartNanos(42).setQueryId("abc").build();
    Ticket flight = HandleCodec.toFlightTicket(t);
    TicketStatementQuery tsq = Any.parseFrom(flight.getBytes()).unpack(TicketStatementQuery.class);
    assertEquals(t, HandleCodec.parseTicket(tsq));
  }

  @Test
  void garbageIsInvalidArgument() {
    FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
        () -> HandleCodec.parseHandle(ByteString.copyFrom(new byte[] {(byte) 0xff, 0x00})));
    assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code());
    assertThrows(FlightRuntimeException.class, () -> HandleCodec.parseHandle(ByteString.EMPTY));
    assertThrows(FlightRuntimeException.class,
        () -> HandleCodec.parseTicket(TicketStatementQuery.getDefaultInstance()));
    assertEquals("SELECT 1", HandleCodec.parseHandle(
        PreparedStatementHandle.newBuilder().setSql("SELECT 1").build().toByteString()).getSql());
  }
}
