package io.posthorn.ops.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.posthorn.delivery.DeliveryListener;
import io.posthorn.delivery.dispatch.AttemptOutcome;
import io.posthorn.delivery.dispatch.AttemptSpanId;
import io.posthorn.delivery.dispatch.DeliveryRequest;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.registry.RegistryListener;
import io.posthorn.relay.RelayListener;
import io.posthorn.schema.Envelope;
import io.posthorn.schema.EventType;
import io.posthorn.schema.JsonObjectText;
import io.posthorn.schema.TraceId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TracingTest {
  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private static final Instant WRITTEN = Instant.parse("2026-12-07T20:00:00Z");
  private static final Instant ACKED = WRITTEN.plusMillis(40);

  private final InMemorySpanExporter exported = InMemorySpanExporter.create();
  private final Tracing tracing =
      Tracing.with(
          SimpleSpanProcessor.create(exported),
          "posthorn-test",
          Clock.fixed(ACKED, ZoneOffset.UTC));

  @Test
  void theRelaySpanAndEveryAttemptSpanContinueTheTraceOfTheRowsTraceparent() {
    String traceId = TraceId.fromTraceparent(TRACEPARENT).orElseThrow();
    Envelope envelope = envelope(traceId);
    RelayListener relay = tracing.relayListener();
    DeliveryListener worker = tracing.deliveryListener();

    relay.published(envelope);
    DeliveryRequest first = request(envelope, "ep_1", 1);
    worker.attemptStarted(first);
    String offered = AttemptSpanId.take(first);
    worker.attemptFinished(
        first, new AttemptOutcome.Delivered(204, "", Duration.ofMillis(5), false));
    DeliveryRequest second = request(envelope, "ep_2", 2);
    worker.attemptStarted(second);
    worker.attemptFinished(
        second,
        new AttemptOutcome.Retryable(503, "HTTP 503", null, "", Duration.ofMillis(5), false));

    List<SpanData> spans = exported.getFinishedSpanItems();
    assertThat(spans)
        .extracting(SpanData::getName)
        .containsExactly(RelaySpans.NAME, AttemptSpans.NAME, AttemptSpans.NAME);
    assertThat(spans).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(traceId));
    assertThat(spans)
        .extracting(SpanData::getParentSpanId)
        .as("siblings under the event's parent")
        .containsOnly(spans.get(0).getParentSpanId());
    assertThat(spans).extracting(SpanData::getSpanId).doesNotHaveDuplicates();

    SpanData publish = spans.get(0);
    assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(publish.getStartEpochNanos()).isEqualTo(nanos(WRITTEN));
    assertThat(publish.getEndEpochNanos()).isEqualTo(nanos(ACKED));
    assertThat(publish.getAttributes().get(Attributes.EVENT_ID))
        .isEqualTo(envelope.id().toString());

    SpanData delivered = spans.get(1);
    assertThat(delivered.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(delivered.getAttributes().get(Attributes.ENDPOINT_ID)).isEqualTo("ep_1");
    assertThat(delivered.getAttributes().get(Attributes.ATTEMPT)).isEqualTo(1L);
    assertThat(delivered.getAttributes().get(Attributes.STATUS)).isEqualTo(204L);
    assertThat(delivered.getAttributes().get(Attributes.OUTCOME)).isEqualTo("delivered");
    assertThat(delivered.getSpanId())
        .as("the span the webhook's traceparent names")
        .isEqualTo(offered);
    assertThat(delivered.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

    SpanData failed = spans.get(2);
    assertThat(failed.getAttributes().get(Attributes.ENDPOINT_ID)).isEqualTo("ep_2");
    assertThat(failed.getAttributes().get(Attributes.ATTEMPT)).isEqualTo(2L);
    assertThat(failed.getAttributes().get(Attributes.STATUS)).isEqualTo(503L);
    assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void anEventWithoutATraceparentStillHasOneTraceForAllItsSpans() {
    Envelope envelope = envelope(null);
    DeliveryListener worker = tracing.deliveryListener();

    tracing.relayListener().published(envelope);
    DeliveryRequest request = request(envelope, "ep_1", 1);
    worker.attemptStarted(request);
    worker.attemptFinished(request, new AttemptOutcome.Gone("", Duration.ofMillis(1)));

    List<SpanData> spans = exported.getFinishedSpanItems();
    assertThat(spans).hasSize(2);
    assertThat(spans.get(0).getSpanContext().isValid()).isTrue();
    assertThat(spans).extracting(SpanData::getTraceId).containsOnly(spans.get(0).getTraceId());
  }

  @Test
  void eachApiRequestIsASpanNamedByItsRoutePattern() {
    RegistryListener registry = tracing.registryListener();

    registry.requestAnswered("GET", "/v1/endpoints/{endpointId}", 200, Duration.ofMillis(40));
    registry.requestAnswered("POST", "/v1/endpoints", 500, Duration.ofMillis(3));

    List<SpanData> spans = exported.getFinishedSpanItems();
    assertThat(spans)
        .extracting(SpanData::getName)
        .containsExactly("GET /v1/endpoints/{endpointId}", "POST /v1/endpoints");
    SpanData get = spans.get(0);
    assertThat(get.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(get.getStartEpochNanos()).isEqualTo(nanos(ACKED.minusMillis(40)));
    assertThat(get.getEndEpochNanos()).isEqualTo(nanos(ACKED));
    assertThat(get.getAttributes().get(Attributes.STATUS)).isEqualTo(200L);
    assertThat(get.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(spans.get(1).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void offUnlessAnOtlpEndpointIsConfigured() {
    assertThat(Tracing.fromEnvironment(Map.of(), "posthorn-worker")).isSameAs(Tracing.OFF);
    assertThat(Tracing.OFF.relayListener()).isSameAs(RelayListener.NONE);
    assertThat(Tracing.OFF.deliveryListener()).isSameAs(DeliveryListener.NONE);
    assertThat(Tracing.OFF.registryListener()).isSameAs(RegistryListener.NONE);
    assertThat(Tracing.endpoint(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")))
        .contains("http://collector:4318/v1/traces");
    assertThat(
            Tracing.endpoint(
                Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/",
                    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://other:4318/traces")))
        .contains("http://other:4318/traces");
    assertThat(
            Tracing.endpoint(
                Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                    "OTEL_TRACES_EXPORTER", "none")))
        .isEmpty();
    try (Tracing on =
        Tracing.fromEnvironment(
            Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9"), "posthorn-worker")) {
      assertThat(on.enabled()).isTrue();
      assertThat(on.deliveryListener()).isInstanceOf(AttemptSpans.class);
    }
  }

  private static Envelope envelope(String traceId) {
    return new Envelope(
        UUID.fromString("0193a6c2-7c1e-7d40-8a6b-2f1c3e4d5a6b"),
        EventType.of("order.created"),
        "order",
        "o-1",
        null,
        new JsonObjectText("{}"),
        new JsonObjectText("{}"),
        WRITTEN,
        traceId);
  }

  private static DeliveryRequest request(Envelope envelope, String endpointId, int attempt) {
    return new DeliveryRequest(
        Endpoint.simple(
            endpointId, URI.create("https://example.com/hook"), SigningSecret.generate()),
        envelope.id().toString(),
        envelope.eventType().name(),
        null,
        "{}".getBytes(StandardCharsets.UTF_8),
        envelope.traceId(),
        WRITTEN.toString(),
        attempt);
  }

  private static long nanos(Instant at) {
    return at.getEpochSecond() * 1_000_000_000L + at.getNano();
  }
}
