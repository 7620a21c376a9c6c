package io.sqlotel.flight;

import static java.util.Objects.requireNonNull;

import io.sqlotel.coordinator.QueryEngine;
import io.sqlotel.flight.producer.SessionMiddleware;
import io.sqlotel.flight.producer.SqlotelFlightProducer;
import java.io.IOException;
import java.nio.file.Files;
import java.io.UncheckedIOException;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sqlotel Flight SQL server: a gRPC {@link FlightServer} with a {@link SqlotelFlightProducer} over a
 * {@link QueryEngine}, and the {@link RootAllocator} every query allocates from.
 *
 * <p>The server owns its allocator and closes it last; the engine belongs to the caller. Typical use:
 * <pre>{@code
 * try (SqlotelFlightServer server = SqlotelFlightServer.start(engine, FlightServerConfig.defaults().withPort(0))) {
 *   String url = server.jdbcUrl();   // jdbc:arrow-flight-sql://127.0.0.1:<port>?useEncryption=false
 *   ...
 * }
 * }</pre>
 */
public final class SqlotelFlightServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SqlotelFlightServer.class);

  private final BufferAllocator allocator;
  private final SqlotelFlightProducer producer;
  private final FlightServer server;
  private final FlightServerConfig config;

  private SqlotelFlightServer(BufferAllocator allocator, SqlotelFlightProducer producer, FlightServer server,
      FlightServerConfig config) {
    this.allocator = allocator;
    this.producer = producer;
    this.server = server;
    this.config = config;
  }

  /**
   * Builds and starts a server.
   *
   * @param engine the engine queries run on; not closed by the server
   * @param config where to listen, authentication and limits
   * @return the running server
   * @throws UncheckedIOException if the port cannot be bound
   */
  public static SqlotelFlightServer start(QueryEngine engine, FlightServerConfig config) {
    requireNonNull(engine, "engine is null");
    requireNonNull(config, "config is null");
    BufferAllocator allocator = new RootAllocator();
    SqlotelFlightProducer producer = null;
    FlightServer server = null;
    try {
      if (config.tls()) {
        checkReadable(config.tlsCertChain(), "TLS certificate chain");
        checkReadable(config.tlsPrivateKey(), "TLS private key");
      }
      producer = new SqlotelFlightProducer(engine, allocator, config.producer());
      FlightServer.Builder builder = FlightServer.builder(allocator, location(config, config.port()), producer)
          .middleware(SessionMiddleware.KEY, SessionMiddleware.Factory.defaults());
      if (config.tls()) {
        builder.useTls(config.tlsCertChain().toFile(), config.tlsPrivateKey().toFile());
      }
      if (config.users() != null) {
        builder.headerAuthenticator(new SqlotelAuthenticator(config.bearerToken(), config.users()));
      } else if (config.bearerToken() != null) {
        builder.headerAuthenticator(new BearerTokenAuthenticator(config.bearerToken()));
      }
      server = builder.build();
      server.start();
      SqlotelFlightServer s = new SqlotelFlightServer(allocator, producer, server, config);
      LOG.info("Flight SQL server listening on {}:{}{}{}", config.host(), server.getPort(),
          config.tls() ? " (TLS)" : "", authDescription(config));
      return s;
    } catch (IOException e) {
      closeQuietly(server, producer, allocator);
      throw new UncheckedIOException("cannot start the Flight SQL server on " + config.host() + ":" + config.port(), e);
    } catch (RuntimeException | Error e) {
      closeQuietly(server, producer, allocator);
      throw e;
    }
  }

  /** The TCP port the server listens on (the chosen one when configured with port 0). */
  public int port() {
    return server.getPort();
  }

  /** The server's location, {@code grpc+tcp://host:port}, or {@code grpc+tls://host:port} with TLS. */
  public Location location() {
    return location(config, port());
  }

  /** Whether the server speaks TLS. */
  public boolean tls() {
    return config.tls();
  }

  private static Location location(FlightServerConfig config, int port) {
    return config.tls() ? Location.forGrpcTls(config.host(), port) : Location.forGrpcInsecure(config.host(), port);
  }

  private static String authDescription(FlightServerConfig config) {
    if (config.users() == null) {
      return config.bearerToken() == null ? "" : " (bearer token required)";
    }
    return " (" + (config.bearerToken() == null ? "" : "bearer token or ") + "user name and password required)";
  }

  private static void checkReadable(java.nio.file.Path file, String what) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException(what + " is not a readable file: " + file);
    }
  }

  /**
   * The JDBC URL of this server for the Arrow Flight SQL JDBC driver, e.g.
   * {@code jdbc:arrow-flight-sql://127.0.0.1:31337?useEncryption=false}, or {@code ...?useEncryption=true} with TLS
   * (clients then also need to trust the certificate: {@code trustStore}/{@code trustStorePassword}, or
   * {@code disableCertificateVerification=true} for testing).
   */
  public String jdbcUrl() {
    String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
    return "jdbc:arrow-flight-sql://" + host + ":" + port() + "?useEncryption=" + config.tls();
  }

  /** Bytes currently allocated by queries, metadata calls and gRPC messages (0 when idle). */
  public long allocatedBytes() {
    return allocator.getAllocatedMemory();
  }

  /** Blocks until the server shuts down (another thread calls {@link #close()}). */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /**
   * Stops accepting calls, waits for running calls, then closes the producer and the allocator.
   *
   * @throws IllegalStateException if memory is still allocated after every call ended (a leak)
   */
  @Override
  public void close() {
    try {
      AutoCloseables.close(server, producer, allocator);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the Flight SQL server", e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the Flight SQL server", e);
    }
    LOG.info("Flight SQL server stopped");
  }

  private static void closeQuietly(AutoCloseable... resources) {
    try {
      AutoCloseables.close(resources);
    } catch (Exception e) {
      LOG.warn("cleanup after a failed start failed", e);
    }
  }
}
