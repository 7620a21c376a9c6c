package io.sqlotel.planner.catalog;

import static java.util.Objects.requireNonNull;

import io.sqlotel.shard.meta.ShardDescriptor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The shards and the tables they hold. Every shard holds every table, for its time slice.
 *
 * @param shards the shards, in time order of their slices
 * @param tables the table definitions
 * @throws IllegalArgumentException for duplicate shard ids or table names
 */
public record Catalog(List<ShardDescriptor> shards, List<TableDef> tables) {
  /** Validates and copies. */
  public Catalog {
    shards = List.copyOf(requireNonNull(shards, "shards is null"));
    tables = List.copyOf(requireNonNull(tables, "tables is null"));
    Set<String> ids = new HashSet<>();
    for (ShardDescriptor s : shards) {
      if (!ids.add(s.id())) {
        throw new IllegalArgumentException("duplicate shard id: " + s.id());
      }
    }
    Set<String> names = new HashSet<>();
    for (TableDef t : tables) {
      if (!names.add(t.name().toLowerCase(java.util.Locale.ROOT))) {
        throw new IllegalArgumentException("duplicate table: " + t.name());
      }
    }
  }

  /** A catalog of the given shards and tables. */
  public static Catalog of(List<ShardDescriptor> shards, List<TableDef> tables) {
    return new Catalog(shards, tables);
  }
}
