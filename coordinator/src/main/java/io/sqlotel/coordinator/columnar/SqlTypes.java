package io.sqlotel.coordinator.columnar;

import org.apache.calcite.sql.type.SqlTypeName;

/** Groupings of SQL type names the expression compiler decides by. */
final class SqlTypes {
  private SqlTypes() {}

  /** BIGINT or INTEGER. */
  static boolean isExactInteger(SqlTypeName t) {
    return t == SqlTypeName.BIGINT || t == SqlTypeName.INTEGER;
  }

  /** BIGINT, INTEGER, DOUBLE or DECIMAL. */
  static boolean isNumeric(SqlTypeName t) {
    return isExactInteger(t) || t == SqlTypeName.DOUBLE || t == SqlTypeName.DECIMAL;
  }

  /** CHAR or VARCHAR. */
  static boolean isText(SqlTypeName t) {
    return t == SqlTypeName.CHAR || t == SqlTypeName.VARCHAR;
  }

  /** BINARY or VARBINARY. */
  static boolean isBinary(SqlTypeName t) {
    return t == SqlTypeName.BINARY || t == SqlTypeName.VARBINARY;
  }
}
