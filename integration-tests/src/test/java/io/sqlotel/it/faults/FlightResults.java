package io.sqlotel.it.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sqlotel.it.Oracle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Reads a Flight SQL result stream the way a client that wants the partial-result report does: the rows (as an
 * {@link Oracle.Result}), the schema metadata {@code sqlotel.failed_shards}, and the app_metadata of the last message.
 */
final class FlightResults {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A drained stream.
   *
   * @param result the rows
   * @param schemaMetadata the stream schema's custom metadata
   * @param lastAppMetadata the app_metadata of the last message as text, or null if it had none
   */
  record Read(Oracle.Result result, Map<String, String> schemaMetadata, String lastAppMetadata) {
    /** The shard ids listed in the final report (empty if there is none). */
    List<String> failedShards() {
      List<String> ids = new ArrayList<>();
      if (lastAppMetadata != null) {
        try {
          for (JsonNode f : JSON.readTree(lastAppMetadata).path("sqlotel.failed_shards")) {
            ids.add(f.path("shard").asText());
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return ids;
    }
  }

  private FlightResults() {}

  /** Drains {@code stream} (the caller closes it). */
  static Read read(FlightStream stream) {
    Map<String, String> schemaMetadata = stream.getSchema().getCustomMetadata();
    List<String> labels = new ArrayList<>();
    List<Oracle.Kind> kinds = new ArrayList<>();
    for (Field f : stream.getSchema().getFields()) {
      labels.add(f.getName());
      kinds.add(kindOf(f.getType()));
    }
    List<List<Object>> rows = new ArrayList<>();
    String last = null;
    while (stream.next()) {
      VectorSchemaRoot batch = stream.getRoot();
      for (int r = 0; r < batch.getRowCount(); r++) {
        List<Object> row = new ArrayList<>(kinds.size());
        for (int c = 0; c < kinds.size(); c++) {
          row.add(value(batch.getVector(c), r, kinds.get(c)));
        }
        rows.add(row);
      }
      ArrowBuf meta = stream.getLatestMetadata();
      if (meta != null && meta.readableBytes() > 0) {
        byte[] bytes = new byte[(int) meta.readableBytes()];
        meta.getBytes(meta.readerIndex(), bytes);
        last = new String(bytes, StandardCharsets.UTF_8);
      } else {
        last = null;
      }
    }
    return new Read(new Oracle.Result(labels, kinds, rows), schemaMetadata, last);
  }

  private static Oracle.Kind kindOf(ArrowType t) {
    return switch (t.getTypeID()) {
      case Int, Bool -> Oracle.Kind.INTEGER;
      case FloatingPoint, Decimal -> Oracle.Kind.DOUBLE;
      case Utf8 -> Oracle.Kind.TEXT;
      case Binary -> Oracle.Kind.BYTES;
      case Timestamp -> Oracle.Kind.TIMESTAMP;
      case Map -> Oracle.Kind.MAP;
      default -> throw new AssertionError("unexpected Arrow type: " + t);
    };
  }

  private static Object value(FieldVector v, int row, Oracle.Kind kind) {
    if (v.isNull(row)) {
      return null;
    }
    return switch (kind) {
      case INTEGER -> v instanceof BitVector b ? Long.valueOf(b.get(row))
          : Long.valueOf(((Number) v.getObject(row)).longValue());
      case DOUBLE -> ((Number) v.getObject(row)).doubleValue();
      case TEXT -> v.getObject(row).toString();
      case BYTES -> (byte[]) v.getObject(row);
      case TIMESTAMP -> ((TimeStampVector) v).get(row);
      case MAP -> Oracle.sqlotelMap(io.sqlotel.coordinator.arrow.ArrowRows.stringMap(
          (org.apache.arrow.vector.complex.MapVector) v, row));
    };
  }
}
