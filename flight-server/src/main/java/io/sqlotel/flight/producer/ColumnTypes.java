package io.sqlotel.flight.producer;

import java.sql.Types;
import java.util.List;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The SQL types sqlotel exposes, with their Arrow types and the XDBC / JDBC facts metadata calls report.
 *
 * <p>The mapping is the one of docs/architecture.md: BIGINT = Int(64, signed), INTEGER = Int(32, signed), DOUBLE =
 * FloatingPoint(DOUBLE), VARCHAR = Utf8, VARBINARY = Binary, BOOLEAN = Bool, TIMESTAMP = Timestamp(NANOSECOND, null)
 * (naive, UTC wall clock).
 */
public enum ColumnTypes {
  BIGINT(Types.BIGINT, 19, null, 10, false),
  INTEGER(Types.INTEGER, 10, null, 10, false),
  DOUBLE(Types.DOUBLE, 53, null, 2, false),
  VARCHAR(Types.VARCHAR, null, null, null, true),
  VARBINARY(Types.VARBINARY, null, null, null, false),
  BOOLEAN(Types.BOOLEAN, 1, null, null, false),
  /** Nanosecond timestamps: 29 characters ({@code yyyy-MM-dd HH:mm:ss.SSSSSSSSS}), scale 9. */
  TIMESTAMP(Types.TIMESTAMP, 29, 9, null, false);

  /** The XDBC {@code SQL_DATETIME} verbose type code used for {@code sql_data_type} of datetime types. */
  static final int SQL_DATETIME = 9;
  /** The XDBC datetime sub-code of TIMESTAMP. */
  static final int SQL_CODE_TIMESTAMP = 3;

  private final int jdbcType;
  private final Integer columnSize;
  private final Integer scale;
  private final Integer radix;
  private final boolean caseSensitive;

  ColumnTypes(int jdbcType, Integer columnSize, Integer scale, Integer radix, boolean caseSensitive) {
    this.jdbcType = jdbcType;
    this.columnSize = columnSize;
    this.scale = scale;
    this.radix = radix;
    this.caseSensitive = caseSensitive;
  }

  /** The {@code java.sql.Types} code. */
  public int jdbcType() {
    return jdbcType;
  }

  /** The JDBC COLUMN_SIZE (digits for numbers, characters for timestamps), or null where it does not apply. */
  public Integer columnSize() {
    return columnSize;
  }

  /** The fixed scale (fractional digits), or null where it does not apply. */
  public Integer scale() {
    return scale;
  }

  /** The radix of {@link #columnSize()} for numbers, or null. */
  public Integer radix() {
    return radix;
  }

  /** Whether comparisons on values of this type are case-sensitive (only text). */
  public boolean caseSensitive() {
    return caseSensitive;
  }

  /** The Arrow type of this SQL type. */
  public ArrowType arrowType() {
    return switch (this) {
      case BIGINT -> new ArrowType.Int(64, true);
      case INTEGER -> new ArrowType.Int(32, true);
      case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case VARCHAR -> ArrowType.Utf8.INSTANCE;
      case VARBINARY -> ArrowType.Binary.INSTANCE;
      case BOOLEAN -> ArrowType.Bool.INSTANCE;
      case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.NANOSECOND, null);
    };
  }

  /** The types in the order GetXdbcTypeInfo lists them (by JDBC type code, as JDBC's getTypeInfo requires). */
  public static List<ColumnTypes> byJdbcType() {
    return List.of(BIGINT, VARBINARY, INTEGER, DOUBLE, VARCHAR, BOOLEAN, TIMESTAMP);
  }

  /**
   * The SQL type of an Arrow type, or null for an Arrow type outside the mapping (other widths of integers and
   * floats, other timestamp units, large/view strings map to their nearest type).
   */
  public static ColumnTypes of(ArrowType type) {
    return switch (type.getTypeID()) {
      case Int -> ((ArrowType.Int) type).getBitWidth() == 64 ? BIGINT : INTEGER;
      case FloatingPoint -> DOUBLE;
      case Utf8, LargeUtf8, Utf8View -> VARCHAR;
      case Binary, LargeBinary, BinaryView, FixedSizeBinary -> VARBINARY;
      case Bool -> BOOLEAN;
      case Timestamp -> TIMESTAMP;
      default -> null;
    };
  }
}
