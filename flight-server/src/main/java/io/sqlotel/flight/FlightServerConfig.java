package io.sqlotel.flight;

import static java.util.Objects.requireNonNull;

import io.sqlotel.flight.producer.ProducerOptions;
import java.nio.file.Path;

/**
 * Where and how the Flight SQL server listens.
 *
 * @param host the address to bind, e.g. {@code "127.0.0.1"} (loopback only) or {@code "0.0.0.0"}
 * @param port the TCP port; 0 picks a free one (see {@link SqlotelFlightServer#port()})
 * @param bearerToken if not null, every call must carry {@code Authorization: Bearer <token>} (the JDBC driver's
 *     {@code token} property); null serves without authentication
 * @param producer per-query limits
 * @param tlsCertChain if not null, serve TLS with this PEM certificate chain (together with {@code tlsPrivateKey});
 *     null serves plaintext
 * @param tlsPrivateKey the PEM (PKCS#8) private key of {@code tlsCertChain}; null exactly when it is null
 * @param users if not null, clients may also log in with Flight's basic authentication (the JDBC driver's
 *     {@code user} and {@code password}) as one of these users, and get a bearer token for their session; with
 *     neither {@code bearerToken} nor {@code users} the server requires no authentication
 */
public record FlightServerConfig(String host, int port, String bearerToken, ProducerOptions producer,
    Path tlsCertChain, Path tlsPrivateKey, BasicUsers users) {
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
    if ((tlsCertChain == null) != (tlsPrivateKey == null)) {
      throw new IllegalArgumentException("TLS needs both a certificate chain and a private key");
    }
  }

  /** A plaintext configuration (no TLS), without basic authentication. */
  public FlightServerConfig(String host, int port, String bearerToken, ProducerOptions producer) {
    this(host, port, bearerToken, producer, null, null, null);
  }

  /** A configuration without basic authentication. */
  public FlightServerConfig(String host, int port, String bearerToken, ProducerOptions producer, Path tlsCertChain,
      Path tlsPrivateKey) {
    this(host, port, bearerToken, producer, tlsCertChain, tlsPrivateKey, null);
  }

  /** Whether calls must authenticate (a bearer token or basic authentication). */
  public boolean authenticationRequired() {
    return bearerToken != null || users != null;
  }

  /** Whether the server speaks TLS. */
  public boolean tls() {
    return tlsCertChain != null;
  }

  /** Loopback on {@value #DEFAULT_PORT}, no authentication, default limits. */
  public static FlightServerConfig defaults() {
    return new FlightServerConfig(DEFAULT_HOST, DEFAULT_PORT, null, ProducerOptions.defaults());
  }

  /** A copy listening on {@code newPort}. */
  public FlightServerConfig withPort(int newPort) {
    return new FlightServerConfig(host, newPort, bearerToken, producer, tlsCertChain, tlsPrivateKey, users);
  }

  /** A copy binding {@code newHost}. */
  public FlightServerConfig withHost(String newHost) {
    return new FlightServerConfig(newHost, port, bearerToken, producer, tlsCertChain, tlsPrivateKey, users);
  }

  /** A copy requiring {@code token} (null: no authentication). */
  public FlightServerConfig withBearerToken(String token) {
    return new FlightServerConfig(host, port, token, producer, tlsCertChain, tlsPrivateKey, users);
  }

  /**
   * A copy serving TLS with a PEM certificate chain and its PEM (PKCS#8) private key; both null: plaintext.
   */
  public FlightServerConfig withTls(Path certChain, Path privateKey) {
    return new FlightServerConfig(host, port, bearerToken, producer, certChain, privateKey, users);
  }

  /** A copy that also accepts basic authentication as one of {@code basicUsers} (null: no basic authentication). */
  public FlightServerConfig withUsers(BasicUsers basicUsers) {
    return new FlightServerConfig(host, port, bearerToken, producer, tlsCertChain, tlsPrivateKey, basicUsers);
  }
}
