package io.sqlotel.bench.shards;

import io.sqlotel.bench.ChildJvm;
import io.sqlotel.shard.server.ShardServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The main of the shard-server JVM: starts one {@link ShardServer} per line {@code id<TAB>file} of the list file
 * given as the only argument, on 127.0.0.1 with ephemeral ports, answers {@code PORT id port} per shard then
 * {@code READY n}, and then serves commands on stdin: {@code THREADS} (live threads), {@code CPU} (process CPU
 * nanoseconds). It stops every server and exits when stdin closes.
 */
public final class ShardHost {
  private ShardHost() {}

  /**
   * Runs the host.
   *
   * @param args the list file
   * @throws Exception if a server cannot start (reported as {@code ERR ...} first)
   */
  public static void main(String[] args) throws Exception {
    List<ShardServer> servers = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split("\t", 2);
        ShardServer s = ShardServer.start(Path.of(f[1]), "127.0.0.1", 0, null, false, true); // sealed slices
        servers.add(s);
        ChildJvm.answer("PORT " + f[0] + " " + s.port());
      }
      ChildJvm.answer("READY " + servers.size());
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String cmd;
      while ((cmd = in.readLine()) != null) {
        switch (cmd.trim()) {
          case "THREADS" -> ChildJvm.answer("THREADS " + ManagementFactory.getThreadMXBean().getThreadCount());
          case "CPU" -> ChildJvm.answer("CPU " + io.sqlotel.bench.ProcessCpu.nanos());
          default -> ChildJvm.answer("ERR unknown command " + cmd);
        }
      }
    } catch (Exception e) {
      ChildJvm.answer("ERR " + e.toString().replace('\n', ' '));
      throw e;
    } finally {
      servers.parallelStream().forEach(ShardServer::close);
    }
    System.exit(0);
  }
}
