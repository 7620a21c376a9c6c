package io.sqlotel.flight;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.auth2.Auth2Constants;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;

/**
 * Accepts calls carrying {@code Authorization: Bearer <token>} with one static token; refuses others with
 * UNAUTHENTICATED. The comparison takes constant time.
 */
public final class BearerTokenAuthenticator implements CallHeaderAuthenticator {
  private static final String PEER = "sqlotel-client";

  private final byte[] expected;

  /** Creates an authenticator for {@code token} (not blank). */
  public BearerTokenAuthenticator(String token) {
    requireNonNull(token, "token is null");
    if (token.isBlank()) {
      throw new IllegalArgumentException("token is blank");
    }
    this.expected = token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public AuthResult authenticate(CallHeaders headers) {
    String header = headers.get(Auth2Constants.AUTHORIZATION_HEADER);
    if (header == null || !header.regionMatches(true, 0, Auth2Constants.BEARER_PREFIX, 0,
        Auth2Constants.BEARER_PREFIX.length())) {
      throw CallStatus.UNAUTHENTICATED
          .withDescription("sqlotel requires a bearer token (JDBC: add token=<token> to the URL)")
          .toRuntimeException();
    }
    byte[] given = header.substring(Auth2Constants.BEARER_PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(expected, given)) {
      throw CallStatus.UNAUTHENTICATED.withDescription("invalid bearer token").toRuntimeException();
    }
    return () -> PEER;
  }
}
