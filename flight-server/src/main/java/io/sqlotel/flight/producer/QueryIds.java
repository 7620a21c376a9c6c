package io.sqlotel.flight.producer;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Generates query ids for tickets and logs: 16 random hex digits. */
public final class QueryIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private QueryIds() {}

  /** A fresh id, e.g. {@code "3f9c0a1b2d4e5f60"}. */
  public static String next() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
