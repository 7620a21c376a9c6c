package io.sqlotel.adbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One sqlotel server process for all test classes of this module ({@code @ExtendWith(SharedServer.class)}, then take
 * a {@link SqlotelServerProcess} parameter in {@code @BeforeAll}). It lives in the root context's store, so JUnit
 * stops it once, after the last class's {@code @AfterAll}; a JVM shutdown hook kills it if the run is aborted.
 */
public final class SharedServer implements ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SharedServer.class);
  static final int SHARDS = 2;

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SqlotelServerProcess.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(NS).getOrComputeIfAbsent("server", key -> {
      try {
        return SqlotelServerProcess.start(SHARDS);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }, SqlotelServerProcess.class);
  }
}
