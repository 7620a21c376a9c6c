package io.sqlotel.cli;

import io.sqlotel.flight.ServerVersion;
import picocli.CommandLine.IVersionProvider;

/** Answers {@code --version} with the sqlotel and Arrow versions. */
public final class VersionProvider implements IVersionProvider {
  /** Creates the provider (picocli instantiates it). */
  public VersionProvider() {}

  @Override
  public String[] getVersion() {
    return new String[] {"sqlotel " + ServerVersion.sqlotel() + " (Arrow " + ServerVersion.arrow() + ")"};
  }
}
