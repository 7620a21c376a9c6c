package io.sqlotel.planner.schema;

import static java.util.Objects.requireNonNull;

import io.sqlotel.planner.catalog.ColumnDef;
import io.sqlotel.planner.catalog.TableDef;
import io.sqlotel.shard.meta.ShardDescriptor;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A Calcite table whose rows live in every shard of the catalog, one time slice per shard.
 *
 * <p>It is never scanned directly: {@code ShardScanRule} turns its {@code TableScan} into a {@code ShardScan}, the
 * gather boundary below which operators run on the shards.
 */
public final class ShardedTable extends AbstractTable {
  private final TableDef def;
  private final List<ShardDescriptor> shards;

  /** Wraps a catalog table definition held by {@code shards}. */
  public ShardedTable(TableDef def, List<ShardDescriptor> shards) {
    this.def = requireNonNull(def, "def is null");
    this.shards = List.copyOf(requireNonNull(shards, "shards is null"));
  }

  /** The shards holding the table, in catalog order. */
  public List<ShardDescriptor> shards() {
    return shards;
  }

  /** The catalog definition. */
  public TableDef def() {
    return def;
  }

  /**
   * {@code MAP<VARCHAR NOT NULL, VARCHAR>}: the SQL type of an attribute map ({@code ColumnType.MAP}); a missing key
   * reads as NULL.
   */
  public static RelDataType stringMapType(RelDataTypeFactory typeFactory) {
    return typeFactory.createMapType(typeFactory.createSqlType(SqlTypeName.VARCHAR),
        typeFactory.createTypeWithNullability(typeFactory.createSqlType(SqlTypeName.VARCHAR), true));
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    RelDataTypeFactory.Builder b = typeFactory.builder();
    for (ColumnDef c : def.columns()) {
      RelDataType t = switch (c.type()) {
        case BIGINT -> typeFactory.createSqlType(SqlTypeName.BIGINT);
        case DOUBLE -> typeFactory.createSqlType(SqlTypeName.DOUBLE);
        case VARCHAR -> typeFactory.createSqlType(SqlTypeName.VARCHAR);
        case VARBINARY -> typeFactory.createSqlType(SqlTypeName.VARBINARY);
        case BOOLEAN -> typeFactory.createSqlType(SqlTypeName.BOOLEAN);
        case TIMESTAMP -> typeFactory.createSqlType(SqlTypeName.TIMESTAMP, 9);
        case MAP -> stringMapType(typeFactory);
      };
      b.add(c.name(), typeFactory.createTypeWithNullability(t, c.nullable()));
    }
    return b.build();
  }
}
