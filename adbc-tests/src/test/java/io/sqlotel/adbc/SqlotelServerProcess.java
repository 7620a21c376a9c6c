package io.sqlotel.adbc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A {@code sqlotel serve --demo} server in its own JVM, started from the built {@code sqlotel-server.jar} (so that no
 * sqlotel, Calcite or Avatica class shares the test classpath with the ADBC driver). The port is chosen by the server
 * ({@code --port 0}) and read from the JDBC URL it prints on stdout.
 */
final class SqlotelServerProcess implements AutoCloseable {
  private static final Pattern JDBC_URL = Pattern.compile("JDBC URL:\\s+jdbc:arrow-flight-sql://([^:/?\\s]+):(\\d+)");
  private static final long START_TIMEOUT_SECONDS = 60;

  private final Process process;
  private final Path dataDir;
  private final String host;
  private final int port;

  private SqlotelServerProcess(Process process, Path dataDir, String host, int port) {
    this.process = process;
    this.dataDir = dataDir;
    this.host = host;
    this.port = port;
  }

  /** Starts the server with {@code shards} demo shards and waits until it prints its JDBC URL. */
  static SqlotelServerProcess start(int shards) throws IOException, InterruptedException {
    return start(shards, "sqlotel-server");
  }

  /**
   * Starts the server with {@code shards} demo shards and more {@code serve} options, logging to
   * {@code target/<name>.out.log} and {@code .err.log}, and waits until it prints its JDBC URL.
   */
  static SqlotelServerProcess start(int shards, String name, String... options)
      throws IOException, InterruptedException {
    Path jar = Paths.get(System.getProperty("sqlotel.server.jar", "../flight-server/target/sqlotel-server.jar"))
        .toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("The server jar " + jar + " is missing: build it first with"
          + " `mvn -q install -Dmaven.test.skip=true` from the project root (the reactor builds flight-server before"
          + " adbc-tests).");
    }
    Path itDir = Paths.get(System.getProperty("sqlotel.it.dir", "target")).toAbsolutePath();
    Files.createDirectories(itDir);
    Path dataDir = Files.createTempDirectory(itDir, "sqlotel-demo-");
    Path stdoutLog = itDir.resolve(name + ".out.log");
    Path stderrLog = itDir.resolve(name + ".err.log");
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new java.util.ArrayList<>(List.of(java, "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "-Duser.timezone=UTC", "-Xmx512m", "-jar", jar.toString(), "serve", "--demo", "--port", "0", "--shards",
        Integer.toString(shards), "--data-dir", dataDir.toString()));
    command.addAll(List.of(options));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectError(stderrLog.toFile());
    Process process = pb.start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "sqlotel-server-process-killer"));

    CompletableFuture<Matcher> url = new CompletableFuture<>();
    Thread pump = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
           Writer log = Files.newBufferedWriter(stdoutLog, StandardCharsets.UTF_8)) {
        String line;
        while ((line = in.readLine()) != null) {
          log.write(line);
          log.write('\n');
          log.flush();
          Matcher m = JDBC_URL.matcher(line);
          if (m.find()) {
            url.complete(m);
          }
        }
      } catch (IOException e) {
        url.completeExceptionally(e);
      } finally {
        url.completeExceptionally(new IllegalStateException("the server's stdout ended before it printed its JDBC URL"));
      }
    }, "sqlotel-server-stdout");
    pump.setDaemon(true);
    pump.start();

    try {
      Matcher m = url.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return new SqlotelServerProcess(process, dataDir, m.group(1), Integer.parseInt(m.group(2)));
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      String err = Files.exists(stderrLog) ? tail(stderrLog) : "";
      throw new IllegalStateException("the sqlotel server did not start (" + e + ", exit "
          + (process.isAlive() ? "none" : process.exitValue()) + "); stderr ends with:\n" + err, e);
    }
  }

  String host() {
    return host;
  }

  int port() {
    return port;
  }

  /** The Flight location, e.g. {@code grpc+tcp://127.0.0.1:40123}. */
  String uri() {
    return "grpc+tcp://" + host + ":" + port;
  }

  /** Stops the server (SIGTERM, then SIGKILL after 10 s) and deletes its demo shards. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return e.toString();
    }
  }
}
