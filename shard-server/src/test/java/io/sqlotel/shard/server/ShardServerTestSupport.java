package io.sqlotel.shard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** HTTP and SQLite helpers shared by the shard server tests. */
final class ShardServerTestSupport {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ShardServerTestSupport() {}

  /** Creates a database file and runs the given statements on it. */
  static Path createDb(Path file, String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
    return file;
  }

  /** A response: status, parsed body (null when not JSON), raw body. */
  record Reply(int status, JsonNode json, String body, HttpResponse<String> response) {
    JsonNode error() {
      return json.get("error");
    }
  }

  static Reply post(URI base, String body) throws IOException, InterruptedException {
    return post(base, body, null);
  }

  static Reply post(URI base, String body, String authorization) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/query"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return send(b.build());
  }

  static Reply query(URI base, String sql, Object... params) throws IOException, InterruptedException {
    var node = JSON.createObjectNode();
    node.put("sql", sql);
    var array = node.putArray("params");
    for (Object p : params) {
      array.addPOJO(p);
    }
    return post(base, JSON.writeValueAsString(node));
  }

  static Reply get(URI uri) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build());
  }

  static Reply send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode json = null;
    try {
      json = JSON.readTree(r.body());
    } catch (IOException notJson) {
      // left null: the test asserting on it will say so
    }
    return new Reply(r.statusCode(), json, r.body(), r);
  }

  /** Asserts an error reply with the given HTTP status and protocol code. */
  static void assertError(Reply reply, int status, String code) {
    assertEquals(status, reply.status(), reply.body());
    assertEquals(code, reply.error().get("code").asText(), reply.body());
  }
}
