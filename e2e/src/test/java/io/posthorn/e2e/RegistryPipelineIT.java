package io.posthorn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import io.posthorn.devstack.DevStack;
import io.posthorn.devstack.ReceivedRequest;
import io.posthorn.devstack.RecordingReceiver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry as the source of the workers' routing table: changes made through its API travel
 * through its feed table, the relay and the endpoints topic to a worker, on the real stack.
 */
class RegistryPipelineIT {
  private static final DevStack stack = DevStack.shared();
  private static final RecordingReceiver receiver = RecordingReceiver.start();
  private static RegistryPipeline pipeline;

  @BeforeAll
  static void start() {
    pipeline = new RegistryPipeline("regpipe", UnaryOperator.identity());
  }

  @AfterAll
  static void stop() {
    pipeline.close();
    receiver.close();
  }

  @Test
  void everyEndpointChangeIsSeenByAWorkersFeedWithinASecond() throws Exception {
    String id =
        call(
                "POST",
                "/v1/endpoints",
                "{\"tenantId\":\"acme\",\"url\":\""
                    + receiver.url("/latency")
                    + "\",\"eventTypes\":[\"user.*\"]}")
            .path("id")
            .asText();
    await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.routed(id) != null);
    List<Long> millis = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      int timeout = 1000 + i;
      call("PATCH", "/v1/endpoints/" + id, "{\"timeoutMs\":" + timeout + "}");
      long committed =
          System.nanoTime(); // the API answers after the change and its feed row committed
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(2))
          .until(
              () ->
                  pipeline.routed(id) != null
                      && pipeline.routed(id).timeout().toMillis() == timeout);
      millis.add((System.nanoTime() - committed) / 1_000_000);
    }
    call("DELETE", "/v1/endpoints/" + id, null);
    long deleted = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(2))
        .until(() -> pipeline.routed(id) == null);
    millis.add((System.nanoTime() - deleted) / 1_000_000);

    Collections.sort(millis);
    System.out.println(
        "registry change -> worker feed: p50 "
            + millis.get(millis.size() / 2)
            + " ms, max "
            + millis.get(millis.size() - 1)
            + " ms over "
            + millis.size()
            + " changes");
    assertThat(millis.get(millis.size() - 1)).as("slowest change, ms").isLessThanOrEqualTo(1000);
  }

  @Test
  void aRegisteredEndpointReceivesVerifiedDeliveriesAndRotationSignsTwiceThenOnce()
      throws Exception {
    JsonNode created =
        call(
            "POST",
            "/v1/endpoints",
            "{\"tenantId\":\"acme\",\"url\":\""
                + receiver.url("/rotation")
                + "\",\"eventTypes\":[\"posthorn.ping\"]}");
    String id = created.path("id").asText();
    String first = created.path("secret").asText();

    ReceivedRequest before = deliverUntil(r -> signatures(r) == 1);
    new Webhook(first).verify(before.bodyText(), before.headers());

    JsonNode rotated =
        call("POST", "/v1/endpoints/" + id + "/secret/rotate", "{\"overlap\":\"4s\"}");
    String second = rotated.path("secret").asText();
    Instant overlapEnd = Instant.parse(rotated.path("rotatedSecretsExpireAt").get(0).asText());

    ReceivedRequest during = deliverUntil(r -> signatures(r) == 2);
    new Webhook(first).verify(during.bodyText(), during.headers());
    new Webhook(second).verify(during.bodyText(), during.headers());

    await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(overlapEnd));
    ReceivedRequest after = deliverUntil(r -> true);
    assertThat(signatures(after)).isEqualTo(1);
    new Webhook(second).verify(after.bodyText(), after.headers());
    assertThatRefused(first, after);
  }

  /**
   * Emits pings to tenant acme until one arrives that satisfies {@code wanted} (the worker may lag
   * a change).
   */
  private static ReceivedRequest deliverUntil(Predicate<ReceivedRequest> wanted) {
    ReceivedRequest[] found = new ReceivedRequest[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              String eventId = emitPing();
              await().atMost(Duration.ofSeconds(30)).until(() -> request(eventId) != null);
              found[0] = request(eventId);
              return wanted.test(found[0]);
            });
    return found[0];
  }

  private static String emitPing() throws Exception {
    return pipeline.emitPing("rotation");
  }

  private static ReceivedRequest request(String eventId) {
    return receiver.requests("/rotation").stream()
        .filter(r -> eventId.equals(r.header("webhook-id")))
        .findFirst()
        .orElse(null);
  }

  private static int signatures(ReceivedRequest r) {
    return r.header("webhook-signature").split(" ").length;
  }

  private static void assertThatRefused(String secret, ReceivedRequest r) throws Exception {
    try {
      new Webhook(secret).verify(r.bodyText(), r.headers());
      throw new AssertionError("the rotated-out secret still verifies after its overlap");
    } catch (WebhookVerificationException expected) {
      assertThat(expected).hasMessageContaining("signature");
    }
  }

  private static JsonNode call(String method, String path, String body) throws Exception {
    return pipeline.call(method, path, body);
  }
}
