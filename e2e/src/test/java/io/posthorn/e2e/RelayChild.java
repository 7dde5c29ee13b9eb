package io.posthorn.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code posthorn relay --config FILE} as a child JVM from this JVM's class path, for the chaos
 * run: {@link #kill()} is SIGKILL. Its output is dropped except warnings and errors, which go to
 * stderr with the process id.
 */
final class RelayChild implements AutoCloseable {
  private final Process process;
  private final CompletableFuture<Void> streaming = new CompletableFuture<>();
  private final Deque<String> tail = new ArrayDeque<>();
  private volatile String state = "starting";

  private RelayChild(Process process) {
    this.process = process;
    Thread.ofPlatform().daemon().start(this::pumpOutput);
  }

  static RelayChild start(Map<String, String> settings) throws IOException {
    Path config = Files.createTempFile("posthorn-relay", ".properties");
    Files.writeString(
        config,
        settings.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n")));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb =
        new ProcessBuilder(
            List.of(
                java.toString(),
                "-Xmx384m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.posthorn.ops.PosthornMain",
                "relay",
                "--config",
                config.toString()));
    pb.environment().put("POSTHORN_LOG_LEVEL", "WARN");
    pb.redirectErrorStream(true);
    return new RelayChild(pb.start());
  }

  /** Waits until this relay streams from the slot (a standby never does until it takes over). */
  RelayChild awaitStreaming(Duration timeout) throws Exception {
    streaming.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** The last state the relay printed: standby, active, streaming, restarting…, stopped. */
  String state() {
    return state;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /** Its exit status and last lines of output, once it has exited. */
  synchronized String exit() {
    return "exit status "
        + (process.isAlive() ? "(running)" : process.exitValue())
        + ", last lines:\n  "
        + String.join("\n  ", tail);
  }

  private void pumpOutput() {
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        synchronized (this) {
          tail.addLast(line);
          if (tail.size() > 40) {
            tail.removeFirst();
          }
        }
        if (line.startsWith("relay ")) { // a status line: "relay <slot>: <state>"
          state = line.substring(line.indexOf(": ") + 2);
          System.out.println("[relay " + process.pid() + "] " + line);
        }
        if (line.contains(": streaming")) {
          streaming.complete(null);
        } else if (line.contains("WARN") || line.contains("ERROR")) {
          System.err.println("[relay " + process.pid() + "] " + line);
        }
      }
    } catch (IOException e) {
      // the process ended
    }
    streaming.completeExceptionally(new IllegalStateException("relay exited before streaming"));
  }

  /** kill -9, and wait for the exit. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM, then kill -9 after 40 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (process.waitFor(40, TimeUnit.SECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    kill();
  }
}
