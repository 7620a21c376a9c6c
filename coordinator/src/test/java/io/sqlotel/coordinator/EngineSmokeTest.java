package io.sqlotel.coordinator;

import io.sqlotel.planner.catalog.Catalog;
import io.sqlotel.planner.catalog.OtelTables;
import io.sqlotel.shard.client.ShardClient;
import io.sqlotel.shard.client.ShardClientConfig;
import io.sqlotel.shard.demo.DemoDataGenerator;
import io.sqlotel.shard.demo.DemoSpec;
import io.sqlotel.shard.demo.GeneratedShard;
import io.sqlotel.shard.meta.ShardDescriptor;
import io.sqlotel.shard.meta.TimeRange;
import io.sqlotel.shard.server.ShardServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineSmokeTest {
  @TempDir Path dir;

  @Test
  void smoke() throws Exception {
    long t0 = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
    DemoSpec spec = new DemoSpec(t0, 4, DemoSpec.HOUR_NANOS, 500, 500, 100, 1, java.util.Set.of());
    List<GeneratedShard> gen = DemoDataGenerator.generate(dir, spec);
    List<ShardServer> servers = new ArrayList<>();
    List<ShardDescriptor> shards = new ArrayList<>();
    for (GeneratedShard g : gen) {
      ShardServer s = ShardServer.start(g.file(), "127.0.0.1", 0, null);
      servers.add(s);
      shards.add(new ShardDescriptor(g.id(), s.baseUri(), new TimeRange(g.startNanos(), g.endNanos()), null, false));
    }
    try (ShardClient client = new ShardClient(ShardClientConfig.defaults());
        RootAllocator root = new RootAllocator()) {
      DistributedQueryEngine engine = new DistributedQueryEngine(Catalog.of(shards, OtelTables.definitions()), client,
          EngineConfig.defaults());
      String[] qs = {
        "SELECT COUNT(*) FROM otel_logs",
        "SELECT ServiceName, COUNT(*), AVG(Duration) FROM otel_traces GROUP BY ServiceName ORDER BY 2 DESC LIMIT 3",
        "SELECT \"Timestamp\", Body FROM otel_logs ORDER BY \"Timestamp\" LIMIT 3",
        "SELECT Body FROM otel_logs LIMIT 2",
        "SELECT l.Body, t.SpanName FROM otel_logs l JOIN otel_traces t ON l.SpanId = t.SpanId LIMIT 2",
        "EXPLAIN PLAN FOR SELECT COUNT(*) FROM otel_logs",
        "SELECT FLOOR(\"Timestamp\" TO HOUR) h, COUNT(*) FROM otel_logs GROUP BY FLOOR(\"Timestamp\" TO HOUR)",
      };
      for (String q : qs) {
        System.out.println("== " + q);
        try (ResultStream rs = engine.execute(q, List.of(), QueryOptions.now(), root)) {
          for (VectorSchemaRoot b = rs.next(); b != null; b = rs.next()) {
            System.out.print(b.contentToTSVString());
            b.close();
          }
        }
      }
      System.out.println("allocated " + root.getAllocatedMemory());
    } finally {
      servers.forEach(ShardServer::close);
    }
  }
}
