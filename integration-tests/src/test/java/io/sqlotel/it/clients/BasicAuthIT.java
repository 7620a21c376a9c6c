package io.sqlotel.it.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sqlotel.cli.Main;
import io.sqlotel.cli.ServeCommand;
import io.sqlotel.flight.BasicUsers;
import io.sqlotel.flight.FlightServerConfig;
import io.sqlotel.flight.SqlotelFlightServer;
import io.sqlotel.it.ShardedCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Basic authentication ({@code serve --users FILE}): the JDBC driver's user and password are checked against salted
 * SHA-256 hashes and answered with a generated bearer token; the static {@code --token} keeps working.
 */
class BasicAuthIT {
  private static final String QUERY = "SELECT COUNT(*) FROM otel_logs";
  private static final String TOKEN = "static-token-42";

  @TempDir
  static Path dir;

  private static ShardedCluster cluster;
  private static SqlotelFlightServer server;
  private static Path usersFile;

  @BeforeAll
  static void start() throws Exception {
    cluster = ShardedCluster.shared(24);
    usersFile = dir.resolve("users.txt");
    Files.write(usersFile, List.of(
        "# user:salt:sha256hex(salt+password)",
        line("alice", "a1b2c3", "wonderland"),
        "",
        line("bob", "0f0f", "p:ss w\u00f6rd")), StandardCharsets.UTF_8);
    server = SqlotelFlightServer.start(cluster.engine(), FlightServerConfig.defaults().withPort(0)
        .withBearerToken(TOKEN).withUsers(BasicUsers.load(usersFile)));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String line(String user, String salt, String password) {
    return user + ":" + salt + ":" + BasicUsers.hashHex(salt, password);
  }

  @Test
  void userAndPasswordLogIn() throws Exception {
    long expected = expectedCount();
    assertEquals(expected, count(server.jdbcUrl(), credentials("alice", "wonderland")));
    assertEquals(expected, count(server.jdbcUrl(), credentials("bob", "p:ss w\u00f6rd")));
  }

  @Test
  void staticTokenStillWorks() throws Exception {
    assertEquals(expectedCount(), count(server.jdbcUrl() + "&token=" + TOKEN, new Properties()));
  }

  @Test
  void wrongPasswordIsUnauthenticated() {
    assertUnauthenticated(server.jdbcUrl(), credentials("alice", "wonderlandX"));
    assertUnauthenticated(server.jdbcUrl(), credentials("mallory", "wonderland"));
    assertUnauthenticated(server.jdbcUrl() + "&token=wrong", new Properties());
    assertUnauthenticated(server.jdbcUrl(), new Properties());
  }

  @Test
  void hashMatchesTheDocumentedShellCommand() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")) && (Files.isExecutable(Path.of("/usr/bin/sha256sum"))
        || Files.isExecutable(Path.of("/bin/sha256sum"))), "needs sh and sha256sum");
    Process p = new ProcessBuilder("sh", "-c",
        "s=a1b2c3; printf '%s:%s:%s\\n' alice \"$s\" \"$(printf '%s%s' \"$s\" 'wonderland' | sha256sum"
            + " | cut -d' ' -f1)\"").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, p.waitFor());
    assertEquals(line("alice", "a1b2c3", "wonderland"), out);
  }

  @Test
  void malformedUsersFilesAreRefused() {
    String hash = BasicUsers.hashHex("s", "p");
    assertThrows(IllegalArgumentException.class, () -> BasicUsers.parse(List.of("alice:s"), "f"));
    assertThrows(IllegalArgumentException.class, () -> BasicUsers.parse(List.of("alice:s:abc"), "f"));
    assertThrows(IllegalArgumentException.class, () -> BasicUsers.parse(List.of(":s:" + hash), "f"));
    assertThrows(IllegalArgumentException.class,
        () -> BasicUsers.parse(List.of("a:s:" + hash, "a:t:" + hash), "f"));
    assertThrows(IllegalArgumentException.class, () -> BasicUsers.parse(List.of("# nobody"), "f"));
    BasicUsers users = BasicUsers.parse(List.of("a:s:" + hash.toUpperCase()), "f");
    assertTrue(users.verify("a", "p"));
    assertTrue(!users.verify("a", "q") && !users.verify("b", "p") && !users.verify("a", null));
  }

  @Test
  void serveCommandWithUsersAndToken() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.getSubcommands().get("serve").setOut(new PrintWriter(out));
    CommandLine.ParseResult pr = cl.parseArgs("serve", "--demo", "--shards", "1", "--port", "0",
        "--data-dir", dir.resolve("demo").toString(), "--users", usersFile.toString(), "--token", TOKEN);
    try (ServeCommand serve = (ServeCommand) pr.subcommand().commandSpec().userObject()) {
      SqlotelFlightServer s = serve.start();
      assertTrue(out.toString().contains("&user=<user>&password=<password>"), out.toString());
      String sql = "SELECT COUNT(*) FROM otel_traces";
      long viaPassword = count(s.jdbcUrl(), credentials("alice", "wonderland"), sql);
      assertTrue(viaPassword > 0);
      assertEquals(viaPassword, count(s.jdbcUrl() + "&token=" + TOKEN, new Properties(), sql));
      assertUnauthenticated(s.jdbcUrl(), credentials("alice", "nope"));
    }
    Path bad = dir.resolve("bad-users.txt");
    Files.writeString(bad, "alice:salt:not-a-hash\n");
    CommandLine.ParseResult badArgs = Main.commandLine().parseArgs("serve", "--demo", "--users", bad.toString());
    try (ServeCommand serve = (ServeCommand) badArgs.subcommand().commandSpec().userObject()) {
      CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class, serve::start);
      assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }
  }

  private static Properties credentials(String user, String password) {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    return p;
  }

  private static void assertUnauthenticated(String url, Properties props) {
    SQLException e = assertThrows(SQLException.class, () -> count(url, props));
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof FlightRuntimeException f && f.status().code() == FlightStatusCode.UNAUTHENTICATED
          || String.valueOf(t.getMessage()).contains("UNAUTHENTICATED")) {
        return;
      }
    }
    throw new AssertionError("not UNAUTHENTICATED", e);
  }

  private static long expectedCount() throws SQLException {
    try (Connection c = cluster.connect()) {
      return count(c, QUERY);
    }
  }

  private static long count(String url, Properties props) throws SQLException {
    return count(url, props, QUERY);
  }

  private static long count(String url, Properties props, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, props)) {
      return count(c, sql);
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }
}
