package io.sqlotel.flight.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sqlotel.proto.v1.ParameterValue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class ParameterReaderTest {
  @Test
  void everyBindableTypeConverts() {
    Schema schema = new Schema(List.of(
        Field.nullable("bigint", new ArrowType.Int(64, true)),
        Field.nullable("int", new ArrowType.Int(32, true)),
        Field.nullable("float", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
        Field.nullable("text", ArrowType.Utf8.INSTANCE),
        Field.nullable("bytes", ArrowType.Binary.INSTANCE),
        Field.nullable("bool", ArrowType.Bool.INSTANCE),
        Field.nullable("tsNano", new ArrowType.Timestamp(TimeUnit.NANOSECOND, null)),
        Field.nullable("tsMilli", new ArrowType.Timestamp(TimeUnit.MILLISECOND, null)),
        Field.nullable("tsMicroUtc", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
        Field.nullable("date", new ArrowType.Date(org.apache.arrow.vector.types.DateUnit.DAY)),
        Field.nullable("decimalInt", new ArrowType.Decimal(10, 0, 128)),
        Field.nullable("decimalFrac", new ArrowType.Decimal(10, 2, 128)),
        Field.nullable("null", new ArrowType.Int(64, true))));
    try (BufferAllocator a = new RootAllocator(); VectorSchemaRoot root = VectorSchemaRoot.create(schema, a)) {
      ((BigIntVector) root.getVector("bigint")).setSafe(0, 1L << 40);
      ((IntVector) root.getVector("int")).setSafe(0, -7);
      ((Float4Vector) root.getVector("float")).setSafe(0, 0.5f);
      ((VarCharVector) root.getVector("text")).setSafe(0, "héllo".getBytes(StandardCharsets.UTF_8));
      ((VarBinaryVector) root.getVector("bytes")).setSafe(0, new byte[] {9});
      ((BitVector) root.getVector("bool")).setSafe(0, 1);
      ((TimeStampNanoVector) root.getVector("tsNano")).setSafe(0, 1_717_200_000_123_456_789L);
      ((TimeStampMilliVector) root.getVector("tsMilli")).setSafe(0, 1_717_200_000_123L);
      ((TimeStampMicroTZVector) root.getVector("tsMicroUtc")).setSafe(0, 1_717_200_000_123_456L);
      ((DateDayVector) root.getVector("date")).setSafe(0, 19_875);
      ((DecimalVector) root.getVector("decimalInt")).setSafe(0, new BigDecimal("12345"));
      ((DecimalVector) root.getVector("decimalFrac")).setSafe(0, new BigDecimal("1.25"));
      root.getVector("null").setNull(0);
      root.setRowCount(1);

      List<ParameterValue> v = ParameterReader.readRow(root, 0);
      assertEquals(1L << 40, v.get(0).getInt64Value());
      assertEquals(-7, v.get(1).getInt64Value());
      assertEquals(0.5, v.get(2).getDoubleValue());
      assertEquals("héllo", v.get(3).getStringValue());
      assertEquals(9, v.get(4).getBytesValue().byteAt(0));
      assertEquals(true, v.get(5).getBoolValue());
      assertEquals(1_717_200_000_123_456_789L, v.get(6).getTimestampNanos());
      assertEquals(1_717_200_000_123_000_000L, v.get(7).getTimestampNanos());
      assertEquals(1_717_200_000_123_456_000L, v.get(8).getTimestampNanos());
      assertEquals(19_875L * 86_400 * 1_000_000_000L, v.get(9).getTimestampNanos());
      assertEquals(12_345L, v.get(10).getInt64Value());
      assertEquals(1.25, v.get(11).getDoubleValue());
      assertEquals(ParameterValue.ValueCase.IS_NULL, v.get(12).getValueCase());
    }
  }

  @Test
  void unbindableTypesAreInvalidArguments() {
    Schema schema = new Schema(List.of(Field.nullable("time", new ArrowType.Time(TimeUnit.MILLISECOND, 32))));
    try (BufferAllocator a = new RootAllocator(); VectorSchemaRoot root = VectorSchemaRoot.create(schema, a)) {
      ((TimeMilliVector) root.getVector(0)).setSafe(0, 1000);
      root.setRowCount(1);
      assertThrows(FlightRuntimeException.class, () -> ParameterReader.readRow(root, 0));
    }
  }
}
