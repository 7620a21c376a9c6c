package io.sqlotel.bench.shards;

import io.sqlotel.bench.ChildJvm;
import io.sqlotel.shard.demo.GeneratedShard;
import io.sqlotel.shard.meta.ShardDescriptor;
import io.sqlotel.shard.meta.TimeRange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/** Shard servers in a separate {@link ShardHost} JVM, so their CPU and heap stay out of the coordinator's. */
public final class ShardHostProcess implements ShardFleet {
  private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);
  private final ChildJvm child;
  private final List<ShardDescriptor> descriptors;

  private ShardHostProcess(ChildJvm child, List<ShardDescriptor> descriptors) {
    this.child = child;
    this.descriptors = descriptors;
  }

  /**
   * Starts the host JVM serving {@code shards}.
   *
   * @param shards the shard files
   * @param heap the host's maximum heap, e.g. {@code "1g"}
   * @param startTimeout how long starting every server may take
   * @return the running fleet
   * @throws IOException if the JVM or a server fails to start
   */
  public static ShardHostProcess start(List<GeneratedShard> shards, String heap, Duration startTimeout)
      throws IOException, InterruptedException {
    Path list = Files.createTempFile("sqlotel-bench-shards", ".tsv");
    StringBuilder sb = new StringBuilder();
    for (GeneratedShard s : shards) {
      sb.append(s.id()).append('\t').append(s.file().toAbsolutePath()).append('\n');
    }
    Files.writeString(list, sb, StandardCharsets.UTF_8);
    List<String> jvm = ChildJvm.baseJvmOptions();
    jvm.add("-Xmx" + heap);
    jvm.add("-Xss512k"); // 1000 shard servers run thousands of mostly idle threads
    jvm.add("-XX:+UseSerialGC"); // no parallel GC threads competing for the 2 cores
    ChildJvm child = ChildJvm.start("shard-host", ShardHost.class, jvm, List.of(list.toString()));
    try {
      Map<String, Integer> ports = new HashMap<>();
      long deadline = System.nanoTime() + startTimeout.toNanos();
      while (true) {
        String r = child.reply(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        if (r.startsWith("PORT ")) {
          String[] f = r.split(" ");
          ports.put(f[1], Integer.parseInt(f[2]));
        } else if (r.startsWith("READY")) {
          break;
        } else {
          throw new IOException("shard host: " + r);
        }
      }
      List<ShardDescriptor> descriptors = new ArrayList<>();
      for (GeneratedShard s : shards) {
        descriptors.add(new ShardDescriptor(s.id(), URI.create("http://127.0.0.1:" + ports.get(s.id())),
            new TimeRange(s.startNanos(), s.endNanos()), null, false));
      }
      return new ShardHostProcess(child, List.copyOf(descriptors));
    } catch (TimeoutException e) {
      child.kill();
      throw new IOException("shard host did not start " + shards.size() + " servers within " + startTimeout, e);
    } catch (IOException | RuntimeException | InterruptedException e) {
      child.kill();
      throw e;
    } finally {
      Files.deleteIfExists(list);
    }
  }

  @Override
  public List<ShardDescriptor> descriptors() {
    return descriptors;
  }

  @Override
  public int threadCount() {
    return (int) ask("THREADS");
  }

  @Override
  public long cpuNanos() {
    return ask("CPU");
  }

  private long ask(String command) {
    child.send(command);
    try {
      return Long.parseLong(child.expect(command, REPLY_TIMEOUT));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    child.close();
  }
}
