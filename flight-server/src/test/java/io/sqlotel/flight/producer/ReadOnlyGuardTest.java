package io.sqlotel.flight.producer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.junit.jupiter.api.Test;

class ReadOnlyGuardTest {
  @Test
  void writesDdlAndTransactionsAreRefused() {
    for (String sql : new String[] {"INSERT INTO t VALUES (1)", "  update t set a = 1", "-- c\nDELETE FROM t",
        "/* x */ (CREATE TABLE t (a int))", "drop table t", "ALTER TABLE t ADD b int", "MERGE INTO t USING u ON 1",
        "BEGIN", "commit", "ATTACH DATABASE 'x' AS y", "VACUUM"}) {
      FlightRuntimeException e = assertThrows(FlightRuntimeException.class, () -> ReadOnlyGuard.check(sql), sql);
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code());
      assertTrue(e.getMessage().startsWith("sqlotel is read-only"), e.getMessage());
    }
  }

  @Test
  void queriesPass() {
    for (String sql : new String[] {"SELECT 1", "  select * from otel_logs", "WITH a AS (SELECT 1) SELECT * FROM a",
        "(SELECT 1) UNION (SELECT 2)", "EXPLAIN PLAN FOR SELECT 1", "VALUES (1)", "-- insert\nSELECT 'delete'",
        "", "/* unterminated"}) {
      assertDoesNotThrow(() -> ReadOnlyGuard.check(sql), sql);
    }
    assertEquals("SELECT", ReadOnlyGuard.leadingKeyword(" /* a */ -- b\n ((select 1))"));
  }
}
