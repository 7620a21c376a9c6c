package io.sqlotel.shard.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sqlotel.shard.meta.ShardDescriptor;
import io.sqlotel.shard.meta.TimeRange;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/**
 * A kept-alive connection that the shard closed while it was idle (as HTTP servers do after their idle timeout) is
 * noticed before reuse: the next query opens a new connection instead of failing on the dead one.
 */
class IdleConnectionTest {
  @Test
  void aConnectionClosedByTheShardWhileIdleIsNotReused() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        BufferAllocator allocator = new RootAllocator();
        ShardClient client = new ShardClient(new ShardClientConfig(8, Duration.ofSeconds(2), Duration.ofSeconds(5),
            4))) {
      Thread server = new Thread(() -> serve(listener, connections), "idle-closing-shard");
      server.setDaemon(true);
      server.start();
      ShardDescriptor shard = new ShardDescriptor("idle", URI.create("http://127.0.0.1:" + listener.getLocalPort()),
          TimeRange.ALL, null, false);
      for (int i = 0; i < 2; i++) {
        if (i > 0) {
          Thread.sleep(1_500); // the shard has closed the connection by now; the client's pool still holds it
        }
        try (ShardBatchStream stream = client.query(List.of(new ShardRequest(shard, ShardClientTest.SQL)),
            ShardClientTest.SCHEMA, allocator, 1, ShardRequestListener.NONE)) {
          Map<String, List<Long>> rows = ShardClientTest.drain(stream);
          assertEquals(List.of(0L, 1L), rows.get("idle"), "query " + i);
        }
      }
      assertEquals(2, connections.get(), "the second query needed a new connection");
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }

  /** Answers one request per connection (keep-alive, Content-Length), then closes the connection 200 ms later. */
  private static void serve(ServerSocket listener, AtomicInteger connections) {
    byte[] body = CannedShardServer.rows(0, 2).getBytes(StandardCharsets.UTF_8);
    while (!listener.isClosed()) {
      try (Socket s = listener.accept()) {
        connections.incrementAndGet();
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        int length = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
          if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
            length = Integer.parseInt(line.substring(15).trim());
          }
        }
        for (int i = 0; i < length; i++) {
          in.read(); // the JSON request (ASCII)
        }
        OutputStream out = s.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
            + "\r\nConnection: keep-alive\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        Thread.sleep(200);
      } catch (Exception e) {
        // listener closed at the end of the test
      }
    }
  }
}
