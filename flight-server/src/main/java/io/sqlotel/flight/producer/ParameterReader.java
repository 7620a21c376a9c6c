package io.sqlotel.flight.producer;

import com.google.protobuf.ByteString;
import io.sqlotel.flight.error.Errors;
import io.sqlotel.proto.v1.ParameterValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.util.Text;

/**
 * Reads the parameter batch a client sends with DoPut(CommandPreparedStatementQuery) into protobuf parameter values.
 *
 * <p>Exactly one row of parameters is accepted (one value per column, in column order): binding several parameter
 * sets to one query would mean running it once per row, which sqlotel does not do. Integers become int64, floats and
 * decimals with a fraction become double, text becomes string, binaries bytes, booleans bool, and timestamps and
 * dates (any unit; zoned ones as their UTC instant) become nanoseconds since the epoch.
 */
public final class ParameterReader {
  private static final long NANOS_PER_DAY = 86_400L * 1_000_000_000L;

  private ParameterReader() {}

  /**
   * Drains {@code stream} and returns the single bound row.
   *
   * @return one value per parameter column; empty if the client sent no columns
   * @throws org.apache.arrow.flight.FlightRuntimeException INVALID_ARGUMENT for zero or several rows, or a column
   *     type that cannot be a parameter
   */
  public static List<ParameterValue> readSingleRow(FlightStream stream) {
    List<ParameterValue> row = null;
    int rows = 0;
    while (stream.next()) {
      VectorSchemaRoot root = stream.getRoot();
      for (int r = 0; r < root.getRowCount(); r++) {
        rows++;
        if (rows == 1) {
          row = readRow(root, r);
        }
      }
    }
    if (rows > 1) {
      throw Errors.invalidArgument("binding " + rows + " parameter sets to one query is not supported; bind one row");
    }
    if (row == null) {
      if (stream.getSchema() != null && !stream.getSchema().getFields().isEmpty()) {
        throw Errors.invalidArgument("the parameter batch holds no row; bind exactly one row of parameters");
      }
      return List.of();
    }
    return row;
  }

  /** Converts row {@code r} of {@code root} to one parameter value per column. */
  static List<ParameterValue> readRow(VectorSchemaRoot root, int r) {
    List<ParameterValue> values = new ArrayList<>(root.getFieldVectors().size());
    int index = 1;
    for (FieldVector v : root.getFieldVectors()) {
      values.add(read(v, r, index++));
    }
    return values;
  }

  private static ParameterValue read(FieldVector v, int r, int index) {
    if (v.isNull(r)) {
      return HandleCodec.nullValue();
    }
    ParameterValue.Builder b = ParameterValue.newBuilder();
    if (v instanceof TimeStampVector ts) {
      TimeUnit unit = ((ArrowType.Timestamp) v.getField().getType()).getUnit();
      return b.setTimestampNanos(toNanos(ts.get(r), unit, index)).build();
    }
    if (v instanceof DateDayVector d) {
      return b.setTimestampNanos(Math.multiplyExact((long) d.get(r), NANOS_PER_DAY)).build();
    }
    if (v instanceof DateMilliVector d) {
      return b.setTimestampNanos(Math.multiplyExact(d.get(r), 1_000_000L)).build();
    }
    if (v instanceof BaseIntVector i) {
      return b.setInt64Value(i.getValueAsLong(r)).build();
    }
    if (v instanceof FloatingPointVector f) {
      return b.setDoubleValue(f.getValueAsDouble(r)).build();
    }
    if (v instanceof BitVector bit) {
      return b.setBoolValue(bit.get(r) != 0).build();
    }
    return switch (v.getField().getType().getTypeID()) {
      // Text, binary, decimal and union vectors: go by the Java object they hold.
      case Utf8, LargeUtf8, Utf8View, Binary, LargeBinary, BinaryView, FixedSizeBinary, Decimal, Union ->
          fromObject(v.getObject(r), v, index);
      default -> throw unbindable(v, index);
    };
  }

  private static RuntimeException unbindable(FieldVector v, int index) {
    return Errors.invalidArgument("parameter " + index + " (" + v.getField().getName() + ") has Arrow type "
        + v.getField().getType() + ", which cannot be bound; use an integer, floating point, text, binary,"
        + " boolean, date or timestamp value");
  }

  private static ParameterValue fromObject(Object o, FieldVector v, int index) {
    ParameterValue.Builder b = ParameterValue.newBuilder();
    if (o == null) {
      return HandleCodec.nullValue();
    } else if (o instanceof Text || o instanceof String) {
      return b.setStringValue(o.toString()).build();
    } else if (o instanceof byte[] bytes) {
      return b.setBytesValue(ByteString.copyFrom(bytes)).build();
    } else if (o instanceof Boolean bool) {
      return b.setBoolValue(bool).build();
    } else if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte) {
      return b.setInt64Value(((Number) o).longValue()).build();
    } else if (o instanceof Double || o instanceof Float) {
      return b.setDoubleValue(((Number) o).doubleValue()).build();
    } else if (o instanceof BigDecimal d) {
      if (d.stripTrailingZeros().scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
        return b.setInt64Value(d.longValueExact()).build();
      }
      return b.setDoubleValue(d.doubleValue()).build();
    } else if (o instanceof LocalDateTime t) {
      long seconds = t.toEpochSecond(ZoneOffset.UTC);
      return b.setTimestampNanos(Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), t.getNano())).build();
    } else if (o instanceof LocalDate d) {
      return b.setTimestampNanos(Math.multiplyExact(d.toEpochDay(), NANOS_PER_DAY)).build();
    }
    throw unbindable(v, index);
  }

  private static long toNanos(long value, TimeUnit unit, int index) {
    try {
      return switch (unit) {
        case SECOND -> Math.multiplyExact(value, 1_000_000_000L);
        case MILLISECOND -> Math.multiplyExact(value, 1_000_000L);
        case MICROSECOND -> Math.multiplyExact(value, 1_000L);
        case NANOSECOND -> value;
      };
    } catch (ArithmeticException e) {
      throw Errors.invalidArgument("parameter " + index + ": timestamp out of the nanosecond range", e);
    }
  }
}
