package io.posthorn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import io.posthorn.delivery.retry.RetryLadder;
import io.posthorn.devstack.ReceivedRequest;
import io.posthorn.devstack.RecordingReceiver;
import io.posthorn.devstack.ScriptedReply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * URL checks on the real stack (decision 0046): registry, relay and worker. An endpoint created
 * with {@code verify} waits, disabled, for the answer to a signed {@code posthorn.ping} challenge
 * that the worker delivers; the correct answer (the challenge echoed) enables it, and only then do
 * events reach it. One that answers {@code 200} without the challenge is never enabled, receives no
 * event, and fails when its window ends. The periodic check pings idle endpoints; one whose pings
 * fail is disabled by the auto-disable rule. Windows and intervals are scaled to seconds.
 */
@Timeout(120)
class UrlCheckPipelineIT {
  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final RecordingReceiver receiver = RecordingReceiver.start();
  private static RegistryPipeline pipeline;

  @BeforeAll
  static void start() {
    pipeline =
        new RegistryPipeline(
            "urlcheck",
            w -> w.retryLadder(new RetryLadder(List.of(Duration.ofMillis(300)))),
            r ->
                r.housekeepingInterval(Duration.ofMillis(200))
                    .verificationChallengeDelay(Duration.ofSeconds(1))
                    .verificationWindow(Duration.ofSeconds(4))
                    .urlCheckIdleAfter(Duration.ofSeconds(1))
                    .autoDisableAfter(Duration.ofSeconds(2)));
    receiver.respond(
        r ->
            switch (r.path()) {
              case "/echo" -> echo(r);
              case "/down" -> ScriptedReply.status(503);
              default -> ScriptedReply.ok();
            });
    // The relay's first capture starts with the first change: until a change reaches the workers,
    // a ping (a challenge, a check) would find no endpoint and be dead-lettered as deleted.
    try {
      String warm =
          create("warm", "/warm-up", "posthorn.endpoint.disabled", false).path("id").asText();
      await().atMost(WAIT).until(() -> pipeline.routed(warm) != null);
      pipeline.call("DELETE", "/v1/endpoints/" + warm, null);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @AfterAll
  static void stop() {
    pipeline.close();
    receiver.close();
  }

  /** Answers a challenge with its text, anything else with an empty 200. */
  private static ScriptedReply echo(ReceivedRequest r) {
    try {
      JsonNode challenge =
          RegistryPipeline.JSON.readTree(r.bodyText()).path("payload").path("challenge");
      return new ScriptedReply.Respond(
          200, Map.of(), challenge.isTextual() ? challenge.asText() : "", Duration.ZERO);
    } catch (Exception e) {
      return ScriptedReply.status(400);
    }
  }

  @Test
  void anEndpointThatEchoesTheChallengeIsEnabled_andOnlyThenReceivesEvents() throws Exception {
    JsonNode created = create("acme", "/echo", "posthorn.ping", true);
    String ep = created.path("id").asText();
    assertThat(created.path("status").asText()).isEqualTo("pending_verification");
    assertThat(created.path("verification").path("state").asText()).isEqualTo("pending");
    assertThat(status(call("POST", "/v1/endpoints/" + ep + "/enable"))).isEqualTo(409);

    await().atMost(WAIT).until(() -> endpoint(ep).path("status").asText().equals("enabled"));

    JsonNode enabled = endpoint(ep);
    assertThat(enabled.path("verification").path("state").asText()).isEqualTo("verified");
    ReceivedRequest challenge = receiver.requests("/echo").getFirst();
    new Webhook(created.path("secret").asText()).verify(challenge.bodyText(), challenge.headers());
    assertThat(RegistryPipeline.JSON.readTree(challenge.bodyText()).path("eventType").asText())
        .isEqualTo("posthorn.ping");
    await().atMost(WAIT).until(() -> pipeline.routed(ep) != null && pipeline.routed(ep).enabled());
    String event = pipeline.emitPing("after the handshake");
    await().atMost(WAIT).until(() -> !requests("/echo", event).isEmpty());
  }

  @Test
  void anEndpointThatAnswersWithoutTheChallengeIsNeverEnabled_andReceivesNoEvent()
      throws Exception {
    JsonNode created = create("acme", "/mute", "posthorn.ping", true);
    String ep = created.path("id").asText();
    String control = create("acme", "/control", "posthorn.ping", false).path("id").asText();
    await()
        .atMost(WAIT)
        .until(() -> pipeline.routed(control) != null && pipeline.routed(ep) != null);
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      events.add(pipeline.emitPing("while pending " + i));
    }
    await()
        .atMost(WAIT)
        .until(() -> events.stream().allMatch(e -> !requests("/control", e).isEmpty()));

    await()
        .atMost(WAIT)
        .until(() -> endpoint(ep).path("verification").path("state").asText().equals("failed"));

    JsonNode failed = endpoint(ep);
    assertThat(failed.path("status").asText()).isEqualTo("disabled");
    assertThat(failed.path("disabledReason").asText()).startsWith("not verified: the challenge");
    assertThat(receiver.requests("/mute"))
        .as("the challenge (and its retry), never an event")
        .isNotEmpty()
        .allSatisfy(
            r ->
                assertThat(
                        RegistryPipeline.JSON
                            .readTree(r.bodyText())
                            .path("payload")
                            .has("challenge"))
                    .isTrue());
    assertThat(status(call("POST", "/v1/endpoints/" + ep + "/enable"))).isEqualTo(409);
    String after = pipeline.emitPing("after the window");
    await().atMost(WAIT).until(() -> !requests("/control", after).isEmpty());
    assertThat(requests("/mute", after)).isEmpty();
  }

  @Test
  void thePeriodicCheckPingsIdleEndpoints_andOneWhosePingsFailIsDisabled() throws Exception {
    String healthy =
        create("idle", "/healthy", "posthorn.endpoint.disabled", false).path("id").asText();
    String down = create("idle", "/down", "posthorn.endpoint.disabled", false).path("id").asText();

    await().atMost(WAIT).until(() -> endpoint(down).path("status").asText().equals("disabled"));

    assertThat(endpoint(down).path("disabledReason").asText()).startsWith("every attempt failed");
    assertThat(receiver.requests("/down")).isNotEmpty();
    await()
        .atMost(WAIT)
        .until(
            () ->
                receiver.requests("/healthy").stream()
                    .anyMatch(r -> r.bodyText().contains("\"url check\"")));
    assertThat(endpoint(healthy).path("status").asText()).isEqualTo("enabled");
  }

  private static JsonNode create(String tenant, String path, String type, boolean verify)
      throws Exception {
    return pipeline.call(
        "POST",
        "/v1/endpoints",
        "{\"tenantId\":\""
            + tenant
            + "\",\"url\":\""
            + receiver.url(path)
            + "\",\"eventTypes\":[\""
            + type
            + "\"],\"verify\":"
            + verify
            + "}");
  }

  private static JsonNode endpoint(String id) throws Exception {
    return pipeline.call("GET", "/v1/endpoints/" + id, null);
  }

  private static List<ReceivedRequest> requests(String path, String eventId) {
    return receiver.requests(path).stream()
        .filter(r -> eventId.equals(r.header("webhook-id")))
        .toList();
  }

  private static HttpResponse<String> call(String method, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(pipeline.registry.url() + path))
            .header("Authorization", "Bearer " + RegistryPipeline.ADMIN)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int status(HttpResponse<String> r) {
    return r.statusCode();
  }
}
