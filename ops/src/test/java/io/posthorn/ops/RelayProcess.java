package io.posthorn.ops;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/posthorn relay --config <file>} (or another long-running command) as a real child
 * process, its output kept line by line.
 */
final class RelayProcess implements AutoCloseable {
  private static final Path LAUNCHER = Path.of("bin", "posthorn").toAbsolutePath();

  private final String name;
  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private RelayProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    Thread.ofPlatform().daemon().name("output-" + name).start(this::readOutput);
  }

  static RelayProcess start(String name, Path config) {
    return start(name, "relay", config);
  }

  static RelayProcess start(String name, String command, Path config) {
    ProcessBuilder builder =
        new ProcessBuilder("bash", LAUNCHER.toString(), command, "--config", config.toString())
            .redirectErrorStream(true);
    builder.environment().put("POSTHORN_LOG_LEVEL", "INFO");
    try {
      return new RelayProcess(name, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("starting " + LAUNCHER, e);
    }
  }

  private void readOutput() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        lines.add(line);
        System.out.println("[" + name + "] " + line);
      }
    } catch (IOException e) {
      lines.add("(output ended: " + e + ")");
    }
  }

  /** Waits until a line of output contains {@code text}. */
  void awaitLine(String text, Duration timeout) {
    await().atMost(timeout).until(() -> saw(text) || !process.isAlive());
    if (!saw(text)) {
      throw new AssertionError(
          name
              + " exited with "
              + process.exitValue()
              + " before printing '"
              + text
              + "':\n"
              + String.join("\n", lines));
    }
  }

  boolean saw(String text) {
    return lines.stream().anyMatch(l -> l.contains(text));
  }

  String output() {
    return String.join("\n", lines);
  }

  /** SIGKILL: no shutdown hook, no offset flush, nothing. */
  void kill9() throws InterruptedException {
    process.toHandle().destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /**
   * SIGTERM, as an orchestrator stopping the process (Process.destroy() would also close its
   * output).
   */
  void sigterm() {
    process.toHandle().destroy();
  }

  /** The exit status, once it exited within {@code timeout}; throws if it did not. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " still runs after " + timeout + ":\n" + output());
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
