package io.posthorn.registry;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.UnaryOperator;

/**
 * How long the portal's attempts page takes to render with 100,000 attempts in the log (issue 16:
 * p99 ≤ 200 ms, server side). Not a test: run it with {@code mvn -B -pl endpoint-registry -am
 * -Pbench -DskipTests verify}. One endpoint's 100,000 attempts (a tenth of them failed, spread over
 * 24 h) are written straight into the attempt log; a portal session then asks for the page, newest
 * first and with each filter, {@code warm-up} times unmeasured and {@code rounds} times measured,
 * one request at a time over loopback. Prints per variant the server's own time (from the
 * registry's request listener: arrival to the answer's last byte) and the client's round trip, p50
 * / p99 / max.
 */
public final class PortalAttemptsBenchmark {
  private PortalAttemptsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int attempts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
    // The server's own time per portal page: from the request's arrival to its answer's last byte.
    Queue<Long> served = new ConcurrentLinkedQueue<>();
    RegistryListener timing =
        new RegistryListener() {
          @Override
          public void requestAnswered(String method, String route, int status, Duration took) {
            if (method.equals("GET") && status == 200) {
              served.add(took.toNanos());
            }
          }
        };
    try (RegistryFixture fx =
        new RegistryFixture(UnaryOperator.identity(), Clock.systemUTC(), timing)) {
      String key = fx.tenantKey("bench");
      String id =
          fx.api
              .post(
                  "/v1/endpoints",
                  key,
                  "{\"url\":\"https://hooks.acme.example/bench\",\"eventTypes\":[\"*\"]}")
              .json()
              .get("id")
              .asText();
      Instant now = Instant.now();
      long t0 = System.nanoTime();
      try (Connection c = fx.db.getConnection();
          Statement s = c.createStatement()) {
        s.execute(
            "INSERT INTO posthorn_registry.attempts (endpoint_id, tenant_id, event_id, event_type,"
                + " attempt, started_at, duration_ms, outcome, status, error, response_snippet,"
                + " origin_topic, origin_partition, origin_offset, is_final)"
                + " SELECT '"
                + id
                + "', 'bench', gen_random_uuid()::text, 'order.created', 1,"
                + " timestamptz '"
                + now
                + "' - (i * interval '864 milliseconds'), 20 + i % 200,"
                + " CASE WHEN i % 10 = 0 THEN 'failed' ELSE 'delivered' END,"
                + " CASE WHEN i % 10 = 0 THEN 503 ELSE 200 END,"
                + " CASE WHEN i % 10 = 0 THEN 'HTTP 503' END,"
                + " CASE WHEN i % 10 = 0 THEN 'receiver down' END,"
                + " 'events', 0, i, i % 10 = 0"
                + " FROM generate_series(1, "
                + attempts
                + ") AS i");
        s.execute("ANALYZE posthorn_registry.attempts");
      }
      System.out.printf(
          "portal attempts benchmark: %,d attempts written in %d ms%n",
          attempts, (System.nanoTime() - t0) / 1_000_000);

      HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
      String link =
          fx.api
              .post("/v1/tenants/bench/portal-links", RegistryFixture.ADMIN_KEY, null)
              .json()
              .get("url")
              .asText();
      String token = link.substring(link.indexOf("token=") + 6);
      HttpResponse<String> start =
          http.send(
              HttpRequest.newBuilder(URI.create(fx.registry.url() + "/portal/start"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString("token=" + token))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (start.statusCode() != 303) {
        throw new IllegalStateException("opening the portal link: " + start.statusCode());
      }

      String base = fx.registry.url() + "/portal/endpoints/" + id + "/attempts";
      Instant mid = now.minus(Duration.ofHours(12));
      Map<String, String> variants = new LinkedHashMap<>();
      variants.put("newest first", "");
      variants.put("outcome=failed", "?outcome=failed");
      variants.put("status=503", "?status=503");
      variants.put(
          "1 h window, 12 h ago", "?since=" + mid.minus(Duration.ofHours(1)) + "&until=" + mid);
      System.out.printf(
          "%-22s %8s %8s %8s | %8s %8s %8s  (ms, %d rounds after %d warm-up)%n",
          "attempts page",
          "server50",
          "server99",
          "smax",
          "trip50",
          "trip99",
          "tmax",
          rounds,
          warmUp);
      for (Map.Entry<String, String> v : variants.entrySet()) {
        URI uri = URI.create(base + v.getValue());
        for (int i = 0; i < warmUp; i++) {
          get(http, uri);
        }
        long[] nanos = new long[rounds];
        served.clear();
        for (int i = 0; i < rounds; i++) {
          long t = System.nanoTime();
          get(http, uri);
          nanos[i] = System.nanoTime() - t;
        }
        long[] server = served.stream().mapToLong(Long::longValue).toArray();
        System.out.printf(
            "%-22s %8.1f %8.1f %8.1f | %8.1f %8.1f %8.1f%n",
            v.getKey(),
            percentile(server, 0.5),
            percentile(server, 0.99),
            percentile(server, 1.0),
            percentile(nanos, 0.5),
            percentile(nanos, 0.99),
            percentile(nanos, 1.0));
      }
    }
    System.exit(0); // the shared dev stack's threads would keep the JVM alive
  }

  /** The {@code q} quantile in milliseconds (nearest rank). */
  private static double percentile(long[] nanos, double q) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[Math.max(0, (int) Math.ceil(sorted.length * q) - 1)] / 1e6;
  }

  private static void get(HttpClient http, URI uri) throws Exception {
    HttpResponse<String> r =
        http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200 || !r.body().contains("<table class=\"attempts\">")) {
      throw new IllegalStateException(uri + " answered " + r.statusCode());
    }
  }
}
