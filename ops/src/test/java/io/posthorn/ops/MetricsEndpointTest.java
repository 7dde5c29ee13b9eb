package io.posthorn.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posthorn.schema.config.Settings;
import io.posthorn.schema.health.Health;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
  @Test
  void offUnlessAPortIsSet() {
    assertThat(MetricsEndpoint.start(Settings.of(Map.of(), Map.of()), "worker")).isEmpty();
  }

  @Test
  void servesTheMetersInPrometheusTextWithTheComponentTagAndOnlyToGet() throws Exception {
    Optional<MetricsEndpoint> started =
        MetricsEndpoint.start(
            Settings.of(Map.of("metrics.port", "0", "metrics.host", "127.0.0.1"), Map.of()),
            "worker");
    try (MetricsEndpoint metrics = started.orElseThrow();
        HttpClient http = HttpClient.newHttpClient()) {
      metrics.registry().counter("posthorn.worker.test.things").increment(3);
      URI url = metrics.url();

      HttpResponse<String> got =
          http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> posted =
          http.send(
              HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.noBody()).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(url.toString()).startsWith("http://127.0.0.1:").endsWith("/metrics");
      assertThat(got.statusCode()).isEqualTo(200);
      assertThat(got.headers().firstValue("content-type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
      assertThat(got.body())
          .contains("posthorn_worker_test_things_total{component=\"worker\"} 3.0")
          .contains("jvm_memory_used_bytes");
      assertThat(posted.statusCode()).isEqualTo(405);
    }
  }

  @Test
  void healthzIsOkUnlessFailed_readyzOnlyWhenReady_eachWithTheStatusAndDetailAsText()
      throws Exception {
    AtomicReference<Health> health = new AtomicReference<>();
    try (MetricsEndpoint metrics =
            MetricsEndpoint.start(
                    Settings.of(Map.of("metrics.port", "0", "metrics.host", "127.0.0.1"), Map.of()),
                    "relay")
                .orElseThrow();
        HttpClient http = HttpClient.newHttpClient()) {
      assertThat(get(http, metrics, "/readyz")).isEqualTo("503 starting: starting");
      metrics.health(health::get);

      health.set(Health.ready());
      assertThat(get(http, metrics, "/healthz")).isEqualTo("200 ready");
      assertThat(get(http, metrics, "/readyz")).isEqualTo("200 ready");

      health.set(new Health(Health.Status.READY, "standby: the lease of slot s is held by pid 7"));
      assertThat(get(http, metrics, "/readyz"))
          .isEqualTo("200 ready: standby: the lease of slot s is held by pid 7");

      health.set(
          Health.starting("restarting its engine: topic posthorn.events is missing on Kafka"));
      assertThat(get(http, metrics, "/healthz"))
          .isEqualTo(
              "200 starting: restarting its engine: topic posthorn.events is missing on Kafka");
      assertThat(get(http, metrics, "/readyz"))
          .isEqualTo(
              "503 starting: restarting its engine: topic posthorn.events is missing on Kafka");

      health.set(
          Health.failed("relay on slot s stopped: topic posthorn.events is missing on Kafka"));
      assertThat(get(http, metrics, "/healthz"))
          .isEqualTo(
              "503 failed: relay on slot s stopped: topic posthorn.events is missing on Kafka");
      assertThat(get(http, metrics, "/readyz")).startsWith("503 failed: ");
    }
  }

  private static String get(HttpClient http, MetricsEndpoint metrics, String path)
      throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(metrics.url().resolve(path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
    return r.statusCode() + " " + r.body().strip();
  }

  @Test
  void aBadPortOrAnUnknownMetricsKeyFailsNamingTheKey() {
    assertThatThrownBy(
            () ->
                MetricsEndpoint.start(
                    Settings.of(Map.of("metrics.port", "70000"), Map.of()), "relay"))
        .hasMessage("metrics.port must be between 0 and 65535, got 70000");
    assertThatThrownBy(
            () ->
                MetricsEndpoint.start(
                    Settings.of(Map.of("metrics.prot", "9464"), Map.of()), "relay"))
        .hasMessageStartingWith("metrics.prot in ")
        .hasMessageContaining("is not a known key");
  }
}
