package io.posthorn.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Kafka Connect worker in distributed mode ({@code ConnectDistributed}) as a child JVM, so a kill
 * is a real process death. Its class path is this JVM's without Posthorn's modules and Debezium:
 * the relay's transform and Debezium's connector reach it only as plugins, each from its own
 * directory on {@code plugin.path}, as on a real Connect cluster.
 */
final class ConnectWorker implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();
  private volatile boolean stopped;

  private ConnectWorker(Process process, int port) {
    this.process = process;
    this.port = port;
    Thread.ofPlatform().daemon().start(this::pumpOutput);
  }

  /** Starts a worker with {@code settings} (the REST listener is added on a free port). */
  static ConnectWorker start(Properties settings) {
    int port = freePort();
    Properties worker = new Properties();
    worker.putAll(settings);
    worker.setProperty("listeners", "http://127.0.0.1:" + port);
    worker.setProperty("rest.advertised.host.name", "127.0.0.1");
    worker.setProperty("rest.advertised.port", String.valueOf(port));
    try {
      Path file = Files.createTempFile("posthorn-connect-worker", ".properties");
      try (Writer out = Files.newBufferedWriter(file)) {
        worker.store(out, "posthorn Connect worker " + port);
      }
      Path logback = Path.of("src/test/resources/connect-worker-logback.xml").toAbsolutePath();
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx384m",
                  "-XX:TieredStopAtLevel=1",
                  "-XX:+UseSerialGC",
                  "-Dlogback.configurationFile=" + logback,
                  "-cp",
                  workerClassPath(),
                  "org.apache.kafka.connect.cli.ConnectDistributed",
                  file.toString()));
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      return new ConnectWorker(pb.start(), port);
    } catch (IOException e) {
      throw new UncheckedIOException("starting a Connect worker", e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("finding a free port", e);
    }
  }

  /**
   * This JVM's class path without Posthorn's modules (this build's, or installed ones) and without
   * Debezium, which the workers load from its own plugin archive on {@code plugin.path}.
   */
  private static String workerClassPath() {
    Path reactor = Path.of("").toAbsolutePath().getParent();
    return Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(e -> !Path.of(e).toAbsolutePath().startsWith(reactor))
        .filter(e -> !e.contains("/io/posthorn/") && !e.contains("/io/debezium/"))
        .collect(Collectors.joining(java.io.File.pathSeparator));
  }

  /** {@code host:port}, as the worker names itself in a task's status ({@code worker_id}). */
  String id() {
    return "127.0.0.1:" + port;
  }

  long pid() {
    return process.pid();
  }

  /** Whether the REST API answers (the worker may still be joining its group). */
  boolean answers() {
    try {
      return get("/").statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Creates or updates a connector. Answers 409 while the group rebalances: callers retry until
   * true.
   */
  boolean putConnector(String name, Map<String, String> config) {
    try {
      HttpResponse<String> response =
          send(
              HttpRequest.newBuilder(uri("/connectors/" + name + "/config"))
                  .header("Content-Type", "application/json")
                  .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config))));
      if (response.statusCode() == 400) {
        throw new IllegalArgumentException("connector " + name + " refused: " + response.body());
      }
      return response.statusCode() / 100 == 2;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Task 0 of {@code connector} as the group sees it: {@code RUNNING@127.0.0.1:port}, or why not.
   */
  String task(String connector) {
    try {
      HttpResponse<String> response = get("/connectors/" + connector + "/status");
      if (response.statusCode() != 200) {
        return "status " + response.statusCode();
      }
      JsonNode task = JSON.readTree(response.body()).path("tasks").path(0);
      if (task.isMissingNode()) {
        return "no task";
      }
      return task.path("state").asText()
          + "@"
          + task.path("worker_id").asText()
          + (task.has("trace") ? " " + task.path("trace").asText() : "");
    } catch (IOException e) {
      return "unreachable: " + e;
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Exited without being killed or closed (a bad setting, a crash). */
  boolean died() {
    return !stopped && !process.isAlive();
  }

  /** Deletes a connector (its slot stays, as after any stop). */
  void deleteConnector(String name) {
    try {
      send(HttpRequest.newBuilder(uri("/connectors/" + name)).DELETE());
    } catch (IOException e) {
      throw new UncheckedIOException("deleting connector " + name, e);
    }
  }

  /** SIGKILL, and wait for the exit. */
  void kill() {
    stopped = true;
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(30));
  }

  /** SIGTERM (a clean stop), then SIGKILL if it has not exited within 20 s. */
  @Override
  public void close() {
    stopped = true;
    process.destroy();
    if (!awaitExit(Duration.ofSeconds(20))) {
      kill();
    }
  }

  private boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private HttpResponse<String> get(String path) throws IOException {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private void pumpOutput() {
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        System.err.println("[connect " + port + "] " + line);
      }
    } catch (IOException e) {
      // the process ended
    }
  }
}
