package io.sqlotel.planner.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How catalogs type attribute maps: built-in OTel tables, declared columns, discovered columns. */
class MapColumnCatalogTest {
  private static TableDef table(Catalog c, String name) {
    return c.tables().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  private static ColumnType type(TableDef t, String column) {
    return t.columns().stream().filter(c -> c.name().equals(column)).findFirst().orElseThrow().type();
  }

  @Test
  void builtInTablesExposeTheFiveAttributeColumnsAsMaps() {
    int maps = 0;
    for (TableDef t : OtelTables.definitions()) {
      for (ColumnDef c : t.columns()) {
        if (c.type() == ColumnType.MAP) {
          maps++;
          assertTrue(ColumnType.ATTRIBUTE_MAP_COLUMNS.contains(c.name()), t.name() + "." + c.name());
        } else {
          assertTrue(!ColumnType.ATTRIBUTE_MAP_COLUMNS.contains(c.name()), t.name() + "." + c.name());
        }
      }
    }
    // logs: resource, scope, log; traces: resource, span; 5 metric tables: resource, scope, point attributes
    assertEquals(3 + 2 + 5 * 3, maps);
    assertEquals(ColumnType.VARCHAR, type(table(Catalog.of(List.of(), OtelTables.definitions()), "otel_traces"),
        "Events"));
  }

  @Test
  void mapSpellingsParse() {
    for (String s : List.of("MAP", "map", "MAP<VARCHAR, VARCHAR>", "Map(String, String)",
        "Map(LowCardinality(String), String)", "MAP(TEXT,TEXT)")) {
      assertEquals(ColumnType.MAP, ColumnType.parse(s), s);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ColumnType.parse("MAP<VARCHAR, BIGINT>"));
    assertTrue(e.getMessage().contains("only MAP<VARCHAR, VARCHAR>"), e.getMessage());
  }

  @Test
  void declaredAndDiscoveredColumns() throws Exception {
    String yaml = """
        otel_tables: false
        shards:
          - {id: s0, url: "http://127.0.0.1:1", start: 0, end: 3600000000000}
        tables:
          - name: declared
            time_column: ts
            columns:
              - {name: ts, type: INTEGER}
              - {name: Labels, type: "MAP<VARCHAR, VARCHAR>"}
              - {name: SpanAttributes, type: TEXT}
          - name: discovered
            time_column: ts
        """;
    List<String> asked = new ArrayList<>();
    ShardSqlRunner runner = (shard, sql) -> {
      asked.add(sql);
      if (sql.contains("pragma_index_list")) {
        return List.of(); // no indexes
      }
      return List.of(List.of("ts", "INTEGER", 1), List.of("SpanAttributes", "TEXT", 1),
          List.of("LogAttributes", "BLOB", 0), List.of("Body", "TEXT", 1));
    };
    Catalog c = CatalogLoader.parse(new ObjectMapper(new YAMLFactory()).readTree(yaml), runner);
    TableDef declared = table(c, "declared");
    assertEquals(ColumnType.MAP, type(declared, "Labels"));
    assertEquals(ColumnType.VARCHAR, type(declared, "SpanAttributes"), "a declared type wins over the name");
    TableDef discovered = table(c, "discovered");
    assertEquals(ColumnType.MAP, type(discovered, "SpanAttributes"), "a TEXT column with an exporter map name");
    assertEquals(ColumnType.VARBINARY, type(discovered, "LogAttributes"), "not TEXT: not a map");
    assertEquals(ColumnType.VARCHAR, type(discovered, "Body"));
    assertEquals(2, asked.size(), "columns and indexes of the one discovered table: " + asked);
  }
}
