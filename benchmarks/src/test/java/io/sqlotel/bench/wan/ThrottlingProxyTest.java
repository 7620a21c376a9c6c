package io.sqlotel.bench.wan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The throttling proxy adds its round trip, caps the bandwidth and forwards bytes unchanged, in both directions. */
class ThrottlingProxyTest {
  private ServerSocket upstream;
  private Thread server;

  @BeforeEach
  void startEchoOrBlobServer() throws IOException {
    upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    server = new Thread(() -> {
      while (!upstream.isClosed()) {
        try {
          Socket s = upstream.accept();
          Thread t = new Thread(() -> serve(s));
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    });
    server.setDaemon(true);
    server.start();
  }

  /** First byte 'E': echo every further byte; 'B' + 4-byte length: send that many bytes and close. */
  private static void serve(Socket s) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      int cmd = in.read();
      if (cmd == 'E') {
        int b;
        while ((b = in.read()) >= 0) {
          out.write(b);
          out.flush();
        }
      } else if (cmd == 'B') {
        int n = (in.read() << 24) | (in.read() << 16) | (in.read() << 8) | in.read();
        out.write(blob(n));
        out.flush();
      }
    } catch (IOException e) {
      // client gone
    }
  }

  private static byte[] blob(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @AfterEach
  void stop() throws IOException {
    upstream.close();
  }

  private InetSocketAddress target() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), upstream.getLocalPort());
  }

  @Test
  void addsTheRoundTripTimeToEachExchange() throws Exception {
    try (ThrottlingProxy proxy = ThrottlingProxy.start(List.of(target()), 1000, 40);
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port(0))) {
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      long t0 = System.nanoTime();
      out.write(new byte[] {'E', 1});
      out.flush();
      assertEquals(1, in.read());
      long first = System.nanoTime() - t0;
      t0 = System.nanoTime();
      out.write(2);
      out.flush();
      assertEquals(2, in.read());
      long second = System.nanoTime() - t0;
      assertTrue(first >= 80_000_000L, "handshake plus one round trip: " + first / 1e6 + " ms");
      assertTrue(second >= 40_000_000L && second < 400_000_000L, "one round trip: " + second / 1e6 + " ms");
    }
  }

  @Test
  void capsTheBandwidthAndForwardsTheBytesUnchanged() throws Exception {
    int size = 250_000; // at 8 Mbit/s (1 MB/s): 250 ms on the link
    try (ThrottlingProxy proxy = ThrottlingProxy.start(List.of(target()), 8, 2);
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port(0))) {
      OutputStream out = s.getOutputStream();
      out.write(new byte[] {'B', (byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size});
      out.flush();
      long t0 = System.nanoTime();
      byte[] got = s.getInputStream().readAllBytes();
      long elapsed = System.nanoTime() - t0;
      assertArrayEquals(blob(size), got);
      assertTrue(elapsed >= 230_000_000L && elapsed < 2_000_000_000L, "250 KB at 1 MB/s: " + elapsed / 1e6 + " ms");
      assertEquals(size, proxy.bytesDown());
    }
  }
}
