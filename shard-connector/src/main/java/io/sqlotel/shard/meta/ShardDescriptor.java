package io.sqlotel.shard.meta;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/**
 * One shard: a SQLite database reached over HTTP at {@code POST baseUrl/query} and {@code GET baseUrl/health}.
 *
 * @param id stable, unique, non-blank name used in error messages and statistics
 * @param baseUrl absolute {@code http} or {@code https} URL of the shard, without the {@code /query} suffix
 * @param range the time range {@code [start, end)} (nanoseconds, UTC) of the rows stored in the shard
 * @param bearerToken token sent as {@code Authorization: Bearer <token>}, or null to send no credentials;
 *     never printed by {@link #toString()}
 * @param int64AsText true if the shard cannot represent 64-bit integers exactly in JSON (a JavaScript shard):
 *     it answers them as strings and the client sends integer parameters beyond 2^53 as strings
 */
public record ShardDescriptor(String id, URI baseUrl, TimeRange range, String bearerToken, boolean int64AsText) {

  /**
   * Validates the descriptor.
   *
   * @throws NullPointerException if {@code id}, {@code baseUrl} or {@code range} is null
   * @throws IllegalArgumentException if {@code id} is blank or {@code baseUrl} is not an absolute http(s) URL
   *     with a host
   */
  public ShardDescriptor {
    requireNonNull(id, "id is null");
    requireNonNull(baseUrl, "baseUrl is null");
    requireNonNull(range, "range is null");
    if (id.isBlank()) {
      throw new IllegalArgumentException("shard id is blank");
    }
    String scheme = baseUrl.getScheme();
    if (!baseUrl.isAbsolute() || baseUrl.getHost() == null
        || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
      throw new IllegalArgumentException(
          "shard '" + id + "': base URL must be an absolute http(s) URL with a host, got " + baseUrl);
    }
    if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "shard '" + id + "': base URL must not have a query or fragment, got " + baseUrl);
    }
  }

  /**
   * Returns the URL of the query endpoint.
   *
   * @return {@code baseUrl + "/query"} (a trailing slash of the base URL is not doubled)
   */
  public URI queryUri() {
    return endpoint("query");
  }

  /**
   * Returns the URL of the health endpoint.
   *
   * @return {@code baseUrl + "/health"} (a trailing slash of the base URL is not doubled)
   */
  public URI healthUri() {
    return endpoint("health");
  }

  private URI endpoint(String name) {
    String base = baseUrl.toString();
    int end = base.length();
    while (end > 0 && base.charAt(end - 1) == '/') {
      end--;
    }
    return URI.create(base.substring(0, end) + "/" + name);
  }

  /** Returns the descriptor with the bearer token redacted, so that it never reaches logs. */
  @Override
  public String toString() {
    return "ShardDescriptor[id=" + id + ", baseUrl=" + baseUrl + ", range=" + range
        + ", bearerToken=" + (bearerToken == null ? "none" : "<redacted>") + ", int64AsText=" + int64AsText + "]";
  }
}
