package io.sqlotel.it;

import io.sqlotel.coordinator.ResultStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/** Reads results of the engine itself (Arrow batches) into {@link Oracle.Result}s, for comparison with the oracle. */
final class ArrowResults {
  private ArrowResults() {}

  /**
   * Drains an engine result stream into a {@link Oracle.Result}, closing every batch; the stream stays open.
   *
   * @param stream the engine's result
   * @return the rows with values normalized as for JDBC results
   */
  static Oracle.Result read(ResultStream stream) {
    List<String> labels = new ArrayList<>();
    List<Oracle.Kind> kinds = new ArrayList<>();
    for (Field f : stream.schema().getFields()) {
      labels.add(f.getName());
      kinds.add(kindOf(f.getType()));
    }
    List<List<Object>> rows = new ArrayList<>();
    while (true) {
      VectorSchemaRoot batch = stream.next();
      if (batch == null) {
        break;
      }
      try (batch) {
        for (int r = 0; r < batch.getRowCount(); r++) {
          List<Object> row = new ArrayList<>(kinds.size());
          for (int c = 0; c < kinds.size(); c++) {
            row.add(readArrow(batch.getVector(c), r, kinds.get(c)));
          }
          rows.add(row);
        }
      }
    }
    return new Oracle.Result(labels, kinds, rows);
  }

  private static Oracle.Kind kindOf(ArrowType t) {
    return switch (t.getTypeID()) {
      case Int, Bool -> Oracle.Kind.INTEGER;
      case FloatingPoint, Decimal -> Oracle.Kind.DOUBLE;
      case Utf8, LargeUtf8 -> Oracle.Kind.TEXT;
      case Binary, LargeBinary, FixedSizeBinary -> Oracle.Kind.BYTES;
      case Timestamp -> Oracle.Kind.TIMESTAMP;
      case Map -> Oracle.Kind.MAP;
      default -> throw new AssertionError("unexpected Arrow type from the engine: " + t);
    };
  }

  private static Object readArrow(FieldVector v, int row, Oracle.Kind kind) {
    if (v.isNull(row)) {
      return null;
    }
    return switch (kind) {
      case INTEGER -> v instanceof BitVector b
          ? Long.valueOf(b.get(row)) : Long.valueOf(((Number) v.getObject(row)).longValue());
      case DOUBLE -> ((Number) v.getObject(row)).doubleValue();
      case TEXT -> v.getObject(row).toString();
      case BYTES -> (byte[]) v.getObject(row);
      case TIMESTAMP -> ((TimeStampVector) v).get(row);
      case MAP -> Oracle.sqlotelMap(io.sqlotel.coordinator.arrow.ArrowRows.stringMap(
          (org.apache.arrow.vector.complex.MapVector) v, row));
    };
  }
}
