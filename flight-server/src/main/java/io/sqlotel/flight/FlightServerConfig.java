package io.sqlotel.flight;

import static java.util.Objects.requireNonNull;

import io.sqlotel.flight.producer.ProducerOptions;

/**
 * Where and how the Flight SQL server listens.
 *
 * @param host the address to bind, e.g. {@code "127.0.0.1"} (loopback only) or {@code "0.0.0.0"}
 * @param port the TCP port; 0 picks a free one (see {@link SqlotelFlightServer#port()})
 * @param bearerToken if not null, every call must carry {@code Authorization: Bearer <token>} (the JDBC driver's
 *     {@code token} property); null serves without authentication
 * @param producer per-query limits
 */
public record FlightServerConfig(String host, int port, String bearerToken, ProducerOptions producer) {
  /** The default port of {@code sqlotel serve}. */
  public static final int DEFAULT_PORT = 31337;
  /** The default bind address: loopback. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** Validates the fields. */
  public FlightServerConfig {
    requireNonNull(host, "host is null");
    requireNonNull(producer, "producer is null");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (bearerToken != null && bearerToken.isBlank()) {
      throw new IllegalArgumentException("bearerToken is blank");
    }
  }

  /** Loopback on {@value #DEFAULT_PORT}, no authentication, default limits. */
  public static FlightServerConfig defaults() {
    return new FlightServerConfig(DEFAULT_HOST, DEFAULT_PORT, null, ProducerOptions.defaults());
  }

  /** A copy listening on {@code newPort}. */
  public FlightServerConfig withPort(int newPort) {
    return new FlightServerConfig(host, newPort, bearerToken, producer);
  }

  /** A copy binding {@code newHost}. */
  public FlightServerConfig withHost(String newHost) {
    return new FlightServerConfig(newHost, port, bearerToken, producer);
  }

  /** A copy requiring {@code token} (null: no authentication). */
  public FlightServerConfig withBearerToken(String token) {
    return new FlightServerConfig(host, port, token, producer);
  }
}
