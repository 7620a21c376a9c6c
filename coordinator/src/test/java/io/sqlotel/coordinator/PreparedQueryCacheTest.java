package io.sqlotel.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sqlotel.planner.catalog.Catalog;
import io.sqlotel.planner.catalog.ColumnDef;
import io.sqlotel.planner.catalog.ColumnType;
import io.sqlotel.planner.catalog.OtelTables;
import io.sqlotel.planner.catalog.TableDef;
import io.sqlotel.shard.client.ShardClient;
import io.sqlotel.shard.client.ShardClientConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine plans a SQL text once for its schemas, per catalog (prepare, GetFlightInfo and DoGet all ask). */
class PreparedQueryCacheTest {
  @Test
  void prepareIsCachedPerSqlUntilTheCatalogChanges() {
    try (ShardClient client = new ShardClient(ShardClientConfig.defaults());
        DistributedQueryEngine engine = new DistributedQueryEngine(Catalog.of(List.of(), OtelTables.definitions()),
            client, EngineConfig.defaults())) {
      String sql = "SELECT ServiceName, COUNT(*) FROM otel_logs WHERE SeverityNumber > ? GROUP BY ServiceName";
      PreparedQuery first = engine.prepare(sql, QueryOptions.now());
      assertSame(first, engine.prepare(sql, QueryOptions.now()));
      assertEquals(1, first.parameterSchema().getFields().size());

      // a refreshed catalog may change the schemas: planned again, against the new tables
      List<TableDef> tables = new ArrayList<>(OtelTables.definitions());
      tables.add(new TableDef("extra", null, List.of(new ColumnDef("x", ColumnType.BIGINT, true))));
      engine.replaceCatalog(Catalog.of(List.of(), tables));
      PreparedQuery again = engine.prepare(sql, QueryOptions.now());
      assertNotSame(first, again);
      assertEquals(first, again);
      assertEquals("x", engine.prepare("SELECT x FROM extra", QueryOptions.now()).resultSchema().getFields().get(0)
          .getName());

      // errors are not cached: each call answers INVALID_ARGUMENT
      for (int i = 0; i < 2; i++) {
        QueryException e = assertThrows(QueryException.class,
            () -> engine.prepare("SELECT nope FROM otel_logs", QueryOptions.now()));
        assertEquals(QueryException.Code.INVALID_ARGUMENT, e.code());
      }
    }
  }
}
