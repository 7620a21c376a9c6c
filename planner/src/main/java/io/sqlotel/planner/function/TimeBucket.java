package io.sqlotel.planner.function;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * {@code TIME_BUCKET(INTERVAL 'n' unit, ts)}: the start of the n-unit bucket holding {@code ts}, buckets aligned to
 * the Unix epoch (as TimescaleDB's and DuckDB's {@code time_bucket} with the default origin). The interval must be a
 * day-time interval (seconds to days). Pushed to SQLite as integer arithmetic on the nanosecond column:
 * {@code (ts / N - (ts % N < 0)) * N}, an exact floor division.
 */
public final class TimeBucket {
  private TimeBucket() {}

  /** The SQL operator. */
  public static final SqlUserDefinedFunction OPERATOR = new SqlUserDefinedFunction(
      new SqlIdentifier("TIME_BUCKET", SqlParserPos.ZERO),
      SqlKind.OTHER_FUNCTION,
      ReturnTypes.ARG1_NULLABLE,
      InferTypes.FIRST_KNOWN,
      OperandTypes.operandMetadata(List.of(SqlTypeFamily.INTERVAL_DAY_TIME, SqlTypeFamily.TIMESTAMP),
          TimeBucket::paramTypes, i -> i == 0 ? "bucket_width" : "ts", i -> false),
      ScalarFunctionImpl.create(TimeBucket.class, "timeBucket"));

  private static List<RelDataType> paramTypes(RelDataTypeFactory f) {
    return List.of(f.createSqlIntervalType(new org.apache.calcite.sql.SqlIntervalQualifier(
            org.apache.calcite.avatica.util.TimeUnit.DAY, org.apache.calcite.avatica.util.TimeUnit.SECOND,
            SqlParserPos.ZERO)),
        f.createSqlType(SqlTypeName.TIMESTAMP, 9));
  }

  /**
   * The row-at-a-time implementation (Calcite's internal representation: both in milliseconds).
   *
   * @param widthMillis bucket width, milliseconds (positive)
   * @param timestampMillis the timestamp, milliseconds since the epoch
   * @return the bucket start, milliseconds since the epoch
   * @throws IllegalArgumentException if the width is not positive
   */
  public static long timeBucket(long widthMillis, long timestampMillis) {
    if (widthMillis <= 0) {
      throw new IllegalArgumentException("TIME_BUCKET width must be positive");
    }
    return Math.floorDiv(timestampMillis, widthMillis) * widthMillis;
  }
}
