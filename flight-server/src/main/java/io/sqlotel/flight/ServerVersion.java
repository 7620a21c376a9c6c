package io.sqlotel.flight;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The sqlotel and Arrow versions this server was built with (from the filtered {@code version.properties}). */
public final class ServerVersion {
  private static final Properties PROPS = load();

  private ServerVersion() {}

  /** The sqlotel version, e.g. {@code "0.1.0-SNAPSHOT"}; {@code "unknown"} outside a Maven build. */
  public static String sqlotel() {
    return value("sqlotel.version");
  }

  /** The Arrow Java version, e.g. {@code "18.3.0"}; {@code "unknown"} outside a Maven build. */
  public static String arrow() {
    return value("arrow.version");
  }

  private static String value(String key) {
    String v = PROPS.getProperty(key, "unknown");
    return v.startsWith("${") ? "unknown" : v;
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = ServerVersion.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read version.properties", e);
    }
    return p;
  }
}
