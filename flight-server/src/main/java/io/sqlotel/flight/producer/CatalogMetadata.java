package io.sqlotel.flight.producer;

import static java.util.Objects.requireNonNull;

import io.sqlotel.coordinator.QueryEngine;
import io.sqlotel.coordinator.TableInfo;
import io.sqlotel.flight.error.Errors;
import java.nio.charset.StandardCharsets;
import java.sql.DatabaseMetaData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.sql.FlightSqlColumnMetadata;
import org.apache.arrow.flight.sql.FlightSqlProducer.Schemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetDbSchemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTables;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetXdbcTypeInfo;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Streams the Flight SQL catalog metadata results (catalogs, schemas, tables, table types, keys, XDBC type info),
 * each with the exact schema of {@link Schemas}.
 *
 * <p>The namespace is fixed: one catalog {@value #CATALOG} holding one schema {@value #SCHEMA} that holds every table
 * of the engine, all of table type {@value #TABLE_TYPE}. Name filters are JDBC search patterns ({@link LikePattern});
 * an unset catalog filter means all catalogs and an empty one "without a catalog" (none here). There are no keys, so
 * the key calls answer empty results. Every stream ends with exactly one {@code completed()} or {@code error()}.
 */
public final class CatalogMetadata {
  /** The one catalog. */
  public static final String CATALOG = "sqlotel";
  /** The one schema (database schema, in Flight SQL terms). */
  public static final String SCHEMA = "otel";
  /** The type of every table. */
  public static final String TABLE_TYPE = "TABLE";

  private final QueryEngine engine;
  private final BufferAllocator allocator;

  /**
   * Creates the metadata streams of an engine.
   *
   * @param engine its {@link QueryEngine#tables()} are listed
   * @param allocator result batches are allocated from it and freed before each call returns
   */
  public CatalogMetadata(QueryEngine engine, BufferAllocator allocator) {
    this.engine = requireNonNull(engine, "engine is null");
    this.allocator = requireNonNull(allocator, "allocator is null");
  }

  /** Streams GetCatalogs: one row, {@value #CATALOG}. */
  public void catalogs(ServerStreamListener listener) {
    send(Schemas.GET_CATALOGS_SCHEMA, listener, root -> {
      setString(root, "catalog_name", 0, CATALOG);
      return 1;
    });
  }

  /** Streams GetDbSchemas: {@value #SCHEMA} if it passes the catalog and schema filters. */
  public void schemas(CommandGetDbSchemas command, ServerStreamListener listener) {
    boolean match = catalogMatches(command.hasCatalog() ? command.getCatalog() : null)
        && LikePattern.of(command.hasDbSchemaFilterPattern() ? command.getDbSchemaFilterPattern() : null)
            .matches(SCHEMA);
    send(Schemas.GET_SCHEMAS_SCHEMA, listener, root -> {
      if (!match) {
        return 0;
      }
      setString(root, "catalog_name", 0, CATALOG);
      setString(root, "db_schema_name", 0, SCHEMA);
      return 1;
    });
  }

  /**
   * Streams GetTables: the engine's tables passing the catalog, schema-pattern, table-pattern and table-type
   * filters, in name order; with {@code include_schema}, each table's Arrow schema (IPC-serialized) whose fields
   * carry {@code ARROW:FLIGHT:SQL:*} column metadata.
   */
  public void tables(CommandGetTables command, ServerStreamListener listener) {
    List<TableInfo> selected = new ArrayList<>();
    if (catalogMatches(command.hasCatalog() ? command.getCatalog() : null)
        && LikePattern.of(command.hasDbSchemaFilterPattern() ? command.getDbSchemaFilterPattern() : null)
            .matches(SCHEMA)
        && typeMatches(command.getTableTypesList())) {
      LikePattern names =
          LikePattern.of(command.hasTableNameFilterPattern() ? command.getTableNameFilterPattern() : null);
      for (TableInfo t : engine.tables()) {
        if (names.matches(t.name())) {
          selected.add(t);
        }
      }
    }
    boolean includeSchema = command.getIncludeSchema();
    Schema schema = includeSchema ? Schemas.GET_TABLES_SCHEMA : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA;
    send(schema, listener, root -> {
      for (int i = 0; i < selected.size(); i++) {
        TableInfo t = selected.get(i);
        setString(root, "catalog_name", i, CATALOG);
        setString(root, "db_schema_name", i, SCHEMA);
        setString(root, "table_name", i, t.name());
        setString(root, "table_type", i, TABLE_TYPE);
        if (includeSchema) {
          ((VarBinaryVector) root.getVector("table_schema")).setSafe(i, IpcSchemas.serialize(withColumnMetadata(t)));
        }
      }
      return selected.size();
    });
  }

  /** Streams GetTableTypes: one row, {@value #TABLE_TYPE}. */
  public void tableTypes(ServerStreamListener listener) {
    send(Schemas.GET_TABLE_TYPES_SCHEMA, listener, root -> {
      setString(root, "table_type", 0, TABLE_TYPE);
      return 1;
    });
  }

  /** Streams an empty result with {@code schema} (the key calls: sqlotel tables have no primary or foreign keys). */
  public void empty(Schema schema, ServerStreamListener listener) {
    send(schema, listener, root -> 0);
  }

  /** Streams GetXdbcTypeInfo: the types of {@link ColumnTypes}, optionally only the requested JDBC type code. */
  public void typeInfo(CommandGetXdbcTypeInfo command, ServerStreamListener listener) {
    List<ColumnTypes> types = new ArrayList<>();
    for (ColumnTypes t : ColumnTypes.byJdbcType()) {
      if (!command.hasDataType() || command.getDataType() == t.jdbcType()) {
        types.add(t);
      }
    }
    send(Schemas.GET_TYPE_INFO_SCHEMA, listener, root -> {
      for (int i = 0; i < types.size(); i++) {
        writeTypeInfo(root, i, types.get(i));
      }
      return types.size();
    });
  }

  /** The table's schema with Flight SQL column metadata on every field. */
  static Schema withColumnMetadata(TableInfo table) {
    List<Field> fields = new ArrayList<>();
    for (Field f : table.schema().getFields()) {
      ColumnTypes type = ColumnTypes.of(f.getType());
      FlightSqlColumnMetadata.Builder md = new FlightSqlColumnMetadata.Builder()
          .catalogName(CATALOG)
          .schemaName(SCHEMA)
          .tableName(table.name())
          .typeName(type == null ? f.getType().getTypeID().name().toUpperCase(Locale.ROOT) : type.name())
          .isAutoIncrement(false)
          .isCaseSensitive(type != null && type.caseSensitive())
          .isReadOnly(true)
          .isSearchable(true);
      if (type != null && type.columnSize() != null && type.radix() != null && type.radix() == 10) {
        md.precision(type.columnSize());
      }
      if (type == ColumnTypes.TIMESTAMP) {
        md.precision(type.columnSize()).scale(type.scale());
      }
      FieldType ft = new FieldType(f.isNullable(), f.getType(), f.getDictionary(), md.build().getMetadataMap());
      fields.add(new Field(f.getName(), ft, f.getChildren()));
    }
    return new Schema(fields, table.schema().getCustomMetadata());
  }

  private void writeTypeInfo(VectorSchemaRoot root, int i, ColumnTypes t) {
    setString(root, "type_name", i, t.name());
    setInt(root, "data_type", i, t.jdbcType());
    if (t.columnSize() != null) {
      setInt(root, "column_size", i, t.columnSize());
    }
    String prefix = switch (t) {
      case VARCHAR -> "'";
      case VARBINARY -> "X'";
      case TIMESTAMP -> "TIMESTAMP '";
      default -> null;
    };
    if (prefix != null) {
      setString(root, "literal_prefix", i, prefix);
      setString(root, "literal_suffix", i, "'");
    }
    // create_params stays null: no type takes parameters.
    setInt(root, "nullable", i, DatabaseMetaData.typeNullable);
    setBit(root, "case_sensitive", i, t.caseSensitive());
    setInt(root, "searchable", i, t == ColumnTypes.VARBINARY ? DatabaseMetaData.typePredBasic
        : DatabaseMetaData.typeSearchable);
    boolean numeric = t == ColumnTypes.BIGINT || t == ColumnTypes.INTEGER || t == ColumnTypes.DOUBLE;
    if (numeric) {
      setBit(root, "unsigned_attribute", i, false);
      setBit(root, "auto_increment", i, false);
    }
    setBit(root, "fixed_prec_scale", i, false);
    setString(root, "local_type_name", i, t.name());
    if (numeric || t == ColumnTypes.TIMESTAMP) {
      int scale = t.scale() == null ? 0 : t.scale();
      setInt(root, "minimum_scale", i, scale);
      setInt(root, "maximum_scale", i, scale);
    }
    if (t == ColumnTypes.TIMESTAMP) {
      setInt(root, "sql_data_type", i, ColumnTypes.SQL_DATETIME);
      setInt(root, "datetime_subcode", i, ColumnTypes.SQL_CODE_TIMESTAMP);
    } else {
      setInt(root, "sql_data_type", i, t.jdbcType());
    }
    if (t.radix() != null) {
      setInt(root, "num_prec_radix", i, t.radix());
    }
  }

  private static boolean catalogMatches(String catalog) {
    return catalog == null || catalog.equalsIgnoreCase(CATALOG);
  }

  private static boolean typeMatches(List<String> types) {
    if (types.isEmpty()) {
      return true;
    }
    Set<String> upper = new HashSet<>();
    types.forEach(t -> upper.add(t.toUpperCase(Locale.ROOT)));
    return upper.contains(TABLE_TYPE);
  }

  /** Fills a root and returns its row count. */
  private interface RootWriter {
    int write(VectorSchemaRoot root) throws Exception;
  }

  private void send(Schema schema, ServerStreamListener listener, RootWriter writer) {
    Throwable failure = null;
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      root.allocateNew();
      int rows = writer.write(root);
      root.setRowCount(rows);
      listener.start(root);
      if (rows > 0) {
        listener.putNext();
      }
    } catch (Throwable t) {
      failure = t;
    }
    if (failure == null) {
      listener.completed();
    } else {
      listener.error(Errors.toFlight(failure));
    }
  }

  private static void setString(VectorSchemaRoot root, String column, int row, String value) {
    ((VarCharVector) root.getVector(column)).setSafe(row, value.getBytes(StandardCharsets.UTF_8));
  }

  private static void setInt(VectorSchemaRoot root, String column, int row, int value) {
    ((IntVector) root.getVector(column)).setSafe(row, value);
  }

  private static void setBit(VectorSchemaRoot root, String column, int row, boolean value) {
    ((BitVector) root.getVector(column)).setSafe(row, value ? 1 : 0);
  }
}
