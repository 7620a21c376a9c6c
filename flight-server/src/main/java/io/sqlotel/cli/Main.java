package io.sqlotel.cli;

import picocli.CommandLine;

/** Entry point of {@code sqlotel-server.jar}: runs {@link SqlotelCommand} and exits with its code. */
public final class Main {
  /**
   * gRPC logs every client-cancelled stream ("Stream closed before write could take place") with a stack trace at
   * WARNING through java.util.logging; cancelling a query is normal, so only SEVERE is shown. Held here because JUL
   * keeps loggers weakly.
   */
  private static final java.util.logging.Logger GRPC_STREAM_LOG =
      java.util.logging.Logger.getLogger("io.grpc.netty.NettyServerHandler");

  private Main() {}

  /**
   * Runs the command line.
   *
   * @param args e.g. {@code serve --demo} or {@code shard --db shard.sqlite --port 8081}
   */
  public static void main(String[] args) {
    configureLogging();
    int code = commandLine().execute(args);
    System.exit(code);
  }

  /** The configured picocli command line (for tests and embedding). */
  public static CommandLine commandLine() {
    return new CommandLine(new SqlotelCommand()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  /** slf4j-simple defaults for the launcher, unless the user set them with -D. */
  private static void configureLogging() {
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "info");
    setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
    setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
    setIfAbsent("org.slf4j.simpleLogger.log.io.grpc", "warn");
    setIfAbsent("org.slf4j.simpleLogger.log.io.netty", "warn");
    setIfAbsent("org.slf4j.simpleLogger.log.org.apache.arrow", "warn");
    setIfAbsent("org.slf4j.simpleLogger.log.org.apache.calcite", "warn");
    GRPC_STREAM_LOG.setLevel(java.util.logging.Level.SEVERE);
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
