package io.posthorn.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.posthorn.devstack.ManualClock;
import io.posthorn.schema.task.DeliveryTask;
import io.posthorn.schema.task.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * URL checks in the registry (decision 0046), with an injected clock and attempt records written as
 * a worker would: the challenge a verified create sends, the state the API and the feed show, the
 * answers that enable (and those that do not), the window's end, a new challenge on request and on
 * a new URL, and the periodic check's pings to idle endpoints only.
 */
@Timeout(120)
class EndpointVerificationIT {
  private static final Duration WINDOW = Duration.ofHours(1);
  private static final Duration DELAY = Duration.ofSeconds(2);
  private static final Duration IDLE = Duration.ofHours(2);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ManualClock clock =
      new ManualClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
  private static RegistryFixture f;
  private static AttemptRecordsProducer attempts;
  private static KafkaConsumer<byte[], byte[]> tasks;
  private static final List<DeliveryTask> seen = new ArrayList<>();
  private static String acme;

  @BeforeAll
  static void start() {
    f =
        new RegistryFixture(
            b ->
                b.verificationWindow(WINDOW)
                    .verificationChallengeDelay(DELAY)
                    .urlCheckIdleAfter(IDLE)
                    .feedRetention(Duration.ofDays(365))
                    .housekeepingInterval(Duration.ofMillis(200)),
            clock);
    String kafka = f.stack.kafka().bootstrapServers();
    attempts = new AttemptRecordsProducer(kafka, f.config.attemptsTopic());
    tasks =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    tasks.assign(List.of(new TopicPartition(f.config.redeliveriesTopic(), 0)));
    tasks.seekToBeginning(tasks.assignment());
    acme = f.tenantKey("acme");
  }

  @AfterAll
  static void stop() {
    tasks.close();
    attempts.close();
    f.close();
  }

  @Test
  void aVerifiedCreateWaitsForItsChallenge_andOnlyTheEchoEnablesIt() throws Exception {
    Instant asked = clock.instant();
    JsonNode created = create("\"verify\":true");
    String ep = created.path("id").asText();

    assertThat(created.path("status").asText()).isEqualTo("pending_verification");
    assertThat(created.path("verification").path("state").asText()).isEqualTo("pending");
    assertThat(created.path("verification").path("expiresAt").asText())
        .isEqualTo(asked.plus(WINDOW).toString());
    assertThat(created.path("verification").has("challenge")).as("never shown").isFalse();
    assertThat(latestDocument(ep))
        .contains("\"status\": \"disabled\"", "\"verification\": \"pending\"");
    String challenge = stored(ep, "challenge");
    String eventId = stored(ep, "eventId");
    DeliveryTask ping = awaitTask(ep, eventId);
    assertThat(ping.identity().eventType()).isEqualTo("posthorn.ping");
    assertThat(ping.schedule().dueAt()).isEqualTo(asked.plus(DELAY));
    assertThat(Api.JSON.readTree(ping.identity().body()).path("payload").path("challenge").asText())
        .isEqualTo(challenge);

    Api.Response enable = f.api.post("/v1/endpoints/" + ep + "/enable", acme, null);
    assertThat(enable.status()).isEqualTo(409);
    assertThat(enable.json().path("field").asText()).isEqualTo("endpointId");
    assertThat(ids(f.api.get("/v1/endpoints?status=pending_verification", acme).json()))
        .contains(ep);
    assertThat(ids(f.api.get("/v1/endpoints?status=disabled", acme).json())).doesNotContain(ep);

    answer(ep, eventId, 1, "delivered", "ok"); // a 200 that does not echo
    answer(ep, "0c9a3a55-1111-4c6e-8f00-3b2f0d6f9e21", 1, "delivered", challenge); // another event
    answer(ep, eventId, 2, "failed", challenge); // a 500
    awaitLogged(ep, 3);
    assertThat(status(ep)).isEqualTo("pending_verification");

    answer(ep, eventId, 3, "delivered", "{\"challenge\":\"" + challenge + "\"}");

    await().atMost(WAIT).until(() -> status(ep).equals("enabled"));
    assertThat(get(ep).path("verification").path("state").asText()).isEqualTo("verified");
    assertThat(latestDocument(ep))
        .contains("\"status\": \"enabled\"")
        .doesNotContain("verification");
  }

  @Test
  void aNewUrlIsChallengedAgain_andAnEnabledEndpointCannotBeVerified() throws Exception {
    String ep = create("\"verify\":true").path("id").asText();
    String first = stored(ep, "eventId");
    answer(ep, first, 1, "delivered", stored(ep, "challenge"));
    await().atMost(WAIT).until(() -> status(ep).equals("enabled"));
    assertThat(f.api.post("/v1/endpoints/" + ep + "/verify", acme, null).status()).isEqualTo(409);

    Api.Response moved =
        f.api.call(
            "PATCH", "/v1/endpoints/" + ep, acme, "{\"url\":\"https://hooks.globex.example/in\"}");

    assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
    assertThat(moved.json().path("status").asText()).isEqualTo("pending_verification");
    String second = stored(ep, "eventId");
    assertThat(second).isNotEqualTo(first);
    awaitTask(ep, second);

    Api.Response described =
        f.api.call("PATCH", "/v1/endpoints/" + ep, acme, "{\"description\":\"same url\"}");

    assertThat(described.json().path("status").asText()).isEqualTo("pending_verification");
    assertThat(stored(ep, "eventId")).as("no new challenge without a new URL").isEqualTo(second);
    assertThat(tasksFor(ep)).extracting(DeliveryTask::eventId).containsExactly(first, second);
  }

