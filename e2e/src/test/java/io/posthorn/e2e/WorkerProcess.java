package io.posthorn.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code posthorn worker --config FILE} as a real child JVM, from this JVM's class path: for tests
 * that kill -9 a worker and for benchmarks that measure the worker's own CPU and memory.
 */
public final class WorkerProcess implements AutoCloseable {
  private static final String METRICS_LINE = "posthorn worker: metrics at ";
  private final Process process;
  private final CompletableFuture<Void> consuming = new CompletableFuture<>();
  private volatile URI metrics;

  private WorkerProcess(Process process) {
    this.process = process;
    Thread.ofPlatform().daemon().start(this::pumpOutput);
  }

  /**
   * Settings for a worker isolated from every other test: its own group and topics (all named from
   * {@code prefix}), private networks allowed (the receiver is on loopback).
   */
  public static Map<String, String> isolatedSettings(
      String bootstrapServers, String masterKey, String prefix) {
    Map<String, String> settings = new HashMap<>();
    settings.put("worker.kafka.bootstrap-servers", bootstrapServers);
    settings.put("worker.secret-key", masterKey);
    settings.put("worker.group-id", prefix);
    settings.put("worker.topic.events", prefix + ".events");
    settings.put("worker.topic.endpoints", prefix + ".endpoints");
    settings.put("worker.topic.attempts", prefix + ".attempts");
    settings.put("worker.topic.retry-prefix", prefix + ".retry.");
    settings.put("worker.topic.dlq", prefix + ".dlq");
    settings.put("worker.topic.redeliveries", prefix + ".redeliveries");
    settings.put("worker.topic.invalid", prefix + ".invalid");
    settings.put("worker.topic.partitions", "4");
    settings.put("worker.network.allow-private", "true");
    return settings;
  }

  public static WorkerProcess start(Map<String, String> settings) throws IOException {
    return start(settings, List.of());
  }

  /**
   * As {@link #start(Map)}, with extra JVM options for the child (e.g. {@code
   * -Djdk.net.hosts.file=…}).
   */
  public static WorkerProcess start(Map<String, String> settings, List<String> jvmOptions)
      throws IOException {
    Path config = Files.createTempFile("posthorn-worker", ".properties");
    Files.writeString(
        config,
        settings.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n")));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx512m"));
    command.addAll(jvmOptions);
    // e.g. -Dposthorn.worker.jvm-options="-XX:StartFlightRecording=filename=/tmp/w-%p.jfr" to
    // profile a benchmark
    String extra = System.getProperty("posthorn.worker.jvm-options", "").strip();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "io.posthorn.ops.PosthornMain",
            "worker",
            "--config",
            config.toString()));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("POSTHORN_LOG_LEVEL", "WARN");
    pb.redirectErrorStream(true);
    return new WorkerProcess(pb.start());
  }

  /** Blocks until the worker says it is consuming. */
  public WorkerProcess awaitConsuming(Duration timeout) throws Exception {
    consuming.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** The worker's Prometheus text ({@code metrics.port} must be set). */
  public String scrapeMetrics() throws IOException, InterruptedException {
    if (metrics == null) {
      throw new IllegalStateException("the worker printed no metrics URL (is metrics.port set?)");
    }
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client
          .send(
              HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** User + system CPU time of the process so far. */
  public Duration cpu() {
    return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
  }

  /** Peak resident set size in KiB (VmHWM), or -1 where /proc is not available. */
  public long peakRssKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /** kill -9, and wait for the exit. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void pumpOutput() {
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("posthorn worker: consuming")) {
          consuming.complete(null);
        } else if (line.startsWith(METRICS_LINE)) {
          // The worker prints its metrics.host (0.0.0.0 by default); it listens on loopback too.
          int port = URI.create(line.substring(METRICS_LINE.length()).strip()).getPort();
          metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
        } else {
          System.err.println("[worker " + process.pid() + "] " + line);
        }
      }
    } catch (IOException e) {
      // the process ended
    }
    consuming.completeExceptionally(
        new IllegalStateException("worker process exited before consuming"));
  }

  /** SIGTERM, then kill -9 if it has not exited within 40 s. */
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
