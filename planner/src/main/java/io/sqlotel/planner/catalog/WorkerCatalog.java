package io.sqlotel.planner.catalog;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sqlotel.shard.meta.ShardDescriptor;
import io.sqlotel.shard.meta.TimeRange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A catalog whose shards are the time slices of a sqlotel shard worker (the Cloudflare Worker with one SQLite
 * Durable Object per slice, module {@code shard-worker}).
 *
 * <p>It asks {@code GET {workerUrl}/catalog}, which answers
 * {@code {"slices": [{"id": "20181213T1400Z", "start": "1544709600000000000", "end": "1544713200000000000"}, ...]}}
 * (bounds as decimal nanosecond strings, {@code [start, end)}), and makes one {@link ShardDescriptor} per slice with
 * base URL {@code {workerUrl}/shards/{id}}, the worker's bearer token, and {@code int64AsText = true} (a JavaScript
 * shard cannot send int64 values as exact JSON numbers).
 */
public final class WorkerCatalog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private WorkerCatalog() {}

  /**
   * Loads the worker's slices as a catalog of the standard OTel tables.
   *
   * @param workerUrl the worker's base URL, e.g. {@code https://sqlotel-shards.example.workers.dev}
   * @param bearerToken the worker's {@code AUTH_TOKEN}, or null when it has none
   * @return the catalog
   * @throws IOException if the worker cannot be reached or answers something else than a catalog
   */
  public static Catalog load(URI workerUrl, String bearerToken) throws IOException {
    return load(workerUrl, bearerToken, OtelTables.definitions(), DEFAULT_TIMEOUT);
  }

  /**
   * Loads the worker's slices as a catalog of the given tables.
   *
   * @throws IOException if the worker cannot be reached or answers something else than a catalog
   */
  public static Catalog load(URI workerUrl, String bearerToken, List<TableDef> tables, Duration timeout)
      throws IOException {
    return Catalog.of(shards(workerUrl, bearerToken, timeout), tables);
  }

  /**
   * Fetches the worker's slices as shard descriptors, in time order.
   *
   * @throws IOException if the worker cannot be reached or answers something else than a catalog
   */
  public static List<ShardDescriptor> shards(URI workerUrl, String bearerToken, Duration timeout) throws IOException {
    requireNonNull(workerUrl, "workerUrl is null");
    requireNonNull(timeout, "timeout is null");
    String base = stripSlash(workerUrl.toString());
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/catalog")).timeout(timeout).GET()
        .header("Accept", "application/json");
    if (bearerToken != null && !bearerToken.isEmpty()) {
      request.header("Authorization", "Bearer " + bearerToken);
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking " + base + "/catalog", e);
    }
    JsonNode root;
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        String body = new String(in.readNBytes(2000), StandardCharsets.UTF_8);
        throw new IOException("GET " + base + "/catalog answered HTTP " + response.statusCode() + ": " + body);
      }
      root = JSON.readTree(in);
    }
    JsonNode slices = root == null ? null : root.get("slices");
    if (slices == null || !slices.isArray()) {
      throw new IOException("GET " + base + "/catalog: no \"slices\" array in the answer");
    }
    List<ShardDescriptor> shards = new ArrayList<>();
    for (JsonNode s : slices) {
      String id = s.path("id").asText("");
      if (id.isEmpty()) {
        throw new IOException("GET " + base + "/catalog: a slice without id: " + s);
      }
      long start = nanos(s.get("start"), id, "start");
      long end = nanos(s.get("end"), id, "end");
      shards.add(new ShardDescriptor(id, URI.create(base + "/shards/" + id), new TimeRange(start, end),
          bearerToken == null || bearerToken.isEmpty() ? null : bearerToken, true));
    }
    shards.sort(Comparator.comparingLong((ShardDescriptor d) -> d.range().startNanos()).thenComparing(d -> d.id()));
    return List.copyOf(shards);
  }

  private static long nanos(JsonNode v, String id, String field) throws IOException {
    if (v == null || !(v.isTextual() || v.isIntegralNumber())) {
      throw new IOException("slice " + id + ": " + field + " is not an integer: " + v);
    }
    try {
      return v.isTextual() ? Long.parseLong(v.asText().trim()) : v.longValue();
    } catch (NumberFormatException e) {
      throw new IOException("slice " + id + ": " + field + " is not a 64-bit integer: " + v, e);
    }
  }

  private static String stripSlash(String url) {
    String s = url;
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }
}
