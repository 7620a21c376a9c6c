package io.sqlotel.it.otel;

import io.sqlotel.coordinator.DistributedQueryEngine;
import io.sqlotel.coordinator.EngineConfig;
import io.sqlotel.flight.FlightServerConfig;
import io.sqlotel.flight.SqlotelFlightServer;
import io.sqlotel.flight.producer.ProducerOptions;
import io.sqlotel.otlp.LoadReport;
import io.sqlotel.otlp.OtlpLoader;
import io.sqlotel.planner.catalog.Catalog;
import io.sqlotel.planner.catalog.OtelTables;
import io.sqlotel.shard.client.ShardClient;
import io.sqlotel.shard.client.ShardClientConfig;
import io.sqlotel.shard.meta.ShardDescriptor;
import io.sqlotel.shard.meta.TimeRange;
import io.sqlotel.shard.server.ShardServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A cluster over real OTLP files: the files are loaded with the otlp-loader API into hourly shard files, each slice
 * file is served by its own {@link ShardServer}, and the engine + Flight SQL server run over them (as
 * {@code ShardedCluster} does for the demo data). The loader only writes slices that hold data, so the catalog has
 * gaps: the engine runs with the coverage check off (as {@code serve --allow-gaps}).
 */
final class OtlpCluster implements AutoCloseable {
  final Path dir;
  final LoadReport report;
  final List<ShardServer> servers;
  final List<ShardDescriptor> shards;
  private final ShardClient client;
  private final DistributedQueryEngine engine;
  private final SqlotelFlightServer flight;

  private OtlpCluster(Path dir, LoadReport report, List<ShardServer> servers, List<ShardDescriptor> shards,
      ShardClient client, DistributedQueryEngine engine, SqlotelFlightServer flight) {
    this.dir = dir;
    this.report = report;
    this.servers = servers;
    this.shards = shards;
    this.client = client;
    this.engine = engine;
    this.flight = flight;
  }

  /** The shared test data directory: {@code ../../shared/data} from the module, else {@code /work/shared/data}. */
  static Path sharedData() {
    Path p = Path.of("..", "..", "shared", "data");
    return Files.isDirectory(p) ? p : Path.of("/work/shared/data");
  }

  /** Loads {@code files} with one-hour slices into a temporary directory and starts the cluster over them. */
  static OtlpCluster load(List<Path> files) throws IOException, SQLException {
    Path dir = Files.createTempDirectory("sqlotel-otel-it-");
    PrintStream log = System.out;
    LoadReport report = new OtlpLoader(dir.resolve("shards"), Duration.ofHours(1), 0, log).load(files);
    List<Path> sliceFiles;
    try (Stream<Path> s = Files.list(dir.resolve("shards"))) {
      sliceFiles = s.filter(p -> p.getFileName().toString().endsWith(".sqlite")).sorted().toList();
    }
    List<ShardServer> servers = new ArrayList<>();
    List<ShardDescriptor> descriptors = new ArrayList<>();
    ShardClient client = null;
    try {
      for (Path f : sliceFiles) {
        long start;
        long end;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f.toAbsolutePath());
            Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT MIN(SliceStart), MAX(SliceEnd) FROM loaded_files")) {
          rs.next();
          start = rs.getLong(1);
          end = rs.getLong(2);
        }
        ShardServer server = ShardServer.start(f, "127.0.0.1", 0, null, false);
        servers.add(server);
        String name = f.getFileName().toString();
        descriptors.add(new ShardDescriptor(name.substring(0, name.length() - ".sqlite".length()), server.baseUri(),
            new TimeRange(start, end), null, false));
      }
      client = new ShardClient(ShardClientConfig.defaults());
      DistributedQueryEngine engine = new DistributedQueryEngine(Catalog.of(descriptors, OtelTables.definitions()),
          client, EngineConfig.defaults().withCoverageCheck(false));
      SqlotelFlightServer flight = SqlotelFlightServer.start(engine,
          new FlightServerConfig("127.0.0.1", 0, null, ProducerOptions.defaults()));
      return new OtlpCluster(dir, report, List.copyOf(servers), List.copyOf(descriptors), client, engine, flight);
    } catch (RuntimeException | Error e) {
      if (client != null) {
        client.close();
      }
      servers.forEach(ShardServer::close);
      throw e;
    }
  }

  /** Opens a connection through the Arrow Flight SQL JDBC driver. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(flight.jdbcUrl());
  }

  @Override
  public void close() {
    try {
      flight.close();
    } finally {
      engine.close();
      client.close();
      servers.forEach(ShardServer::close);
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // best effort
      }
    }
  }
}
