package io.sqlotel.bench.wan;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy that makes loopback look like a wide-area link: every target gets a local listening port, and every
 * byte through any of them crosses one shared emulated link with a bandwidth limit per direction and a round-trip
 * time (half of it added in each direction; opening a connection costs one more round trip, like a TCP handshake).
 *
 * <p>The link is a FIFO bottleneck shared by all connections of the proxy (the coordinator's own network link): a
 * chunk read from one side is scheduled to leave the bottleneck at {@code max(now, link free) + size / bandwidth} and
 * is delivered to the other side one one-way delay later. At most {@value #WINDOW_BYTES} bytes per connection and
 * direction are in flight (like a TCP receive window); a slow reader thus slows the sender down.
 */
public final class ThrottlingProxy implements AutoCloseable {
  /** Largest chunk scheduled at once, bytes. */
  static final int CHUNK_BYTES = 16 * 1024;
  /** Bytes in flight per connection and direction, at most. */
  static final int WINDOW_BYTES = 2 * 1024 * 1024;
  private static final Object EOF = new Object();

  private final Link down;
  private final Link up;
  private final long oneWayNanos;
  private final List<ServerSocket> listeners = new ArrayList<>();
  private final List<InetSocketAddress> targets;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicLong bytesDown = new AtomicLong();
  private final AtomicLong bytesUp = new AtomicLong();
  private volatile boolean closed;

  private ThrottlingProxy(List<InetSocketAddress> targets, double mbitPerSecond, double rttMillis) {
    this.targets = List.copyOf(targets);
    double bytesPerSecond = mbitPerSecond * 1_000_000 / 8;
    this.down = new Link(bytesPerSecond);
    this.up = new Link(bytesPerSecond);
    this.oneWayNanos = (long) (rttMillis * 1_000_000 / 2);
  }

  /**
   * Starts listening on one loopback port per target.
   *
   * @param targets where connections to each port are forwarded, in the order of {@link #port(int)}
   * @param mbitPerSecond bandwidth in each direction, megabits (10^6 bits) per second; positive
   * @param rttMillis round-trip time added, milliseconds; at least 0
   * @return the running proxy
   * @throws IOException if a port cannot be bound
   */
  public static ThrottlingProxy start(List<InetSocketAddress> targets, double mbitPerSecond, double rttMillis)
      throws IOException {
    requireNonNull(targets, "targets is null");
    if (!(mbitPerSecond > 0) || !(rttMillis >= 0)) {
      throw new IllegalArgumentException("bad link: " + mbitPerSecond + " Mbit/s, " + rttMillis + " ms");
    }
    ThrottlingProxy p = new ThrottlingProxy(targets, mbitPerSecond, rttMillis);
    try {
      for (int i = 0; i < targets.size(); i++) {
        ServerSocket ss = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        p.listeners.add(ss);
        InetSocketAddress target = targets.get(i);
        Thread t = new Thread(() -> p.accept(ss, target), "wan-accept-" + ss.getLocalPort());
        t.setDaemon(true);
        t.start();
      }
    } catch (IOException | RuntimeException e) {
      p.close();
      throw e;
    }
    return p;
  }

  /**
   * Returns the local port forwarding to target {@code i}.
   *
   * @param i the target's index in the list given to {@link #start}
   * @return the port on the loopback address
   */
  public int port(int i) {
    return listeners.get(i).getLocalPort();
  }

  /** The loopback base URI ({@code http://127.0.0.1:port}) forwarding to target {@code i}. */
  public URI httpUri(int i) {
    return URI.create("http://127.0.0.1:" + port(i));
  }

  /** Bytes forwarded from the targets to the clients so far. */
  public long bytesDown() {
    return bytesDown.get();
  }

  /** Bytes forwarded from the clients to the targets so far. */
  public long bytesUp() {
    return bytesUp.get();
  }

  private void accept(ServerSocket ss, InetSocketAddress target) {
    while (!closed) {
      Socket client;
      try {
        client = ss.accept();
      } catch (IOException e) {
        return; // closed
      }
      Thread t = new Thread(() -> connect(client, target), "wan-connect-" + client.getPort());
      t.setDaemon(true);
      t.start();
    }
  }

  private void connect(Socket client, InetSocketAddress target) {
    sockets.add(client);
    Socket server = new Socket();
    sockets.add(server);
    try {
      sleepUntil(System.nanoTime() + 2 * oneWayNanos); // the handshake's round trip
      server.connect(target, 10_000);
      client.setTcpNoDelay(true);
      server.setTcpNoDelay(true);
      Connection c = new Connection(client, server);
      c.pipe(client.getInputStream(), server.getOutputStream(), server, up, bytesUp, "up");
      c.pipe(server.getInputStream(), client.getOutputStream(), client, down, bytesDown, "down");
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(server);
    }
  }

  /** Both sockets of one proxied connection; closed when both directions ended or either failed. */
  private final class Connection {
    private final Socket a;
    private final Socket b;
    private int open = 2;

    Connection(Socket a, Socket b) {
      this.a = a;
      this.b = b;
    }

    void pipe(InputStream in, OutputStream out, Socket outSocket, Link link, AtomicLong counter, String dir) {
      BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
      Semaphore window = new Semaphore(WINDOW_BYTES);
      Thread reader = new Thread(() -> read(in, queue, window, link), "wan-" + dir + "-read");
      Thread writer = new Thread(() -> write(out, outSocket, queue, window, counter), "wan-" + dir + "-write");
      reader.setDaemon(true);
      writer.setDaemon(true);
      reader.start();
      writer.start();
    }

    private void read(InputStream in, BlockingQueue<Object> queue, Semaphore window, Link link) {
      byte[] buf = new byte[CHUNK_BYTES];
      try {
        while (true) {
          int n = in.read(buf);
          if (n < 0) {
            break;
          }
          window.acquire(n);
          long leaves = link.schedule(n, System.nanoTime());
          queue.add(new Chunk(java.util.Arrays.copyOf(buf, n), leaves + oneWayNanos));
        }
      } catch (IOException | InterruptedException e) {
        // the socket closed or failed: end this direction
      }
      queue.add(EOF);
    }

    private void write(OutputStream out, Socket outSocket, BlockingQueue<Object> queue, Semaphore window,
        AtomicLong counter) {
      try {
        while (true) {
          Object o = queue.take();
          if (o == EOF) {
            outSocket.shutdownOutput();
            break;
          }
          Chunk c = (Chunk) o;
          sleepUntil(c.deliverAt);
          out.write(c.bytes);
          out.flush();
          counter.addAndGet(c.bytes.length);
          window.release(c.bytes.length);
        }
      } catch (IOException | InterruptedException e) {
        closeQuietly(a);
        closeQuietly(b);
      }
      ended();
    }

    private synchronized void ended() {
      if (--open == 0) {
        closeQuietly(a);
        closeQuietly(b);
        sockets.remove(a);
        sockets.remove(b);
      }
    }
  }

  private record Chunk(byte[] bytes, long deliverAt) {}

  /** One direction of the shared bottleneck: a FIFO that drains {@code bytesPerSecond}. */
  static final class Link {
    private final double nanosPerByte;
    private long freeAt = Long.MIN_VALUE;

    Link(double bytesPerSecond) {
      this.nanosPerByte = 1e9 / bytesPerSecond;
    }

    /** Schedules {@code n} bytes sent at {@code now}; returns when their last byte leaves the bottleneck. */
    synchronized long schedule(int n, long now) {
      long start = freeAt == Long.MIN_VALUE || freeAt - now < 0 ? now : freeAt;
      freeAt = start + (long) (n * nanosPerByte);
      return freeAt;
    }
  }

  private static void sleepUntil(long deadline) {
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  /** Stops listening and closes every proxied connection. */
  @Override
  public void close() {
    closed = true;
    for (ServerSocket ss : listeners) {
      try {
        ss.close();
      } catch (IOException e) {
        // ignore
      }
    }
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }

  /** The targets, in port order. */
  public List<InetSocketAddress> targets() {
    return targets;
  }
}
