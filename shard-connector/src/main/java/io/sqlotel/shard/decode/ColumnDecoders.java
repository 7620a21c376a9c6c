package io.sqlotel.shard.decode;

import java.util.List;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Chooses the {@link ColumnDecoder} of each field from its Arrow type. */
final class ColumnDecoders {
  static final String SUPPORTED =
      "Int(64, signed), Int(32, signed), FloatingPoint(DOUBLE), Utf8, Binary, Bool, Timestamp(NANOSECOND, null),"
          + " Map(Utf8, Utf8)";

  private ColumnDecoders() {}

  /** Returns one fresh decoder per field of the schema, in field order. */
  static ColumnDecoder[] forSchema(Schema schema) {
    List<Field> fields = schema.getFields();
    ColumnDecoder[] decoders = new ColumnDecoder[fields.size()];
    for (int i = 0; i < decoders.length; i++) {
      decoders[i] = forField(fields.get(i), i);
    }
    return decoders;
  }

  /**
   * Returns a fresh decoder for the field.
   *
   * @throws IllegalArgumentException if the field's type is not one of {@link #SUPPORTED}
   */
  static ColumnDecoder forField(Field field, int index) {
    ArrowType type = field.getType();
    switch (type.getTypeID()) {
      case Int: {
        ArrowType.Int i = (ArrowType.Int) type;
        if (i.getIsSigned() && i.getBitWidth() == 64) {
          return new BigIntColumnDecoder();
        }
        if (i.getIsSigned() && i.getBitWidth() == 32) {
          return new IntColumnDecoder();
        }
        break;
      }
      case FloatingPoint:
        if (((ArrowType.FloatingPoint) type).getPrecision() == FloatingPointPrecision.DOUBLE) {
          return new Float8ColumnDecoder();
        }
        break;
      case Utf8:
        return new VarCharColumnDecoder();
      case Binary:
        return new VarBinaryColumnDecoder();
      case Bool:
        return new BitColumnDecoder();
      case Timestamp: {
        ArrowType.Timestamp ts = (ArrowType.Timestamp) type;
        if (ts.getUnit() == TimeUnit.NANOSECOND && ts.getTimezone() == null) {
          return new TimestampNanoColumnDecoder();
        }
        break;
      }
      case Map:
        if (StringMapField.isStringMap(field)) {
          return new MapColumnDecoder();
        }
        break;
      default:
        break;
    }
    throw new IllegalArgumentException("column '" + field.getName() + "' (index " + index
        + ") has the unsupported Arrow type " + type + "; supported types: " + SUPPORTED);
  }
}
