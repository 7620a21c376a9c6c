package io.sqlotel.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Shard answers for the decoding benchmark: the JSON a shard sends for a 6-column span row (Timestamp, ServiceName,
 * SpanName, Duration, StatusCode, a double), in the shard protocol's envelope, deterministic for a seed.
 */
public final class JsonBodies {
  private static final String[] SERVICES = {"frontend", "checkout", "cart", "payment", "auth", "catalog",
      "shipping", "email", "recommendation", "ad"};
  private static final String[] SPANS = {"GET /api/products", "POST /orders", "GET /cart/{userId}", "POST /charge",
      "POST /token/verify", "db.query", "cache.get", "GET /recommendations"};
  private static final String[] STATUS = {"Unset", "Unset", "Unset", "Unset", "Ok", "Error"};

  private JsonBodies() {}

  /** The Arrow schema of the six columns. */
  public static Schema sixColumnSchema() {
    return new Schema(List.of(
        new Field("Timestamp", FieldType.notNullable(new ArrowType.Timestamp(TimeUnit.NANOSECOND, null)), null),
        new Field("ServiceName", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
        new Field("SpanName", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
        new Field("Duration", FieldType.notNullable(new ArrowType.Int(64, true)), null),
        new Field("StatusCode", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
        new Field("Value", FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null)));
  }

  /**
   * A complete answer of {@code rows} rows.
   *
   * @param rows the number of rows
   * @param seed the random seed
   * @return the UTF-8 body
   */
  public static byte[] sixColumns(int rows, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    StringBuilder sb = new StringBuilder(rows * 110);
    sb.append("{\"columns\":[\"Timestamp\",\"ServiceName\",\"SpanName\",\"Duration\",\"StatusCode\",\"Value\"],"
        + "\"rows\":[");
    long ts = 1_767_225_600_000_000_000L;
    for (int i = 0; i < rows; i++) {
      ts += r.nextLong(1, 50_000_000);
      sb.append(i == 0 ? "[" : ",[").append(ts).append(",\"").append(SERVICES[r.nextInt(SERVICES.length)])
          .append("\",\"").append(SPANS[r.nextInt(SPANS.length)]).append("\",")
          .append(r.nextLong(10_000, 2_000_000_000L))
          .append(",\"").append(STATUS[r.nextInt(STATUS.length)]).append("\",");
      if (r.nextInt(10) == 0) {
        sb.append("null");
      } else {
        sb.append(String.format(Locale.ROOT, "%.4f", r.nextDouble() * 100));
      }
      sb.append(']');
    }
    sb.append("],\"meta\":{\"rows_read\":").append(rows).append(",\"duration_ms\":1.5}}");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }
}
