package io.posthorn.e2e.bench.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process of the benchmark (broker, receiver, relay, worker, server, Debezium Server): started
 * from a command line as a user would, its output copied to a log file, its CPU and peak RSS read
 * from /proc. {@link #close()} sends SIGTERM and waits, then kills.
 */
final class Child implements AutoCloseable {
  final String name;
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private boolean pumpDone;
  private final long startedNanos = System.nanoTime();
  private double lastCpu;
  private long lastRss;

  private Child(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    Thread.ofPlatform().daemon().name("pump-" + name).start(() -> pump(log));
  }

  static Child start(
      String name, List<String> command, Map<String, String> env, Path workDir, Path logDir) {
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    try {
      Files.createDirectories(logDir);
      return new Child(name, pb.start(), logDir.resolve(name + ".log"));
    } catch (IOException e) {
      throw new UncheckedIOException("starting " + name + ": " + command, e);
    }
  }

  long pid() {
    return process.pid();
  }

  /** CPU seconds so far (the last reading once the process is gone). */
  synchronized double cpu() {
    if (process.isAlive()) {
      lastCpu = Math.max(lastCpu, ProcStat.cpuSeconds(pid()));
    }
    return lastCpu;
  }

  /** Peak RSS in MiB (the last reading once the process is gone). */
  synchronized double peakRssMib() {
    if (process.isAlive()) {
      lastRss = Math.max(lastRss, ProcStat.peakRssKib(pid()));
    }
    return lastRss / 1024.0;
  }

  Map<String, Double> threadCpu() {
    return ProcStat.threadCpu(pid());
  }

  /**
   * Waits for an output line containing {@code text} (printed any time since start); returns the
   * line.
   */
  String awaitLine(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      int i = 0;
      while (true) {
        for (; i < lines.size(); i++) {
          if (lines.get(i).contains(text)) {
            return lines.get(i);
          }
        }
        if (pumpDone) {
          throw new IllegalStateException(
              name + " exited before printing '" + text + "'; see its log");
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException(
              name + " printed no line with '" + text + "' within " + timeout);
        }
        lines.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  double secondsSinceStart() {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  private void pump(Path log) {
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out =
            new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        out.printf(
            "%8.3f %s%n", secondsSinceStart(), line); // seconds since launch: where start-up goes
        synchronized (lines) {
          if (lines.size() < 20_000) {
            lines.add(line);
          }
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // the process ended
    } finally {
      synchronized (lines) {
        pumpDone = true;
        lines.notifyAll();
      }
    }
  }

  /** SIGTERM, reading CPU and RSS just before; kill -9 after {@code timeout}. */
  void stop(Duration timeout) {
    cpu();
    peakRssMib();
    process.destroy();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      stop(Duration.ofSeconds(60));
    }
  }
}
