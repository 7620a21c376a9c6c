package io.sqlotel.otlp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

/**
 * Writes the catalog of a load's output directory in the format of {@code docs/catalog.example.yaml}: shard i is
 * expected at {@code http://127.0.0.1:(basePort + i)}, served by the {@code ./sqlotel shard} command in its comment.
 */
final class CatalogWriter {
  private CatalogWriter() {}

  static Path write(Path catalog, List<ShardSet.ShardInfo> shards, int basePort) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("# sqlotel catalog written by `sqlotel load` for the shard files beside it.\n");
    sb.append("# Serve each shard with the command in its comment, then: ./sqlotel serve --catalog ")
        .append(catalog).append('\n');
    sb.append("# start/end are the slice [start, end) in integer nanoseconds since the epoch (UTC).\n");
    sb.append("shards:\n");
    for (int i = 0; i < shards.size(); i++) {
      ShardSet.ShardInfo s = shards.get(i);
      int port = basePort + i;
      sb.append("  - id: ").append(s.id()).append('\n');
      sb.append("    url: http://127.0.0.1:").append(port).append("   # ./sqlotel shard --db ")
          .append(s.file().toAbsolutePath().normalize()).append(" --port ").append(port).append('\n');
      sb.append("    start: ").append(s.start()).append("   # ").append(instant(s.start())).append('\n');
      sb.append("    end: ").append(s.end()).append("   # ").append(instant(s.end())).append('\n');
    }
    sb.append("otel_tables: true\n");
    Path tmp = catalog.resolveSibling(catalog.getFileName() + ".tmp");
    Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
    Files.move(tmp, catalog, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return catalog;
  }

  private static Instant instant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}