  @Test
  void anUnansweredChallengeFailsWhenItsWindowEnds_andVerifySendsANewOne() throws Exception {
    String ep = create("\"verify\":true").path("id").asText();
    String first = stored(ep, "eventId");

    clock.advance(WINDOW);

    await().atMost(WAIT).until(() -> status(ep).equals("disabled"));
    JsonNode failed = get(ep);
    assertThat(failed.path("verification").path("state").asText()).isEqualTo("failed");
    assertThat(failed.path("disabledReason").asText())
        .startsWith("not verified: the challenge sent at")
        .endsWith("POST /v1/endpoints/" + ep + "/verify sends a new one");
    answer(ep, first, 2, "delivered", stored(ep, "challenge")); // too late
    awaitLogged(ep, 1);
    assertThat(f.api.post("/v1/endpoints/" + ep + "/enable", acme, null).status()).isEqualTo(409);
    assertThat(status(ep)).isEqualTo("disabled");

    Api.Response again = f.api.post("/v1/endpoints/" + ep + "/verify", acme, null);

    assertThat(again.status()).as(again.toString()).isEqualTo(202);
    assertThat(again.json().path("status").asText()).isEqualTo("pending_verification");
    assertThat(again.json().path("disabledReason").isNull()).isTrue();
    String second = stored(ep, "eventId");
    assertThat(second).isNotEqualTo(first);
    awaitTask(ep, second);
    answer(ep, second, 1, "delivered", stored(ep, "challenge"));
    await().atMost(WAIT).until(() -> status(ep).equals("enabled"));
  }

  @Test
  void thePeriodicCheckPingsOnlyEndpointsIdleForItsWindow() throws Exception {
    String idle = create("\"verify\":false").path("id").asText();
    String busy = create("\"verify\":false").path("id").asText();
    clock.advance(IDLE.plusSeconds(1));
    answer(busy, "5b0e9c3e-2222-4c6e-8f00-3b2f0d6f9e21", 1, "delivered", "ok");
    awaitLogged(busy, 1);

    await()
        .atMost(WAIT)
        .until(
            () ->
                tasksFor(idle).stream()
                    .anyMatch(
                        t -> body(t).path("payload").path("message").asText().equals("url check")));

    assertThat(
            f.text(
                "SELECT checked_at IS NOT NULL FROM posthorn_registry.endpoints WHERE id = '"
                    + idle
                    + "'"))
        .isEqualTo("t");
    assertThat(
            f.text(
                "SELECT checked_at IS NULL FROM posthorn_registry.endpoints WHERE id = '"
                    + busy
                    + "'"))
        .isEqualTo("t");
    assertThat(tasksFor(busy)).isEmpty();
  }

  private static JsonNode create(String verify) {
    Api.Response r =
        f.api.post(
            "/v1/endpoints",
            acme,
            "{\"url\":\"https://hooks.acme.example/in\",\"eventTypes\":[\"order.*\"],"
                + verify
                + "}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  private static void answer(String ep, String eventId, int attempt, String outcome, String body)
      throws Exception {
    int status = outcome.equals("delivered") ? 200 : 500;
    attempts.send(
        ep,
        "{\"eventId\":\""
            + eventId
            + "\",\"eventType\":\"posthorn.ping\",\"endpointId\":\""
            + ep
            + "\",\"tenantId\":\"acme\",\"attempt\":"
            + attempt
            + ",\"startedAt\":\""
            + clock.instant().plusMillis(attempt)
            + "\",\"durationMs\":3,\"outcome\":\""
            + outcome
            + "\",\"status\":"
            + status
            + ",\"error\":"
            + (status == 200 ? "null" : "\"HTTP 500\"")
            + ",\"responseSnippet\":"
            + Api.JSON.writeValueAsString(body)
            + ",\"disableRequested\":false,\"final\":true,"
            + "\"origin\":{\"topic\":\"posthorn.redeliveries\",\"partition\":-1,\"offset\":-1}}");
  }

  private static void awaitLogged(String ep, long n) {
    await()
        .atMost(WAIT)
        .until(
            () ->
                f.count(
                        "SELECT count(*) FROM posthorn_registry.attempts WHERE endpoint_id = '"
                            + ep
                            + "'")
                    >= n);
  }

  private static String stored(String ep, String field) {
    return f.text(
        "SELECT verification->>'"
            + field
            + "' FROM posthorn_registry.endpoints WHERE id = '"
            + ep
            + "'");
  }

  private static String latestDocument(String ep) {
    return f.text(
        "SELECT document::text FROM posthorn_registry.endpoint_feed WHERE endpoint_id = '"
            + ep
            + "' ORDER BY seq DESC LIMIT 1");
  }

  private static DeliveryTask awaitTask(String ep, String eventId) {
    await()
        .atMost(WAIT)
        .until(() -> tasksFor(ep).stream().anyMatch(t -> t.eventId().equals(eventId)));
    return tasksFor(ep).stream().filter(t -> t.eventId().equals(eventId)).findFirst().orElseThrow();
  }

  private static synchronized List<DeliveryTask> tasksFor(String ep) {
    for (ConsumerRecord<byte[], byte[]> r : tasks.poll(Duration.ofMillis(200))) {
      seen.add(TaskRecord.decode(r));
    }
    return seen.stream().filter(t -> t.endpointId().equals(ep)).toList();
  }

  private static JsonNode body(DeliveryTask t) {
    try {
      return Api.JSON.readTree(t.identity().body());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.path("data").forEach(e -> ids.add(e.path("id").asText()));
    return ids;
  }

  private static JsonNode get(String ep) {
    return f.api.get("/v1/endpoints/" + ep, acme).json();
  }

  private static String status(String ep) {
    return get(ep).path("status").asText();
  }
}
