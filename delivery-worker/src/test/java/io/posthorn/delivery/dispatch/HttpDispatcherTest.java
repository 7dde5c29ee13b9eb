package io.posthorn.delivery.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.devstack.ManualClock;
import io.posthorn.devstack.ReceivedRequest;
import io.posthorn.devstack.RecordingReceiver;
import io.posthorn.devstack.ScriptedReply;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.Dns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HttpDispatcherTest {
  private final ManualClock clock = new ManualClock(Instant.now());
  private final RecordingReceiver receiver = RecordingReceiver.start();
  private final HttpDispatcher dispatcher =
      new HttpDispatcher(8, Executors.newVirtualThreadPerTaskExecutor(), clock, Dns.SYSTEM, true);
  private final String secretText =
      SigningSecret.PREFIX
          + java.util.Base64.getEncoder()
              .encodeToString(new java.security.SecureRandom().generateSeed(32));

  @AfterEach
  void close() {
    dispatcher.close();
    receiver.close();
  }

  private AttemptOutcome send(String path) throws Exception {
    Endpoint endpoint = Endpoint.simple("ep", receiver.url(path), SigningSecret.parse(secretText));
    CompletableFuture<AttemptOutcome> outcome = new CompletableFuture<>();
    dispatcher.dispatch(
        new DeliveryRequest(
            endpoint,
            "ev-1",
            "order.created",
            null,
            "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
            null,
            null,
            1),
        outcome::complete);
    return outcome.get(10, TimeUnit.SECONDS);
  }

  @Test
  void theTraceparentNamesTheSpanIdOfferedForThisRequestElseAFreshOne() throws Exception {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    Endpoint endpoint = Endpoint.simple("ep", receiver.url("/t"), SigningSecret.parse(secretText));
    DeliveryRequest offeredFor = request(endpoint, traceId);
    AttemptSpanId.offer(offeredFor, "00f067aa0ba902b7");
    send(offeredFor);
    AttemptSpanId.offer(request(endpoint, traceId), "1111111111111111"); // not the one sent next
    send(request(endpoint, traceId));
    send(request(endpoint, traceId));

    List<String> sent = receiver.requests().stream().map(r -> r.header("traceparent")).toList();
    assertThat(sent.getFirst()).isEqualTo("00-" + traceId + "-00f067aa0ba902b7-01");
    assertThat(sent.subList(1, 3))
        .allMatch(t -> t.matches("00-" + traceId + "-[0-9a-f]{16}-01"))
        .noneMatch(t -> t.contains("1111111111111111"))
        .doesNotHaveDuplicates();
  }

  private static DeliveryRequest request(Endpoint endpoint, String traceId) {
    return new DeliveryRequest(
        endpoint, "ev-1", "order.created", null, new byte[] {'{', '}'}, traceId, null, 1);
  }

  private void send(DeliveryRequest request) throws Exception {
    CompletableFuture<AttemptOutcome> outcome = new CompletableFuture<>();
    dispatcher.dispatch(request, outcome::complete);
    outcome.get(10, TimeUnit.SECONDS);
  }

  @Test
  void postsTheBodySignedSoAnIndependentVerifierAcceptsIt() throws Exception {
    AttemptOutcome outcome = send("/in");

    assertThat(outcome).isInstanceOf(AttemptOutcome.Delivered.class);
    ReceivedRequest r = receiver.requests().getFirst();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.header("webhook-id")).isEqualTo("ev-1");
    assertThat(r.header(HttpDispatcher.EVENT_TYPE_HEADER)).isEqualTo("order.created");
    HttpHeaders headers =
        HttpHeaders.of(
            Map.of(
                "webhook-id",
                List.of(r.header("webhook-id")),
                "webhook-timestamp",
                List.of(r.header("webhook-timestamp")),
                "webhook-signature",
                List.of(r.header("webhook-signature"))),
            (a, b) -> true);
    new Webhook(secretText).verify(new String(r.body(), StandardCharsets.UTF_8), headers);
  }

  @Test
  void a503WithRetryAfterIsRetryableWithTheDelayTheEndpointAskedFor() throws Exception {
    receiver.respond(
        r -> new ScriptedReply.Respond(503, Map.of("retry-after", "120"), "busy", Duration.ZERO));

    AttemptOutcome outcome = send("/busy");

    assertThat(outcome)
        .isInstanceOfSatisfying(
            AttemptOutcome.Retryable.class,
            r -> {
              assertThat(r.status()).isEqualTo(503);
              assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(120));
              assertThat(r.responseSnippet()).isEqualTo("busy");
            });
  }

  @Test
  void a410IsGoneAndAsksToDisable() throws Exception {
    receiver.respond(r -> ScriptedReply.status(410));

    AttemptOutcome outcome = send("/gone");

    assertThat(outcome).isInstanceOf(AttemptOutcome.Gone.class);
    assertThat(outcome.disableRequested()).isTrue();
  }
}
