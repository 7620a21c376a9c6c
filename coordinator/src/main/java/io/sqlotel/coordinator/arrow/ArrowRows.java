package io.sqlotel.coordinator.arrow;

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.calcite.avatica.util.ByteString;

/**
 * Reads single values out of Arrow vectors in Calcite's internal representation (TIMESTAMP as Long milliseconds,
 * rounded down; VARBINARY as {@link ByteString}; MAP as {@code Map<String, String>}). Used only by the row-at-a-time fallback.
 */
public final class ArrowRows {
  private ArrowRows() {}

  /**
   * Row {@code i} (not null) of a Map(Utf8, Utf8) vector as a {@code Map<String, String>} in entry order (a later
   * duplicate key wins), Calcite's representation of {@code MAP<VARCHAR, VARCHAR>}.
   */
  public static Map<String, String> stringMap(MapVector m, int i) {
    StructVector entries = (StructVector) m.getDataVector();
    VarCharVector keys = (VarCharVector) entries.getChildrenFromFields().get(0);
    VarCharVector values = (VarCharVector) entries.getChildrenFromFields().get(1);
    Map<String, String> out = new LinkedHashMap<>();
    for (int e = m.getElementStartIndex(i); e < m.getElementEndIndex(i); e++) {
      out.put(new String(keys.get(e), StandardCharsets.UTF_8),
          values.isNull(e) ? null : new String(values.get(e), StandardCharsets.UTF_8));
    }
    return out;
  }

  /** The value at {@code i}, or null. */
  public static Object get(FieldVector v, int i) {
    if (v.isNull(i)) {
      return null;
    }
    if (v instanceof BigIntVector b) {
      return b.get(i);
    } else if (v instanceof IntVector b) {
      return b.get(i);
    } else if (v instanceof Float8Vector b) {
      return b.get(i);
    } else if (v instanceof BitVector b) {
      return b.get(i) != 0;
    } else if (v instanceof TimeStampNanoVector b) {
      return Math.floorDiv(b.get(i), 1_000_000L);
    } else if (v instanceof VarCharVector b) {
      return new String(b.get(i), java.nio.charset.StandardCharsets.UTF_8);
    } else if (v instanceof VarBinaryVector b) {
      return new ByteString(b.get(i));
    } else if (v instanceof DecimalVector b) {
      return b.getObject(i);
    } else if (v instanceof MapVector m) {
      return stringMap(m, i);
    }
    return v.getObject(i);
  }
}
