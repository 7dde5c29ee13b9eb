package io.posthorn.e2e.bench.pipeline;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@link BenchReceiver} child process and its ledger, read over HTTP. */
final class Receiver implements AutoCloseable {
  final Child child;
  final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private Receiver(Child child, int port) {
    this.child = child;
    this.port = port;
  }

  static Receiver start(String java, String classPath, Path logDir) throws Exception {
    Child child =
        Child.start(
            "receiver",
            List.of(
                java,
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-cp",
                classPath,
                BenchReceiver.class.getName()),
            Map.of(),
            Path.of("."),
            logDir);
    String line = child.awaitLine("receiver listening on ", Duration.ofSeconds(60));
    return new Receiver(child, Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1).strip()));
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** Clears the ledger; the receiver answers after {@code delayMs} from now on. */
  void reset(long delayMs) throws Exception {
    http.send(
        HttpRequest.newBuilder(URI.create(url("/reset?delayMs=" + delayMs)))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  Stats stats() throws Exception {
    String body =
        http.send(
                HttpRequest.newBuilder(URI.create(url("/stats"))).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Map<String, Long> v = new HashMap<>();
    for (String line : body.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        v.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
      }
    }
    return new Stats(
        v.get("count"),
        v.get("duplicates"),
        v.get("unreadable"),
        v.get("firstMicros"),
        v.get("lastMicros"),
        v.get("p50"),
        v.get("p99"),
        v.get("p999"),
        v.get("max"));
  }

  /** Waits until {@code count} distinct events arrived; fails after {@code timeout}. */
  Stats awaitCount(long count, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Stats s = stats();
      if (s.count() >= count) {
        return s;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "only " + s.count() + " of " + count + " events arrived within " + timeout);
      }
      Thread.sleep(20);
    }
  }

  /**
   * What the receiver saw since the last reset; times in epoch microseconds, latencies in
   * microseconds.
   */
  record Stats(
      long count,
      long duplicates,
      long unreadable,
      long firstMicros,
      long lastMicros,
      long p50,
      long p99,
      long p999,
      long max) {}

  @Override
  public void close() {
    child.close();
    http.close();
  }
}
