package io.sqlotel.planner.type;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * sqlotel's SQL type rules on top of Calcite's defaults.
 *
 * <ul>
 *   <li>TIMESTAMP precision goes up to 9 (nanoseconds): the time columns are {@code TIMESTAMP(9)}.</li>
 *   <li>AVG of an exact numeric (BIGINT, INTEGER, DECIMAL) is DOUBLE, never truncated to the argument's type: the
 *       average of 1 and 2 is 1.5, as in SQLite and PostgreSQL's float result for integer input.</li>
 *   <li>CASE and UNION of text literals of different lengths are VARCHAR, not blank-padded CHAR.</li>
 * </ul>
 */
public final class SqlotelTypeSystem extends RelDataTypeSystemImpl {
  /** The single instance. */
  public static final SqlotelTypeSystem INSTANCE = new SqlotelTypeSystem();

  private SqlotelTypeSystem() {}

  @Override
  public int getMaxPrecision(SqlTypeName typeName) {
    return switch (typeName) {
      case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE, TIME, TIME_WITH_LOCAL_TIME_ZONE -> 9;
      default -> super.getMaxPrecision(typeName);
    };
  }

  /** CASE/UNION of CHAR literals of different lengths is VARCHAR, not blank-padded CHAR ('pos' stays 'pos'). */
  @Override
  public boolean shouldConvertRaggedUnionTypesToVarying() {
    return true;
  }

  @Override
  public RelDataType deriveAvgAggType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
    if (SqlTypeUtil.isExactNumeric(argumentType)) {
      return typeFactory.createTypeWithNullability(
          typeFactory.createSqlType(SqlTypeName.DOUBLE), argumentType.isNullable());
    }
    return super.deriveAvgAggType(typeFactory, argumentType);
  }
}
