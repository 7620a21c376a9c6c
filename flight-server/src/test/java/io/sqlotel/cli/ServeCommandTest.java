package io.sqlotel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.flight.SqlotelFlightServer;
import io.sqlotel.shard.demo.DemoDataGenerator;
import io.sqlotel.shard.demo.DemoSpec;
import io.sqlotel.shard.demo.GeneratedShard;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code serve} as the command line wires it, without blocking: {@code --demo} and {@code --catalog}. */
class ServeCommandTest {
  @TempDir
  Path dir;

  /** Parses {@code serve ...} and returns the command with its output captured in {@code out}. */
  static ServeCommand parse(StringWriter out, String... args) {
    CommandLine cl = Main.commandLine();
    cl.getSubcommands().get("serve").setOut(new PrintWriter(out));
    CommandLine.ParseResult pr = cl.parseArgs(args);
    return (ServeCommand) pr.subcommand().commandSpec().userObject();
  }

  static long count(String url, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  @Test
  void demoServesRecentData() throws Exception {
    StringWriter out = new StringWriter();
    try (ServeCommand serve = parse(out, "serve", "--demo", "--shards", "1", "--port", "0",
        "--data-dir", dir.toString())) {
      SqlotelFlightServer server = serve.start();
      assertTrue(out.toString().contains("JDBC URL:  " + server.jdbcUrl()), out.toString());
      assertTrue(Files.exists(dir.resolve("shard-000.sqlite")));
      assertEquals(DemoSpec.defaults(0).spansPerShard(), count(server.jdbcUrl(), "SELECT COUNT(*) FROM otel_traces"));
      // The only shard is the hour before the current one: a two-hour window always overlaps it.
      assertTrue(count(server.jdbcUrl(), "SELECT COUNT(*) FROM otel_traces"
          + " WHERE \"Timestamp\" >= CURRENT_TIMESTAMP - INTERVAL '2' HOUR") > 0);
      try (Connection c = DriverManager.getConnection(server.jdbcUrl()); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(ServeCommand.EXAMPLE_QUERY)) {
        assertEquals(3, rs.getMetaData().getColumnCount());
      }
    }
  }

  @Test
  void reliabilityOptionsAreAcceptedAndValidated() throws Exception {
    StringWriter out = new StringWriter();
    try (ServeCommand serve = parse(out, "serve", "--demo", "--shards", "1", "--port", "0", "--data-dir",
        dir.toString(), "--partial-results", "--allow-gaps", "--query-timeout", "30", "--shard-timeout", "5",
        "--shard-retries", "0", "--query-memory-limit", "64", "--memory-limit", "256")) {
      SqlotelFlightServer server = serve.start();
      assertEquals(DemoSpec.defaults(0).spansPerShard(), count(server.jdbcUrl(), "SELECT COUNT(*) FROM otel_traces"));
      assertEquals(DemoSpec.defaults(0).spansPerShard(), count(server.jdbcUrl()
          + "&sqlotel.partial_results=false&sqlotel.query_timeout_ms=10000", "SELECT COUNT(*) FROM otel_traces"));
    }
    try (ServeCommand bad = parse(new StringWriter(), "serve", "--demo", "--query-timeout", "0")) {
      org.junit.jupiter.api.Assertions.assertThrows(CommandLine.ParameterException.class, bad::start);
    }
    for (String[] args : List.of(new String[] {"--max-endpoints", "0"}, new String[] {"--replica", "http://h:1"},
        new String[] {"--replica", "grpc+tcp://nohost"})) {
      String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("serve", "--demo"),
          java.util.Arrays.stream(args)).toArray(String[]::new);
      try (ServeCommand bad = parse(new StringWriter(), all)) {
        org.junit.jupiter.api.Assertions.assertThrows(CommandLine.ParameterException.class, bad::start,
            String.join(" ", args));
      }
    }
  }

