package io.sqlotel.planner.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sqlotel.shard.client.ShardClient;
import io.sqlotel.shard.client.ShardClientConfig;
import io.sqlotel.shard.meta.ShardDescriptor;
import io.sqlotel.shard.meta.TimeRange;
import io.sqlotel.shard.server.ShardServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery of a table's columns and indexes from a real shard server over HTTP. */
class CatalogLoaderDiscoveryTest {
  @Test
  void discoversColumnsAndPlainColumnIndexes(@TempDir Path dir) throws Exception {
    Path db = dir.resolve("shard.sqlite");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE events (t INTEGER NOT NULL, host TEXT, v REAL)");
      s.execute("CREATE INDEX events_host_t ON events (host, t)");
      s.execute("CREATE INDEX events_v ON events (v) WHERE v IS NOT NULL");
      s.execute("CREATE INDEX events_expr ON events (lower(host))");
    }
    try (ShardServer server = ShardServer.start(db, "127.0.0.1", 0, null);
        ShardClient client = new ShardClient(ShardClientConfig.defaults())) {
      ShardDescriptor shard = new ShardDescriptor("s0", server.baseUri(), new TimeRange(0, 1), null, false);
      List<ColumnDef> columns = CatalogLoader.discover(client::queryRows, shard, "events", "t");
      assertEquals(List.of("t", "host", "v"), columns.stream().map(ColumnDef::name).toList());
      // the expression index is left out; the partial one is marked
      assertEquals(java.util.Set.of(new IndexDef(List.of("v"), true), IndexDef.on("host", "t")),
          java.util.Set.copyOf(CatalogLoader.discoverIndexes(client::queryRows, shard, "events")));
    }
  }
}
