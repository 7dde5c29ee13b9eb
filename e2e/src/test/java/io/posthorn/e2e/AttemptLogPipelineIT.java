package io.posthorn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import io.posthorn.delivery.retry.RetryLadder;
import io.posthorn.devstack.ReceivedRequest;
import io.posthorn.devstack.RecordingReceiver;
import io.posthorn.devstack.ScriptedReply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The attempt log on the real stack: events through the relay to a running worker, its attempt
 * records into the registry's attempt log; resend, recover and ping answered by that worker from
 * the redeliveries topic, signed with the endpoint's secret; and an endpoint answering 410
 * disabled, with its {@code posthorn.endpoint.disabled} event delivered to an ops endpoint through
 * the same pipeline.
 */
class AttemptLogPipelineIT {
  private static final ObjectMapper JSON = RegistryPipeline.JSON;
  private static final RecordingReceiver receiver = RecordingReceiver.start();
  private static final AtomicBoolean failing = new AtomicBoolean(true);
  private static RegistryPipeline pipeline;

  @BeforeAll
  static void start() {
    // one short retry step: a failing delivery is given up (final) after its second attempt
    pipeline =
        new RegistryPipeline(
            "attemptlog", w -> w.retryLadder(new RetryLadder(List.of(Duration.ofMillis(300)))));
    receiver.respond(
        r ->
            r.path().equals("/gone")
                ? ScriptedReply.status(410)
                : failing.get() && r.bodyText().contains("\"fail-")
                    ? ScriptedReply.status(500)
                    : ScriptedReply.ok());
  }

  @AfterAll
  static void stop() {
    pipeline.close();
    receiver.close();
  }

  @Test
  void recoverRedeliversExactlyTheFailedOnesAndTheWorkersAttemptsAreLogged() throws Exception {
    JsonNode created =
        call(
            "POST",
            "/v1/endpoints",
            "{\"tenantId\":\"acme\",\"url\":\""
                + receiver.url("/recover")
                + "\",\"eventTypes\":[\"posthorn.ping\"]}");
    String ep = created.path("id").asText();
    Webhook verifier = new Webhook(created.path("secret").asText());
    awaitDelivered("/recover"); // the worker knows the endpoint
    Instant since = Instant.now();
    List<String> failed = List.of(emit("fail-1"), emit("fail-2"), emit("fail-3"));
    List<String> delivered = List.of(emit("ok-1"), emit("ok-2"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                eventIds(givenUp(ep, since)).containsAll(failed)
                    && eventIds(attempts(ep, "?since=" + since)).containsAll(delivered));
    assertThat(givenUp(ep, since)).extracting(a -> a.path("attempt").asInt()).containsOnly(2);
    assertThat(attempts(ep, "?since=" + since + "&outcome=failed"))
        .extracting(a -> a.path("eventId").asText())
        .hasSize(6)
        .containsOnly(failed.toArray(String[]::new)); // each attempted twice, the second final
    failing.set(false);
    int before = receiver.requests("/recover").size();

    String recovery =
        call("POST", "/v1/endpoints/" + ep + "/recover", "{\"since\":\"" + since + "\"}")
            .path("id")
            .asText();

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                call("GET", "/v1/endpoints/" + ep + "/recoveries/" + recovery, null)
                    .path("state")
                    .asText()
                    .equals("done"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> receivedSince("/recover", before).size() == failed.size());
    List<ReceivedRequest> again =
        receiver.requests("/recover").subList(before, receiver.requests("/recover").size());
    assertThat(again)
        .extracting(r -> r.header("webhook-id"))
        .containsExactlyInAnyOrderElementsOf(failed);
    for (ReceivedRequest r : again) {
      verifier.verify(r.bodyText(), r.headers());
    }
    assertThat(
            call("GET", "/v1/endpoints/" + ep + "/recoveries/" + recovery, null)
                .path("sent")
                .asInt())
        .isEqualTo(3);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                eventIds(attempts(ep, "?since=" + since + "&outcome=delivered"))
                    .containsAll(failed));
  }

