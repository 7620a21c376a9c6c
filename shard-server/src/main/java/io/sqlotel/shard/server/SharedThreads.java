package io.sqlotel.shard.server;

import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The thread pool, scheduler and buffer pool that every {@link ShardServer} of a JVM shares, so that 1000 servers in
 * one JVM (benchmarks, the CLI's shard cluster) do not cost 1000 pools. Each server's connector holds one pooled thread
 * while it waits in its selector; the pool's maximum grows by {@value #THREADS_PER_SERVER} per running server.
 * Started on first use, never stopped (daemon threads; idle ones exit after {@value #IDLE_MILLIS} ms).
 */
final class SharedThreads {
  /** Threads beyond the per-server ones: request handlers shared by all servers. */
  static final int BASE_THREADS = 16;

  /** Pool threads added per running server: its selector, plus room for one handler. */
  static final int THREADS_PER_SERVER = 2;

  private static final int IDLE_MILLIS = 60_000;

  private static QueuedThreadPool threads;
  private static Scheduler scheduler;
  private static ByteBufferPool buffers;
  private static int servers;

  private SharedThreads() {}

  /** Counts one more server and returns the shared resources, started. */
  static synchronized Resources register() {
    if (threads == null) {
      QueuedThreadPool pool = new QueuedThreadPool(BASE_THREADS + THREADS_PER_SERVER, 2, IDLE_MILLIS);
      pool.setName("shard-server");
      pool.setDaemon(true);
      ScheduledExecutorScheduler sched = new ScheduledExecutorScheduler("shard-server-scheduler", true);
      try {
        pool.start();
        sched.start();
      } catch (Exception e) {
        throw new IllegalStateException("cannot start the shard servers' thread pool", e);
      }
      threads = pool;
      scheduler = sched;
      buffers = new ArrayByteBufferPool();
    }
    servers++;
    threads.setMaxThreads(BASE_THREADS + THREADS_PER_SERVER * servers);
    return new Resources(threads, scheduler, buffers);
  }

  /** Counts one server less, after it stopped. */
  static synchronized void unregister() {
    servers--;
    threads.setMaxThreads(BASE_THREADS + THREADS_PER_SERVER * Math.max(1, servers));
  }

  /** The shared, started resources. */
  record Resources(QueuedThreadPool threads, Scheduler scheduler, ByteBufferPool buffers) {}
}
