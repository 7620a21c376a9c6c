package io.sqlotel.bench;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A helper JVM started with this JVM's class path, talked to by lines: commands go to its stdin, replies come back on
 * its stdout prefixed with {@value #PREFIX} (other stdout lines are echoed to this JVM's stderr; its stderr is
 * inherited). Used to keep shard servers, the mode-4 Calcite adapter and the memory run out of the measuring JVM, and
 * to be able to kill a run that exceeds its time box.
 */
public final class ChildJvm implements AutoCloseable {
  /** The marker of protocol lines on a child's stdout. */
  public static final String PREFIX = "@@ ";
  private static final Object EOF = new Object();

  private final String name;
  private final Process process;
  private final PrintWriter stdin;
  private final BlockingQueue<Object> replies = new LinkedBlockingQueue<>();

  private ChildJvm(String name, Process process) {
    this.name = name;
    this.process = process;
    this.stdin = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
    Thread reader = new Thread(this::pump, "child-" + name + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * The JVM options every child gets: Arrow's {@code --add-opens}, UTC, quiet logging, then the options in the
   * environment variable {@code BENCH_CHILD_JAVA_OPTS} (split at spaces; {@code {name}} becomes the child's name), e.g.
   * a JFR recording {@code -XX:StartFlightRecording=filename=/tmp/{name}.jfr,settings=profile}.
   *
   * @return a new modifiable list
   */
  public static List<String> baseJvmOptions() {
    List<String> o = new ArrayList<>();
    o.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
    o.add("-Duser.timezone=UTC");
    o.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    String extra = System.getenv("BENCH_CHILD_JAVA_OPTS");
    if (extra != null && !extra.isBlank()) {
      o.addAll(List.of(extra.trim().split("\\s+")));
    }
    return o;
  }

  /**
   * Starts {@code main} in a new JVM.
   *
   * @param name a short name for thread names and messages
   * @param main the class whose {@code main} runs
   * @param jvmOptions JVM options (heap size, flags), e.g. from {@link #baseJvmOptions()}
   * @param args program arguments
   * @return the running child
   * @throws IOException if the process cannot start
   */
  public static ChildJvm start(String name, Class<?> main, List<String> jvmOptions, List<String> args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String o : jvmOptions) {
      cmd.add(o.replace("{name}", name));
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    return new ChildJvm(name, pb.start());
  }

  private void pump() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith(PREFIX)) {
          replies.add(line.substring(PREFIX.length()));
        } else {
          System.err.println("[" + name + "] " + line);
        }
      }
    } catch (IOException e) {
      // the process died; EOF below tells the waiting side
    } finally {
      replies.add(EOF);
    }
  }

  /** Sends one command line to the child's stdin. */
  public void send(String line) {
    stdin.println(line);
  }

  /**
   * Waits for the next reply line.
   *
   * @param timeout the longest wait
   * @return the reply, without the prefix
   * @throws TimeoutException if none arrives in time (the child keeps running)
   * @throws IOException if the child ended first
   * @throws InterruptedException if interrupted while waiting
   */
  public String reply(Duration timeout) throws TimeoutException, IOException, InterruptedException {
    Object o = replies.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (o == null) {
      throw new TimeoutException(name + ": no reply within " + timeout);
    }
    if (o == EOF) {
      replies.add(EOF); // keep reporting the end to later calls
      throw new IOException(name + ": the child JVM ended (exit code " + exitCode() + ")");
    }
    return (String) o;
  }

  /**
   * Waits for a reply that starts with {@code word}, failing on a reply starting with {@code ERR}.
   *
   * @return the rest of the reply after the word and one space ("" if nothing follows)
   * @throws IOException on an {@code ERR} reply, an unexpected reply or the child's end
   */
  public String expect(String word, Duration timeout) throws TimeoutException, IOException, InterruptedException {
    String r = reply(timeout);
    if (r.equals(word)) {
      return "";
    }
    if (r.startsWith(word + " ")) {
      return r.substring(word.length() + 1);
    }
    throw new IOException(name + ": expected " + word + ", got: " + r);
  }

  private String exitCode() {
    try {
      return process.waitFor(2, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /** The operating system process id. */
  public long pid() {
    return process.pid();
  }

  /** Whether the child still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the child at once (used when a run exceeds its time box). */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Closes the child's stdin (its signal to exit), waits up to 10 s, then kills it. */
  @Override
  public void close() {
    stdin.close();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
  }

  /** For child mains: writes one reply line to stdout and flushes it. */
  public static void answer(String line) {
    requireNonNull(line, "line is null");
    synchronized (System.out) {
      System.out.println(PREFIX + line);
      System.out.flush();
    }
  }
}
