package io.posthorn.ops.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.posthorn.delivery.DeliveryListener;
import io.posthorn.delivery.dispatch.AttemptOutcome;
import io.posthorn.delivery.dispatch.DeliveryRequest;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.schema.Envelope;
import io.posthorn.schema.EventType;
import io.posthorn.schema.JsonObjectText;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The spans leave the process as OTLP/HTTP protobuf, to the endpoint the environment names. */
class OtlpExportIT {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  private record Received(String path, String contentType, byte[] body) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final HttpServer collector = collector();

  @AfterEach
  void stop() {
    collector.stop(0);
  }

  @Test
  void theRelayAndAttemptSpansReachTheCollectorInTheRowsTrace() {
    String endpoint = "http://127.0.0.1:" + collector.getAddress().getPort();
    Envelope envelope =
        new Envelope(
            UUID.randomUUID(),
            EventType.of("order.created"),
            "order",
            "o-1",
            null,
            new JsonObjectText("{}"),
            new JsonObjectText("{}"),
            Instant.now(),
            TRACE_ID);
    DeliveryRequest request =
        new DeliveryRequest(
            Endpoint.simple("ep_1", URI.create("https://example.com/h"), SigningSecret.generate()),
            envelope.id().toString(),
            "order.created",
            null,
            "{}".getBytes(StandardCharsets.UTF_8),
            TRACE_ID,
            null,
            1);

    try (Tracing tracing =
        Tracing.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint), "posthorn-it")) {
      tracing.relayListener().published(envelope);
      DeliveryListener worker = tracing.deliveryListener();
      worker.attemptStarted(request);
      worker.attemptFinished(
          request, new AttemptOutcome.Delivered(204, "", Duration.ofMillis(3), false));
    } // close flushes the batch

    assertThat(received).isNotEmpty();
    assertThat(received)
        .allSatisfy(
            r -> {
              assertThat(r.path()).isEqualTo("/v1/traces");
              assertThat(r.contentType()).isEqualTo("application/x-protobuf");
            });
    byte[] all = received.stream().map(Received::body).reduce(new byte[0], OtlpExportIT::concat);
    String body = HexFormat.of().formatHex(all);
    assertThat(body).contains(TRACE_ID);
    assertThat(new String(all, StandardCharsets.ISO_8859_1))
        .contains(RelaySpans.NAME, AttemptSpans.NAME, "posthorn-it", "ep_1");
  }

  private HttpServer collector() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/",
          exchange -> {
            try (exchange) {
              received.add(
                  new Received(
                      exchange.getRequestURI().getPath(),
                      exchange.getRequestHeaders().getFirst("content-type"),
                      exchange.getRequestBody().readAllBytes()));
              exchange.getResponseHeaders().add("content-type", "application/x-protobuf");
              exchange.sendResponseHeaders(200, -1);
            }
          });
      server.start();
      return server;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
