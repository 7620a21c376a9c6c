package io.sqlotel.coordinator.arrow;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import java.util.Map;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.calcite.avatica.util.ByteString;

/**
 * Writes rows of Calcite's internal value representation (TIMESTAMP as Long milliseconds, DATE as Integer days,
 * VARBINARY as {@link ByteString}, MAP as {@code java.util.Map}) into Arrow record batches of at most {@code batchRows} rows. Used only by the
 * row-at-a-time fallback; the columnar path never builds rows.
 */
public final class RowBatchWriter implements AutoCloseable {
  private final Schema schema;
  private final BufferAllocator allocator;
  private final int batchRows;
  private VectorSchemaRoot current;
  private int rows;

  /** Creates a writer of batches of {@code schema}. */
  public RowBatchWriter(Schema schema, BufferAllocator allocator, int batchRows) {
    this.schema = schema;
    this.allocator = allocator;
    this.batchRows = batchRows;
  }

  /** Whether the current batch is full and should be taken with {@link #take()}. */
  public boolean full() {
    return rows >= batchRows;
  }

  /** Whether no row is pending. */
  public boolean isEmpty() {
    return rows == 0;
  }

  /**
   * Appends one row.
   *
   * @param row one value per schema field, Calcite's internal representation
   */
  public void append(Object[] row) {
    if (current == null) {
      current = VectorSchemaRoot.create(schema, allocator);
      current.allocateNew();
    }
    for (int i = 0; i < row.length; i++) {
      set(current.getVector(i), rows, row[i]);
    }
    rows++;
  }

  /** Hands the pending rows over as a batch (owned by the caller), or null if none. */
  public VectorSchemaRoot take() {
    if (current == null) {
      return null;
    }
    VectorSchemaRoot out = current;
    out.setRowCount(rows);
    current = null;
    rows = 0;
    return out;
  }

  private static void set(FieldVector v, int i, Object value) {
    if (value == null) {
      v.setNull(i);
      return;
    }
    if (v instanceof BigIntVector b) {
      b.setSafe(i, ((Number) value).longValue());
    } else if (v instanceof IntVector b) {
      b.setSafe(i, ((Number) value).intValue());
    } else if (v instanceof SmallIntVector b) {
      b.setSafe(i, ((Number) value).shortValue());
    } else if (v instanceof TinyIntVector b) {
      b.setSafe(i, ((Number) value).byteValue());
    } else if (v instanceof Float8Vector b) {
      b.setSafe(i, ((Number) value).doubleValue());
    } else if (v instanceof DecimalVector b) {
      BigDecimal d = value instanceof BigDecimal bd ? bd : new BigDecimal(value.toString());
      b.setSafe(i, d.setScale(b.getScale(), RoundingMode.HALF_UP));
    } else if (v instanceof BitVector b) {
      b.setSafe(i, Boolean.TRUE.equals(value) ? 1 : 0);
    } else if (v instanceof TimeStampNanoVector b) {
      b.setSafe(i, Math.multiplyExact(((Number) value).longValue(), 1_000_000L));
    } else if (v instanceof DateDayVector b) {
      b.setSafe(i, ((Number) value).intValue());
    } else if (v instanceof VarBinaryVector b) {
      b.setSafe(i, value instanceof ByteString bs ? bs.getBytes() : (byte[]) value);
    } else if (v instanceof VarCharVector b) {
      b.setSafe(i, value.toString().getBytes(StandardCharsets.UTF_8));
    } else if (v instanceof MapVector m && value instanceof Map<?, ?> map) {
      setMap(m, i, map);
    } else {
      throw new IllegalStateException("unsupported vector " + v.getClass().getSimpleName());
    }
    v.setValueCount(Math.max(v.getValueCount(), i + 1));
  }

  /** Appends the entries of {@code map} (keys and values as text, null values kept) as row {@code i}. */
  private static void setMap(MapVector m, int i, Map<?, ?> map) {
    StructVector entries = (StructVector) m.getDataVector();
    VarCharVector keys = (VarCharVector) entries.getChildrenFromFields().get(0);
    VarCharVector values = (VarCharVector) entries.getChildrenFromFields().get(1);
    int start = m.startNewValue(i);
    int n = 0;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      int at = start + n++;
      entries.setIndexDefined(at);
      keys.setSafe(at, String.valueOf(e.getKey()).getBytes(StandardCharsets.UTF_8));
      if (e.getValue() == null) {
        values.setNull(at);
      } else {
        values.setSafe(at, e.getValue().toString().getBytes(StandardCharsets.UTF_8));
      }
    }
    m.endValue(i, n);
  }

  @Override
  public void close() {
    if (current != null) {
      current.close();
      current = null;
    }
  }
}
