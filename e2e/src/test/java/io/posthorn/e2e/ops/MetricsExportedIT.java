package io.posthorn.e2e.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.posthorn.devstack.DevStack;
import io.posthorn.devstack.RecordingReceiver;
import io.posthorn.devstack.ScriptedReply;
import io.posthorn.e2e.WorkerProcess;
import io.posthorn.e2e.oncall.Cli;
import io.posthorn.inbound.InboundConfig;
import io.posthorn.inbound.InboundGateway;
import io.posthorn.inbound.InboundListener;
import io.posthorn.schema.Outbox;
import io.posthorn.schema.OutboxConfig;
import io.posthorn.schema.OutboxEvent;
import io.posthorn.schema.endpoint.SecretSeal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The dashboard and the alert rules read the real meters: {@code posthorn registry}, {@code relay}
 * and {@code worker} run as processes on one database and broker, carry an event (refused once,
 * then delivered from the first retry tier) and are scraped at their {@code /metrics}; every metric
 * name that {@code ops/grafana/posthorn.json} and {@code ops/prometheus/alerts.yml} use must be in
 * one of the scrapes. A renamed meter fails here, not on call.
 */
class MetricsExportedIT {
  private static final String ADMIN = "phk_e2e_metrics_admin_key_0123456789abcdefgh";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Path OPS = Path.of("..", "ops");

