package io.sqlotel.bench.memory;

import io.sqlotel.bench.ChildJvm;
import io.sqlotel.coordinator.DistributedQueryEngine;
import io.sqlotel.coordinator.EngineConfig;
import io.sqlotel.flight.FlightServerConfig;
import io.sqlotel.flight.SqlotelFlightServer;
import io.sqlotel.planner.catalog.Catalog;
import io.sqlotel.planner.catalog.OtelTables;
import io.sqlotel.shard.client.ShardClient;
import io.sqlotel.shard.client.ShardClientConfig;
import io.sqlotel.shard.meta.ShardDescriptor;
import io.sqlotel.shard.meta.TimeRange;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The main of the memory-run JVM: the sqlotel coordinator alone (engine and Flight SQL server, pushdown on) over the
 * shards listed in the file given as the only argument (lines {@code id<TAB>baseUrl<TAB>start<TAB>end}), started by the
 * harness with a small {@code -Xmx}. A sampler thread records, every millisecond, the heap in use, direct NIO buffers
 * ({@link BufferPoolMXBean} "direct"), the Arrow memory of the server's allocator and Netty's direct memory counter
 * (Arrow and gRPC allocate through Netty, outside the NIO buffer pool); the resident set size every 20 ms.
 *
 * <p>Protocol: answers {@code URL <jdbc url>} when ready; then {@code RESET} (forget the peaks; answers {@code OK})
 * and {@code REPORT} (answers {@code PEAK key=value ...}); exits when stdin closes.
 */
public final class MemoryServer {
  private MemoryServer() {}

  /** Peak values, in bytes, updated by the sampler. */
  private static final class Peaks {
    volatile long heapUsed;
    volatile long oldGenAfterGc;
    volatile long nioDirect;
    volatile long arrow;
    volatile long nettyDirect;
    volatile long rss;
    volatile long gcCount0;
    volatile long gcMillis0;
    volatile long cpu0;
  }

  /**
   * Runs the server until stdin closes.
   *
   * @param args the shard list file
   * @throws Exception if the server cannot start
   */
  public static void main(String[] args) throws Exception {
    List<ShardDescriptor> shards = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        String[] f = line.split("\t");
        shards.add(new ShardDescriptor(f[0], URI.create(f[1]),
            new TimeRange(Long.parseLong(f[2]), Long.parseLong(f[3])), null, false));
      }
    }
    try (ShardClient client = new ShardClient(ShardClientConfig.defaults())) {
      DistributedQueryEngine engine = new DistributedQueryEngine(Catalog.of(shards, OtelTables.definitions()),
          client, EngineConfig.defaults());
      try (SqlotelFlightServer server = SqlotelFlightServer.start(engine, FlightServerConfig.defaults().withPort(0))) {
        Peaks peaks = new Peaks();
        Thread sampler = new Thread(() -> sample(peaks, server), "memory-sampler");
        sampler.setDaemon(true);
        sampler.start();
        ChildJvm.answer("URL " + server.jdbcUrl());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String cmd;
        while ((cmd = in.readLine()) != null) {
          switch (cmd.trim()) {
            case "RESET" -> {
              System.gc();
              for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                p.resetPeakUsage();
              }
              peaks.heapUsed = 0;
              peaks.oldGenAfterGc = 0;
              peaks.nioDirect = 0;
              peaks.arrow = 0;
              peaks.nettyDirect = 0;
              peaks.rss = 0;
              for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                peaks.gcCount0 += Math.max(0, gc.getCollectionCount());
                peaks.gcMillis0 += Math.max(0, gc.getCollectionTime());
              }
              peaks.cpu0 = io.sqlotel.bench.ProcessCpu.nanos();
              ChildJvm.answer("OK");
            }
            case "REPORT" -> ChildJvm.answer("PEAK " + report(peaks));
            default -> ChildJvm.answer("ERR unknown command " + cmd);
          }
        }
      }
    }
    System.exit(0);
  }

  private static String report(Peaks p) {
    long poolPeaks = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        poolPeaks += pool.getPeakUsage().getUsed();
      }
    }
    long gcCount = 0;
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcCount += Math.max(0, gc.getCollectionCount());
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    long maxHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
    return String.format(Locale.ROOT, "heapUsed=%d heapPoolPeaks=%d oldGenAfterGc=%d nioDirect=%d arrow=%d "
            + "nettyDirect=%d rss=%d maxHeap=%d gcCount=%d gcMillis=%d cpuNanos=%d", p.heapUsed, poolPeaks,
        p.oldGenAfterGc, p.nioDirect, p.arrow, p.nettyDirect, p.rss, maxHeap, gcCount - p.gcCount0,
        gcMillis - p.gcMillis0, io.sqlotel.bench.ProcessCpu.nanos() - p.cpu0);
  }

  private static void sample(Peaks p, SqlotelFlightServer server) {
    List<BufferPoolMXBean> buffers = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
    List<MemoryPoolMXBean> oldGen = new ArrayList<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getName().contains("Old")) {
        oldGen.add(pool);
      }
    }
    long tick = 0;
    while (true) {
      p.heapUsed = Math.max(p.heapUsed, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
      long direct = 0;
      for (BufferPoolMXBean b : buffers) {
        if (b.getName().equals("direct")) {
          direct += b.getMemoryUsed();
        }
      }
      p.nioDirect = Math.max(p.nioDirect, direct);
      p.arrow = Math.max(p.arrow, server.allocatedBytes());
      p.nettyDirect = Math.max(p.nettyDirect, io.netty.util.internal.PlatformDependent.usedDirectMemory());
      for (MemoryPoolMXBean pool : oldGen) {
        MemoryUsage after = pool.getCollectionUsage();
        if (after != null) {
          p.oldGenAfterGc = Math.max(p.oldGenAfterGc, after.getUsed());
        }
      }
      if (tick++ % 20 == 0) {
        p.rss = Math.max(p.rss, rss());
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The resident set size from /proc/self/status, bytes (0 where unavailable). */
  private static long rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return 0;
  }
}
