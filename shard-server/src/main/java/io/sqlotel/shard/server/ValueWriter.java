package io.sqlotel.shard.server;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Writes the values of the current result row as JSON, choosing the encoding from the SQLite storage
 * class of each value (not from the declared column type, since SQLite columns may mix classes).
 *
 * <pre>
 *   INTEGER -> JSON number, exact int64 (or a JSON string of the decimal digits when integersAsStrings)
 *   REAL    -> JSON number; +/-infinity -> "Infinity" / "-Infinity" (SQLite has no NaN)
 *   TEXT    -> JSON string
 *   BLOB    -> JSON string, RFC 4648 base64 with padding, no line breaks
 *   NULL    -> null
 * </pre>
 */
final class ValueWriter {
  private final boolean integersAsStrings;

  /**
   * @param integersAsStrings write INTEGER values as JSON strings, as a JavaScript shard would
   */
  ValueWriter(boolean integersAsStrings) {
    this.integersAsStrings = integersAsStrings;
  }

  /**
   * Writes the current row of {@code rs} as a JSON array.
   *
   * @param rs a result set positioned on a row
   * @param columnCount number of columns of {@code rs}
   * @param gen generator positioned where an array value may be written
   * @throws SQLException if the driver fails to read a value
   * @throws IOException if writing fails (typically the client went away)
   */
  void writeRow(ResultSet rs, int columnCount, JsonGenerator gen) throws SQLException, IOException {
    gen.writeStartArray();
    for (int i = 1; i <= columnCount; i++) {
      writeValue(rs.getObject(i), gen);
    }
    gen.writeEndArray();
  }

  // sqlite-jdbc's getObject switches on sqlite3_column_type of the current value: Integer or Long for
  // INTEGER, Double for REAL, String for TEXT, byte[] for BLOB (empty array for x''), null for NULL.
  private void writeValue(Object v, JsonGenerator gen) throws IOException {
    if (v == null) {
      gen.writeNull();
    } else if (v instanceof Integer || v instanceof Long) {
      long l = ((Number) v).longValue();
      if (integersAsStrings) {
        gen.writeString(Long.toString(l));
      } else {
        gen.writeNumber(l);
      }
    } else if (v instanceof Double) {
      writeDouble((Double) v, gen);
    } else if (v instanceof String) {
      gen.writeString((String) v);
    } else if (v instanceof byte[]) {
      gen.writeBinary((byte[]) v);
    } else {
      throw new AssertionError("unexpected value class from sqlite-jdbc: " + v.getClass());
    }
  }

  private static void writeDouble(double d, JsonGenerator gen) throws IOException {
    if (d == Double.POSITIVE_INFINITY) {
      gen.writeString("Infinity");
    } else if (d == Double.NEGATIVE_INFINITY) {
      gen.writeString("-Infinity");
    } else if (Double.isNaN(d)) {
      // SQLite converts NaN to NULL when storing or computing; keep the output valid JSON regardless.
      gen.writeNull();
    } else {
      gen.writeNumber(d);
    }
  }
}
