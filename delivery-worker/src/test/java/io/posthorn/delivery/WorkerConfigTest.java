package io.posthorn.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.schema.Topics;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {
  private static final SigningSecret SECRET = SigningSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

  @Test
  void ofFillsInDefaults() {
    WorkerConfig config = WorkerConfig.of("kafka:9092", List.of(endpoint("orders", "https://hooks.example.com/in")));

    assertThat(config.groupId()).isEqualTo("posthorn-delivery");
    assertThat(config.eventsTopic()).isEqualTo(Topics.EVENTS);
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.maxInFlight()).isEqualTo(1000);
    assertThat(config.maxPollRecords()).isEqualTo(500);
    assertThat(config.endpoints()).extracting(Endpoint::id).containsExactly("orders");
  }

  @Test
  void acceptsPlainHttpEndpoint() {
    WorkerConfig config = WorkerConfig.of("kafka:9092", List.of(endpoint("local", "http://localhost:8080/hook")));

    assertThat(config.endpoints().get(0).url()).isEqualTo(URI.create("http://localhost:8080/hook"));
  }

  @Test
  void rejectsDuplicateEndpointIdNamingTheLaterOne() {
    List<Endpoint> endpoints =
        List.of(endpoint("orders", "https://a.example.com/"), endpoint("orders", "https://b.example.com/"));

    assertThatThrownBy(() -> WorkerConfig.of("kafka:9092", endpoints))
        .isInstanceOf(WorkerConfigException.class)
        .hasMessage("worker.endpoints[1].id 'orders' is used by an earlier endpoint");
  }

  @Test
  void rejectsRelativeUrl() {
    assertThatThrownBy(() -> WorkerConfig.of("kafka:9092", List.of(endpoint("orders", "/hooks/orders"))))
        .isInstanceOf(WorkerConfigException.class)
        .hasMessageStartingWith("worker.endpoints[0].url ");
  }

  @Test
  void rejectsFtpUrl() {
    assertThatThrownBy(() -> WorkerConfig.of("kafka:9092", List.of(endpoint("orders", "ftp://files.example.com/in"))))
        .isInstanceOf(WorkerConfigException.class)
        .hasMessageStartingWith("worker.endpoints[0].url ");
  }

  @Test
  void rejectsBlankEndpointId() {
    assertThatThrownBy(() -> WorkerConfig.of("kafka:9092", List.of(endpoint(" ", "https://a.example.com/"))))
        .isInstanceOf(WorkerConfigException.class)
        .hasMessageStartingWith("worker.endpoints[0].id ");
  }

  @Test
  void rejectsEndpointWithoutSecrets() {
    Endpoint unsigned = new Endpoint("orders", URI.create("https://a.example.com/"), List.of());

    assertThatThrownBy(() -> WorkerConfig.of("kafka:9092", List.of(unsigned)))
        .isInstanceOf(WorkerConfigException.class)
        .hasMessageStartingWith("worker.endpoints[0].secret ");
  }

  @Test
  void rejectsEmptyEndpoints() {
    assertThatThrownBy(() -> WorkerConfig.of("kafka:9092", List.of()))
        .isInstanceOf(WorkerConfigException.class)
        .hasMessageStartingWith("worker.endpoints ");
  }

  @Test
  void acceptsRequestTimeoutOfExactly30Seconds() {
    assertThat(valid().withRequestTimeout(Duration.ofSeconds(30)).requestTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void rejectsRequestTimeoutOf31Seconds() {
    assertThatThrownBy(() -> valid().withRequestTimeout(Duration.ofSeconds(31)))
        .isInstanceOf(WorkerConfigException.class)
        .hasMessageStartingWith("worker.request-timeout ")
        .hasMessageEndingWith("got PT31S");
  }

  @Test
  void rejectsZeroMaxInFlight() {
    assertThatThrownBy(() -> valid().withMaxInFlight(0))
        .isInstanceOf(WorkerConfigException.class)
        .hasMessageStartingWith("worker.max-in-flight ")
        .hasMessageEndingWith("got 0");
  }

  @Test
  void rejectsBlankGroupId() {
    assertThatThrownBy(() -> valid().withGroupId(""))
        .isInstanceOf(WorkerConfigException.class)
        .hasMessageStartingWith("worker.group-id ");
  }

  private static WorkerConfig valid() {
    return WorkerConfig.of("kafka:9092", List.of(endpoint("orders", "https://hooks.example.com/in")));
  }

  private static Endpoint endpoint(String id, String url) {
    return new Endpoint(id, URI.create(url), List.of(SECRET));
  }
}
