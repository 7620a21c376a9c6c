package io.sqlotel.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code sqlotel} command: a parent of {@link ServeCommand} and {@link ShardCommand}. */
@Command(
    name = "sqlotel",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "SQL over OpenTelemetry data sharded across SQLite databases, served over Arrow Flight SQL.",
    subcommands = {ServeCommand.class, ShardCommand.class, LoadCommand.class})
public final class SqlotelCommand implements Runnable {
  @Spec
  CommandSpec spec;

  /** Without a subcommand: explains that one is needed. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand: serve or shard (see --help)");
  }
}