  @Test
  void catalogServesTheListedShards() throws Exception {
    DemoSpec demo = DemoWindow.spec(2, Instant.now());
    DemoSpec small = new DemoSpec(demo.startNanos(), 2, demo.sliceNanos(), 30, 20, 10, demo.seed(), demo.emptyShards());
    List<GeneratedShard> files = DemoDataGenerator.generate(dir.resolve("data"), small);
    try (ShardCluster shards = ShardCluster.start(files)) {
      StringBuilder yaml = new StringBuilder("shards:\n");
      for (int i = 0; i < files.size(); i++) {
        yaml.append("  - id: ").append(files.get(i).id()).append('\n')
            .append("    url: ").append(shards.descriptors().get(i).baseUrl()).append('\n')
            .append("    start: ").append(files.get(i).startNanos()).append('\n')
            .append("    end: ").append(files.get(i).endNanos()).append('\n');
      }
      Path catalog = Files.writeString(dir.resolve("catalog.yaml"), yaml);
      StringWriter out = new StringWriter();
      try (ServeCommand serve = parse(out, "serve", "--catalog", catalog.toString(), "--port", "0")) {
        SqlotelFlightServer server = serve.start();
        assertTrue(out.toString().contains("serving 2 shard(s)"), out.toString());
        assertEquals(2L * 20, count(server.jdbcUrl(), "SELECT COUNT(*) FROM otel_logs"));
      }
    }
  }

  /**
   * A shard server that requires a bearer token refuses requests without it; a catalog whose {@code shard_token_env}
   * (or a shard's {@code token_env}) names the variable holding the token serves it; a catalog without the token
   * fails queries naming the shard; the token never appears in what serve prints.
   */
  @Test
  void staticShardsWithATokenFromTheEnvironment() throws Exception {
    String token = "shard-t0ken-from-env";
    DemoSpec demo = DemoWindow.spec(1, Instant.now());
    DemoSpec small = new DemoSpec(demo.startNanos(), 1, demo.sliceNanos(), 30, 20, 10, demo.seed(), demo.emptyShards());
    GeneratedShard file = DemoDataGenerator.generate(dir.resolve("data"), small).get(0);
    try (io.sqlotel.shard.server.ShardServer shard = io.sqlotel.shard.server.ShardServer.start(file.file(),
        "127.0.0.1", 0, token)) {
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      java.net.http.HttpRequest.Builder post = java.net.http.HttpRequest.newBuilder(
          java.net.URI.create(shard.baseUri() + "/query"))
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"sql\":\"SELECT 1\",\"params\":[]}"));
      assertEquals(401, http.send(post.build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode(),
          "the shard refuses a request without its token");
      assertEquals(200, http.send(post.header("Authorization", "Bearer " + token).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());

      String entry = "  - id: " + file.id() + "\n    url: " + shard.baseUri() + "\n    start: " + file.startNanos()
          + "\n    end: " + file.endNanos() + "\n";
      Path perCatalog = Files.writeString(dir.resolve("catalog-env.yaml"),
          "shard_token_env: SQLOTEL_TEST_SHARD_TOKEN\nshards:\n" + entry);
      Path perShard = Files.writeString(dir.resolve("catalog-shard-env.yaml"),
          "shards:\n" + entry + "    token_env: SQLOTEL_TEST_SHARD_TOKEN\n");
      for (Path catalog : List.of(perCatalog, perShard)) {
        StringWriter out = new StringWriter();
        try (ServeCommand serve = parse(out, "serve", "--catalog", catalog.toString(), "--port", "0")) {
          serve.env = name -> name.equals("SQLOTEL_TEST_SHARD_TOKEN") ? token : null;
          SqlotelFlightServer server = serve.start();
          assertEquals(20, count(server.jdbcUrl(), "SELECT COUNT(*) FROM otel_logs"), catalog.toString());
          assertTrue(!out.toString().contains(token), out.toString());
        }
      }

      Path noToken = Files.writeString(dir.resolve("catalog-no-token.yaml"), "shards:\n" + entry);
      try (ServeCommand serve = parse(new StringWriter(), "serve", "--catalog", noToken.toString(), "--port", "0")) {
        SqlotelFlightServer server = serve.start();
        java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
            () -> count(server.jdbcUrl(), "SELECT COUNT(*) FROM otel_logs"));
        String text = String.valueOf(e.getMessage()) + e.getCause();
        assertTrue(text.contains(file.id()), "the error names the shard: " + text);
      }

      try (ServeCommand serve = parse(new StringWriter(), "serve", "--catalog", perCatalog.toString(), "--port",
          "0")) {
        serve.env = name -> null;
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, serve::start);
        assertTrue(e.getMessage().contains("SQLOTEL_TEST_SHARD_TOKEN is not set"), e.getMessage());
      }
    }
  }
}
