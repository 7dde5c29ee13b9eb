package io.posthorn.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posthorn.devstack.DevStack;
import io.posthorn.ops.LocalPipeline;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Ingest throughput and latency of one inbound gateway (issue 17): signed GitHub-style pushes, each
 * with its own delivery id, to one connection on the embedded stack (the registry, for the
 * connection; no relay or worker: delivery is measured by the pipeline benchmarks). First a warm-up
 * at full speed, then an open-loop run at a fixed rate (latency from each request's scheduled
 * start, so a stall counts against every request it delays), then a closed-loop run with a fixed
 * number of concurrent clients (accepted requests/s). The load generator (JDK HttpClient, virtual
 * threads) shares the JVM and the machine's cores with the gateway and PostgreSQL.
 *
 * <p>{@code mvn -B -Pbench -pl e2e -am -DskipTests verify
 * -Dbench.main=io.posthorn.e2e.bench.IngestBenchmark -Dbench.args="--seconds 10 --rate 500
 * --clients 32"}
 */
public final class IngestBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN = "phk_bench_admin_key_0123456789abcdefghijklmnop";
  private static final String BODY =
      "{\"ref\":\"refs/heads/main\",\"before\":\"6113728f27ae82c7b1a177c8d03f9e96e0adf246\","
          + "\"after\":\"59b20b8d5c6ff8d09518454d4dd8b7b30f095ab5\","
          + "\"repository\":{\"id\":186853002,\"full_name\":\"acme/shop\",\"private\":false},"
          + "\"pusher\":{\"name\":\"ada\"},\"commits\":[{\"id\":\"59b20b8\",\"message\":\"Fix"
          + " totals\",\"author\":{\"name\":\"Ada\"}}]}";

  private final HttpClient http =
      HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
  private final AtomicLong ids = new AtomicLong();
  private URI url;
  private String signature;

  public static void main(String[] args) throws Exception {
    int seconds = intArg(args, "--seconds", 10);
    int rate = intArg(args, "--rate", 500);
    int clients = intArg(args, "--clients", 32);
    new IngestBenchmark().run(seconds, rate, clients);
    System.exit(0);
  }

  private void run(int seconds, int rate, int clients) throws Exception {
    DevStack stack = DevStack.start(0, 0);
    try (LocalPipeline pipeline =
        LocalPipeline.on(stack)
            .isolated("ingest_bench")
            .withRegistry(r -> r.adminKey(ADMIN))
            .withInbound(c -> c)
            .build()) {
      pipeline.startRegistry().startInbound();
      JsonNode connection = createConnection(pipeline.registryUrl());
      url = URI.create(connection.path("ingestUrl").asText());
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(
              connection.path("secret").asText().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      signature =
          "sha256=" + HexFormat.of().formatHex(mac.doFinal(BODY.getBytes(StandardCharsets.UTF_8)));

      closedLoop(clients, seconds, "warm-up");
      Histogram fixed = openLoop(rate, seconds);
      print("fixed " + rate + " req/s, " + seconds + " s", fixed, seconds);
      closedLoop(clients, seconds, "max");
    } finally {
      stack.close();
    }
  }

  private JsonNode createConnection(URI registry) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(registry.resolve("/v1/connections"))
                .header("Authorization", "Bearer " + ADMIN)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"tenantId\":null,\"provider\":\"github\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("creating the connection: " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** One signed push with a fresh delivery id; true when answered 200. */
  private boolean send() {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .header("Content-Type", "application/json")
            .header("X-GitHub-Event", "push")
            .header("X-GitHub-Delivery", "bench-" + ids.incrementAndGet())
            .header("X-Hub-Signature-256", signature)
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(BODY))
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }

  /** {@code rate} requests a second for {@code seconds}, each timed from its scheduled start. */
  private Histogram openLoop(int rate, int seconds) throws InterruptedException {
    Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
    AtomicLong failed = new AtomicLong();
    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
    long start = System.nanoTime();
    int total = rate * seconds;
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < total; i++) {
        long due = start + i * interval;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        threads.execute(
            () -> {
              if (send()) {
                latency.recordValue(System.nanoTime() - due);
              } else {
                failed.incrementAndGet();
              }
            });
      }
    }
    if (failed.get() > 0) {
      System.out.println("  " + failed.get() + " requests not answered 200");
    }
    return latency;
  }

  private void closedLoop(int clients, int seconds, String label) throws InterruptedException {
    Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < clients; c++) {
        threads.execute(
            () -> {
              while (System.nanoTime() < end) {
                long t = System.nanoTime();
                if (send()) {
                  latency.recordValue(System.nanoTime() - t);
                }
              }
            });
      }
    }
    print(label + ", " + clients + " clients, " + seconds + " s", latency, seconds);
  }

  private static void print(String label, Histogram h, int seconds) {
    System.out.printf(
        "%-34s accepted %7d (%6.0f/s)  p50 %6.1f ms  p99 %6.1f ms  max %7.1f ms%n",
        label,
        h.getTotalCount(),
        (double) h.getTotalCount() / seconds,
        h.getValueAtPercentile(50) / 1e6,
        h.getValueAtPercentile(99) / 1e6,
        h.getMaxValue() / 1e6);
  }

  private static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }
}