  @Test
  void resendAndPingAreDeliveredSignedByTheWorker() throws Exception {
    JsonNode created =
        call(
            "POST",
            "/v1/endpoints",
            "{\"tenantId\":\"acme\",\"url\":\""
                + receiver.url("/resend")
                + "\",\"eventTypes\":[\"posthorn.ping\"]}");
    String ep = created.path("id").asText();
    Webhook verifier = new Webhook(created.path("secret").asText());
    String first = awaitDelivered("/resend");
    await().atMost(Duration.ofSeconds(60)).until(() -> !attempts(ep, "").isEmpty());

    call("POST", "/v1/endpoints/" + ep + "/events/" + first + "/resend", null);
    String ping = call("POST", "/v1/endpoints/" + ep + "/ping", null).path("eventId").asText();

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> requests("/resend", first).size() == 2 && requests("/resend", ping).size() == 1);
    ReceivedRequest resent = requests("/resend", first).get(1);
    ReceivedRequest pinged = requests("/resend", ping).get(0);
    verifier.verify(resent.bodyText(), resent.headers());
    verifier.verify(pinged.bodyText(), pinged.headers());
    assertThat(resent.bodyText()).isEqualTo(requests("/resend", first).get(0).bodyText());
    assertThat(JSON.readTree(pinged.bodyText()).path("eventType").asText())
        .isEqualTo("posthorn.ping");
  }

  @Test
  void anEndpointAnswering410IsDisabledOnceAndAnOpsEndpointHearsOfIt() throws Exception {
    String ops =
        call(
                "POST",
                "/v1/endpoints",
                "{\"tenantId\":null,\"url\":\""
                    + receiver.url("/ops")
                    + "\",\"eventTypes\":[\"posthorn.endpoint.disabled\"]}")
            .path("id")
            .asText();
    String gone =
        call(
                "POST",
                "/v1/endpoints",
                "{\"tenantId\":\"acme\",\"url\":\""
                    + receiver.url("/gone")
                    + "\",\"eventTypes\":[\"posthorn.ping\"]}")
            .path("id")
            .asText();

    awaitDelivered("/gone"); // answered 410

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                call("GET", "/v1/endpoints/" + gone, null)
                    .path("status")
                    .asText()
                    .equals("disabled"));
    await().atMost(Duration.ofSeconds(60)).until(() -> announcements(gone).size() == 1);
    emit("after the disable");
    String marker = call("POST", "/v1/endpoints/" + ops + "/ping", null).path("eventId").asText();
    await().atMost(Duration.ofSeconds(60)).until(() -> !requests("/ops", marker).isEmpty());
    JsonNode announced = JSON.readTree(announcements(gone).get(0).bodyText());
    assertThat(announcements(gone)).hasSize(1);
    assertThat(announced.path("eventType").asText()).isEqualTo("posthorn.endpoint.disabled");
    assertThat(announced.path("payload").path("reason").asText())
        .isEqualTo("the endpoint answered 410 Gone");
  }

  private static List<ReceivedRequest> announcements(String endpointId) {
    return receiver.requests("/ops").stream()
        .filter(
            r ->
                r.bodyText().contains("\"" + endpointId + "\"")
                    && r.bodyText().contains("posthorn.endpoint.disabled"))
        .toList();
  }

  /**
   * Emits events until one reaches {@code path} (the worker may not know a new endpoint yet); its
   * id.
   */
  private static String awaitDelivered(String path) {
    List<String> emitted = new java.util.ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              emitted.add(emit("warm-up"));
              return emitted.stream().anyMatch(id -> !requests(path, id).isEmpty());
            });
    return emitted.stream().filter(id -> !requests(path, id).isEmpty()).findFirst().orElseThrow();
  }

  private static List<ReceivedRequest> receivedSince(String path, int index) {
    List<ReceivedRequest> all = receiver.requests(path);
    return all.subList(Math.min(index, all.size()), all.size());
  }

  private static List<ReceivedRequest> requests(String path, String eventId) {
    return receiver.requests(path).stream()
        .filter(r -> eventId.equals(r.header("webhook-id")))
        .toList();
  }

  /** The endpoint's attempts since {@code since} that failed and were the last of their task. */
  private static List<JsonNode> givenUp(String ep, Instant since) throws Exception {
    return attempts(ep, "?since=" + since + "&outcome=failed").stream()
        .filter(a -> a.path("final").asBoolean())
        .toList();
  }

  private static List<String> eventIds(List<JsonNode> attempts) {
    return attempts.stream().map(a -> a.path("eventId").asText()).toList();
  }

  private static List<JsonNode> attempts(String ep, String query) throws Exception {
    JsonNode page =
        call(
            "GET",
            "/v1/endpoints/"
                + ep
                + "/attempts"
                + query
                + (query.isEmpty() ? "?" : "&")
                + "limit=100",
            null);
    return java.util.stream.StreamSupport.stream(page.path("data").spliterator(), false).toList();
  }

  private static String emit(String message) throws Exception {
    return pipeline.emitPing(message);
  }

  private static JsonNode call(String method, String path, String body) throws Exception {
    return pipeline.call(method, path, body);
  }
}
