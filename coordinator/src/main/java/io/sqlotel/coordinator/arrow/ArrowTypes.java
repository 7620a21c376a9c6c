package io.sqlotel.coordinator.arrow;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.SqlTypeName;
import io.sqlotel.shard.decode.StringMapField;

/**
 * Maps Calcite SQL types to Arrow types: BIGINT → Int(64), INTEGER → Int(32), SMALLINT → Int(16), TINYINT → Int(8),
 * DOUBLE/FLOAT/REAL → FloatingPoint(DOUBLE), DECIMAL(p,s) → Decimal(p,s,128), CHAR/VARCHAR → Utf8,
 * BINARY/VARBINARY → Binary, BOOLEAN → Bool, TIMESTAMP(p) → Timestamp(NANOSECOND, null) (UTC wall clock),
 * DATE → Date(DAY), MAP&lt;VARCHAR, VARCHAR&gt; → Map(Utf8, Utf8) ({@link StringMapField}), NULL and anything else →
 * Utf8 (rendered as text).
 */
public final class ArrowTypes {
  private ArrowTypes() {}

  /** The Arrow schema of a row type, one field per column, nullability kept. */
  public static Schema schema(RelDataType rowType) {
    List<Field> fields = new ArrayList<>();
    for (RelDataTypeField f : rowType.getFieldList()) {
      fields.add(field(f.getName(), f.getType()));
    }
    return new Schema(fields);
  }

  /** The Arrow field for one column. */
  public static Field field(String name, RelDataType type) {
    if (type.getSqlTypeName() == SqlTypeName.MAP) {
      return StringMapField.of(name, type.isNullable());
    }
    return new Field(name, new FieldType(type.isNullable(), arrowType(type), null), null);
  }

  /** The Arrow type of a SQL type. */
  public static ArrowType arrowType(RelDataType type) {
    return switch (type.getSqlTypeName()) {
      case BIGINT -> new ArrowType.Int(64, true);
      case INTEGER -> new ArrowType.Int(32, true);
      case SMALLINT -> new ArrowType.Int(16, true);
      case TINYINT -> new ArrowType.Int(8, true);
      case DOUBLE, FLOAT, REAL -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case DECIMAL -> new ArrowType.Decimal(Math.max(1, Math.min(38, type.getPrecision())),
          Math.max(0, type.getScale()), 128);
      case BINARY, VARBINARY -> ArrowType.Binary.INSTANCE;
      case BOOLEAN -> ArrowType.Bool.INSTANCE;
      case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.NANOSECOND, null);
      case DATE -> new ArrowType.Date(DateUnit.DAY);
      case MAP -> new ArrowType.Map(false);
      default -> ArrowType.Utf8.INSTANCE;
    };
  }
}
