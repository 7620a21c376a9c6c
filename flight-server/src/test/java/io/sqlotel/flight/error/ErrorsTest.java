package io.sqlotel.flight.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.sqlotel.coordinator.QueryException;
import java.util.Map;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.memory.OutOfMemoryException;
import org.junit.jupiter.api.Test;

class ErrorsTest {
  @Test
  void queryExceptionCodesMapOneToOne() {
    Map<QueryException.Code, FlightStatusCode> expected = Map.of(
        QueryException.Code.INVALID_ARGUMENT, FlightStatusCode.INVALID_ARGUMENT,
        QueryException.Code.NOT_FOUND, FlightStatusCode.NOT_FOUND,
        QueryException.Code.UNAVAILABLE, FlightStatusCode.UNAVAILABLE,
        QueryException.Code.DEADLINE_EXCEEDED, FlightStatusCode.TIMED_OUT,
        QueryException.Code.RESOURCE_EXHAUSTED, FlightStatusCode.RESOURCE_EXHAUSTED,
        QueryException.Code.CANCELLED, FlightStatusCode.CANCELLED,
        QueryException.Code.INTERNAL, FlightStatusCode.INTERNAL,
        QueryException.Code.UNIMPLEMENTED, FlightStatusCode.UNIMPLEMENTED);
    assertEquals(QueryException.Code.values().length, expected.size());
    expected.forEach((code, status) -> {
      QueryException qe = new QueryException(code, "message " + code);
      FlightRuntimeException e = Errors.toFlight(qe);
      assertEquals(status, e.status().code());
      assertEquals("message " + code, e.status().description());
      assertSame(qe, e.status().cause());
    });
  }

  @Test
  void otherFailures() {
    FlightRuntimeException flight = CallStatus.NOT_FOUND.withDescription("x").toRuntimeException();
    assertSame(flight, Errors.toFlight(flight));
    assertEquals(FlightStatusCode.RESOURCE_EXHAUSTED,
        Errors.toFlight(new OutOfMemoryException("too big")).status().code());
    FlightRuntimeException bug = Errors.toFlight(new IllegalStateException("oops"));
    assertEquals(FlightStatusCode.INTERNAL, bug.status().code());
    assertEquals("internal error (IllegalStateException): oops", bug.status().description());
    assertEquals(FlightStatusCode.INVALID_ARGUMENT, Errors.readOnly("updates").status().code());
    assertEquals(FlightStatusCode.UNIMPLEMENTED, Errors.unimplemented("x").status().code());
  }
}
