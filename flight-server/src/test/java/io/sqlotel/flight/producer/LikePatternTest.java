package io.sqlotel.flight.producer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LikePatternTest {
  @Test
  void wildcardsEscapesAndCase() {
    assertTrue(LikePattern.of(null).matches("anything"));
    assertTrue(LikePattern.of("%").matches(""));
    assertTrue(LikePattern.of("otel%").matches("otel_logs"));
    assertTrue(LikePattern.of("otel_logs").matches("otel_logs"));
    assertTrue(LikePattern.of("otel_logs").matches("otelXlogs"));
    assertFalse(LikePattern.of("otel\\_logs").matches("otelXlogs"));
    assertTrue(LikePattern.of("otel\\_logs").matches("otel_logs"));
    assertTrue(LikePattern.of("OTEL_LOGS").matches("otel_logs"));
    assertTrue(LikePattern.of("o_el").matches("otel"));
    assertFalse(LikePattern.of("o_el").matches("oteel"));
    assertTrue(LikePattern.of("a.b*c%").matches("a.b*cdef"));
    assertFalse(LikePattern.of("a.b").matches("axb"));
    assertFalse(LikePattern.of("%").matches(null));
  }
}