  @Test
  void everyMetricTheDashboardAndTheAlertRulesReadIsExported() throws Exception {
    Set<String> used = new TreeSet<>();
    used.addAll(
        MetricNames.inPromQl(
            MetricNames.alertExpressions(Files.readString(OPS.resolve("prometheus/alerts.yml")))));
    used.addAll(
        MetricNames.inPromQl(
            MetricNames.dashboardExpressions(
                Files.readString(OPS.resolve("grafana/posthorn.json")))));
    assertThat(used).as("metric names found in the dashboard and the rules").hasSizeGreaterThan(20);

    DevStack stack = DevStack.shared();
    String name = stack.postgres().createDatabase("metrics");
    String kafka = stack.kafka().bootstrapServers();
    String masterKey = SecretSeal.generateMasterKey();
    AtomicInteger requests = new AtomicInteger();
    try (RecordingReceiver receiver = RecordingReceiver.start();
        Cli.Child registry =
            new Cli.Child(
                "registry", "--config", registrySettings(name, kafka, masterKey).toString())) {
      receiver.respond(r -> ScriptedReply.status(requests.incrementAndGet() == 1 ? 500 : 200));
      URI registryMetrics = printed(registry, "posthorn registry: metrics at ");
      URI api = printed(registry, "posthorn registry: API at ");
      try (Cli.Child relay =
              new Cli.Child("relay", "--config", relaySettings(name, kafka).toString());
          WorkerProcess worker = WorkerProcess.start(workerSettings(name, kafka, masterKey))) {
        URI relayMetrics = printed(relay, "posthorn relay: metrics at ");
        worker.awaitConsuming(Duration.ofSeconds(90));
        String endpoint =
            call(
                api,
                "POST",
                "/v1/endpoints",
                "{\"tenantId\":\"acme\",\"url\":\""
                    + receiver.url("/hook")
                    + "\",\"eventTypes\":[\"posthorn.ping\"]}");
        assertThat(endpoint).contains("\"id\"");
        // The endpoint reaches the worker through the relay's feed capture; ping until it has.
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> {
                  emitPing(stack, name);
                  return receiver.count() >= 2;
                });

        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(1))
            .untilAsserted(
                () -> {
                  Set<String> exported = new TreeSet<>();
                  exported.addAll(MetricNames.inScrape(scrape(registryMetrics)));
                  exported.addAll(MetricNames.inScrape(scrape(relayMetrics)));
                  exported.addAll(MetricNames.inScrape(worker.scrapeMetrics()));
                  exported.addAll(MetricNames.inScrape(inboundMeters()));
                  List<String> missing =
                      used.stream().filter(n -> !MetricNames.exported(n, exported)).toList();
                  assertThat(missing)
                      .as(
                          "names the dashboard or the alert rules use that no process exports"
                              + " (Posthorn's exported: %s)",
                          exported.stream().filter(n -> n.startsWith("posthorn_")).toList())
                      .isEmpty();
                });
        // A few values, to show the meters follow what happened, not only that they exist.
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofSeconds(1))
            .untilAsserted(
                () -> {
                  assertThat(scrape(registryMetrics))
                      .containsPattern(
                          sample("posthorn_registry_endpoints", "state=\"enabled\"", 1))
                      .containsPattern(
                          sample(
                              "posthorn_registry_http_requests_seconds_count",
                              "route=\"/v1/endpoints\",status=\"201\"",
                              1));
                  assertThat(scrape(relayMetrics))
                      .containsPattern(sample("posthorn_relay_streaming", "", 1));
                  assertThat(worker.scrapeMetrics())
                      .containsPattern(
                          sample("posthorn_worker_retries_scheduled_total", "tier=\"0\"", 1));
                });
      }
    }
  }

  /** A sample line of {@code name} whose labels include {@code labels}, with value {@code v}. */
  private static String sample(String name, String labels, int v) {
    return "(?m)^"
        + name
        + "\\{[^}]*"
        + java.util.regex.Pattern.quote(labels).replace("\\Q\\E", "")
        + "[^}]*\\} "
        + v
        + "(\\.0)?$";
  }

  /**
   * The inbound gateway's meters as Prometheus shows them: a gateway created (not started) with a
   * Prometheus registry registers its counters, every provider and reason at zero, at once.
   */
  private static String inboundMeters() {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    InboundGateway.create(
        InboundConfig.of(
            "jdbc:postgresql://127.0.0.1:1/unused",
            "postgres",
            "",
            SecretSeal.fromBase64(SecretSeal.generateMasterKey())),
        Clock.systemUTC(),
        meters,
        InboundListener.NONE);
    return meters.scrape();
  }

  private static Path registrySettings(String name, String kafka, String masterKey)
      throws Exception {
    Map<String, String> s = new LinkedHashMap<>();
    DevStack stack = DevStack.shared();
    s.put("registry.database.url", stack.postgres().jdbcUrl(name));
    s.put("registry.database.user", "postgres");
    s.put("registry.database.password", "");
    s.put("registry.http.host", "127.0.0.1");
    s.put("registry.http.port", "0");
    s.put("registry.admin-key", ADMIN);
    s.put("registry.secret-key", masterKey);
    s.put("registry.kafka.bootstrap-servers", kafka);
    s.put("registry.topic.events", name + ".events");
    s.put("registry.topic.attempts", name + ".attempts");
    s.put("registry.topic.redeliveries", name + ".redeliveries");
    s.put("registry.attempts.group-id", name + "-registry");
    s.put("registry.network.allow-http", "true");
    s.put("registry.network.allow-private", "true");
    s.put("registry.housekeeping-interval", "1s");
    s.put("metrics.port", "0");
    s.put("metrics.host", "127.0.0.1");
    return file("registry", s);
  }

  private static Path relaySettings(String name, String kafka) throws Exception {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("relay.database.url", DevStack.shared().postgres().jdbcUrl(name));
    s.put("relay.database.user", "postgres");
    s.put("relay.database.password", "");
    s.put("relay.kafka.bootstrap-servers", kafka);
    s.put("relay.slot", "slot_" + name);
    s.put("relay.topic.events", name + ".events");
    s.put("relay.topic.invalid", name + ".events.invalid");
    s.put("relay.topic.offsets", name + ".offsets");
    s.put("relay.topic.partitions", "4");
    s.put("relay.capture.endpoint-feed", "true");
    s.put("relay.topic.endpoints", name + ".endpoints");
    s.put("metrics.port", "0");
    s.put("metrics.host", "127.0.0.1");
    return file("relay", s);
  }

  /** The worker on the registry's and relay's topics, retrying after one second. */
  private static Map<String, String> workerSettings(String name, String kafka, String masterKey) {
    Map<String, String> s = WorkerProcess.isolatedSettings(kafka, masterKey, name);
    s.put("worker.topic.events", name + ".events");
    s.put("worker.topic.endpoints", name + ".endpoints");
    s.put("worker.topic.attempts", name + ".attempts");
    s.put("worker.topic.redeliveries", name + ".redeliveries");
    s.put("worker.retry.ladder", "1s,2s");
    s.put("metrics.port", "0");
    s.put("metrics.host", "127.0.0.1");
    return s;
  }

  private static Path file(String prefix, Map<String, String> settings) throws Exception {
    Path f = Files.createTempFile("posthorn-" + prefix, ".properties");
    Files.writeString(
        f,
        settings.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n")));
    return f;
  }

  /** The URL a child printed after {@code prefix}, waiting for the line. */
  private static URI printed(Cli.Child child, String prefix) {
    List<String> found = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .failFast("the process exited", () -> !child.process.isAlive())
        .until(
            () ->
                child.lines().stream()
                    .filter(l -> l.startsWith(prefix))
                    .findFirst()
                    .map(found::add)
                    .orElse(false));
    String rest = found.getFirst().substring(prefix.length()).strip();
    return URI.create(rest.split("\\s+")[0]);
  }

  private static String scrape(URI metrics) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static String call(URI api, String method, String path, String body) throws Exception {
    URI base = URI.create(api.toString().replaceFirst("/v1$", ""));
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + ADMIN)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
    return r.body();
  }

  private static void emitPing(DevStack stack, String database) throws Exception {
    try (Connection c = stack.postgres().dataSource(database).getConnection()) {
      c.setAutoCommit(false);
      Outbox.create(OutboxConfig.defaults(), Clock.systemUTC())
          .emit(
              c,
              OutboxEvent.of("posthorn.ping", "Ping", "ping", "{\"message\": \"metrics\"}")
                  .withTenant("acme"));
      c.commit();
    }
  }
}
