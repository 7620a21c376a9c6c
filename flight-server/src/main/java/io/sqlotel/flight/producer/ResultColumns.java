package io.sqlotel.flight.producer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.flight.sql.FlightSqlColumnMetadata;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Adds Flight SQL column metadata ({@code ARROW:FLIGHT:SQL:TYPE_NAME}, {@code PRECISION}, {@code SCALE}, ...) to the
 * fields of a query's result schema: the JDBC driver builds {@code ResultSetMetaData} from it and reports precision 0
 * and no type name without it.
 */
final class ResultColumns {
  private ResultColumns() {}

  /** {@code schema} with column metadata on every top-level field; keys already present are kept. */
  static Schema describe(Schema schema) {
    List<Field> fields = new ArrayList<>(schema.getFields().size());
    for (Field f : schema.getFields()) {
      ColumnTypes type = ColumnTypes.of(f.getType());
      FlightSqlColumnMetadata.Builder md = new FlightSqlColumnMetadata.Builder()
          .typeName(type == null ? f.getType().getTypeID().name().toUpperCase(Locale.ROOT) : type.name())
          .isAutoIncrement(false)
          .isCaseSensitive(type != null && type.caseSensitive())
          .isReadOnly(true)
          .isSearchable(true);
      // As getColumns reports them (CatalogMetadata): decimal digits for integers, characters and scale for timestamps.
      if (type != null && type.columnSize() != null
          && (Integer.valueOf(10).equals(type.radix()) || type == ColumnTypes.TIMESTAMP)) {
        md.precision(type.columnSize());
      }
      if (type != null && type.scale() != null) {
        md.scale(type.scale());
      }
      Map<String, String> metadata = new HashMap<>(md.build().getMetadataMap());
      if (f.getMetadata() != null) {
        metadata.putAll(f.getMetadata());
      }
      FieldType ft = new FieldType(f.isNullable(), f.getType(), f.getDictionary(), metadata);
      fields.add(new Field(f.getName(), ft, f.getChildren()));
    }
    return new Schema(fields, schema.getCustomMetadata());
  }
}
