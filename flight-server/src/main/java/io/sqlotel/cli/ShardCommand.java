package io.sqlotel.cli;

import io.sqlotel.shard.server.ShardServer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sqlotel shard}: serves one SQLite file as a reference shard over HTTP until the process is stopped. */
@Command(
    name = "shard",
    mixinStandardHelpOptions = true,
    description = "Serve one SQLite database file (opened read-only) as a reference shard over HTTP"
        + " (POST /query, GET /health) until stopped.")
public final class ShardCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--db", required = true, paramLabel = "FILE", description = "The SQLite database file.")
  Path db;

  @Option(names = "--port", required = true, paramLabel = "N", description = "TCP port (0 picks a free one).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
      description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--immutable",
      description = "The file is a sealed time slice that nothing writes to while it is served: SQLite skips its"
          + " per-statement locking and change detection (URI parameter immutable=1). Wrong results if it is written.")
  boolean immutable;

  @Option(names = "--token", paramLabel = "T",
      description = "Require 'Authorization: Bearer T' on /query requests.")
  String token;

  /** Starts the shard server and blocks until the JVM shuts down. */
  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(db)) {
      throw new ParameterException(spec.commandLine(), "no such database file: " + db);
    }
    ShardServer server = ShardServer.start(db, host, port, token, false, immutable);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "sqlotel-shard-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("shard " + db + " served at " + server.baseUri() + " (Ctrl-C to stop)");
    out.flush();
    stopped.await();
    return 0;
  }
}
