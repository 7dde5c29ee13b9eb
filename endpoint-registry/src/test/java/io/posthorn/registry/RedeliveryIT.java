package io.posthorn.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.posthorn.schema.EnvelopeCodec;
import io.posthorn.schema.EventHeaders;
import io.posthorn.schema.task.DeliveryTask;
import io.posthorn.schema.task.TaskRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resend, recover and ping write task records the worker reads (TaskRecord on the redeliveries
 * topic), with the body read back from the events topic at the attempt's origin. The real worker
 * attempting them is proven in e2e AttemptLogPipelineIT.
 */
class RedeliveryIT {
  private static final String NO_EVENT = "0190f5a2-7c1e-7a3b-9d2f-5c8e1b4a6f00";
  private static final String NO_RECOVERY = "rc_000000000000000000000000";
  private static RegistryFixture f;
  private static AttemptRecordsProducer attempts;
  private static KafkaProducer<byte[], byte[]> events;
  private static KafkaConsumer<byte[], byte[]> tasks;
  private static final List<DeliveryTask> seen = new ArrayList<>();
  private static String acme;

  @BeforeAll
  static void start() {
    f = new RegistryFixture();
    String kafka = f.stack.kafka().bootstrapServers();
    attempts = new AttemptRecordsProducer(kafka, f.config.attemptsTopic());
    events =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka),
            new ByteArraySerializer(),
            new ByteArraySerializer());
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
    events.close();
    attempts.close();
    f.close();
  }

  @Test
  void resendWritesTheEventsOwnBodyAndHeadersAsATaskDueNow() throws Exception {
    String ep = endpoint();
    Event e = event();
    attempt(ep, e, 1, Instant.now().minusSeconds(10), "failed");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                f.count(
                        "SELECT count(*) FROM posthorn_registry.attempts"
                            + " WHERE endpoint_id = '"
                            + ep
                            + "'")
                    == 1);
    Instant before = Instant.now();

    Api.Response r = f.api.post("/v1/endpoints/" + ep + "/events/" + e.id + "/resend", acme, null);

    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    DeliveryTask task = task(r.json().path("redeliveryId").asText());
    assertThat(task.endpointId()).isEqualTo(ep);
    assertThat(task.eventId()).isEqualTo(e.id);
    assertThat(new String(task.identity().body(), StandardCharsets.UTF_8)).isEqualTo(e.body);
    assertThat(task.identity().tenantId()).isEqualTo("acme");
    assertThat(task.history().attempts()).isZero();
    assertThat(task.identity().origin().offset()).isEqualTo(e.offset);
    assertThat(task.schedule().dueAt()).isBetween(before.minusSeconds(1), Instant.now());
  }

  @Test
  void recoverSendsExactlyTheGivenUpDeliveriesSinceItsTime_neverAPendingRetry_andReportsProgress() {
    String ep = endpoint();
    Instant t = Instant.now().minusSeconds(100);
    Event old = event();
    Event failedTwice = event();
    Event delivered = event();
    Event recovered = event();
    Event stillClimbing = event();
    Event resentAndClimbing = event();
    attempt(ep, old, 1, t.minusSeconds(50), "failed", true); // before "since"
    attempt(ep, failedTwice, 1, t.plusSeconds(1), "failed", false);
    attempt(ep, failedTwice, 2, t.plusSeconds(2), "failed", true); // exhausted: given up
    attempt(ep, delivered, 1, t.plusSeconds(3), "delivered", true);
    attempt(ep, recovered, 1, t.plusSeconds(4), "failed", false);
    attempt(ep, recovered, 2, t.plusSeconds(5), "delivered", true);
    attempt(
        ep, stillClimbing, 1, t.plusSeconds(6), "failed", false); // its retry is pending on a tier
    attempt(ep, resentAndClimbing, 1, t.plusSeconds(7), "gone", true);
    attempt(
        ep, resentAndClimbing, 1, t.plusSeconds(8), "failed", false); // resent by hand, retrying
    attempts.attempt(
        ep, "ev-not-on-the-topic", 1, t.plusSeconds(9), 5, "failed", false, true); // another topic
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                f.count(
                        "SELECT count(*) FROM posthorn_registry.attempts"
                            + " WHERE endpoint_id = '"
                            + ep
                            + "'")
                    == 10);

    Api.Response r =
        f.api.post("/v1/endpoints/" + ep + "/recover", acme, "{\"since\":\"" + t + "\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    String id = r.json().path("id").asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                f.api
                    .get("/v1/endpoints/" + ep + "/recoveries/" + id, acme)
                    .json()
                    .path("state")
                    .asText()
                    .equals("done"));

    JsonNode progress = f.api.get("/v1/endpoints/" + ep + "/recoveries/" + id, acme).json();
    assertThat(progress.path("total").asInt()).isEqualTo(2);
    assertThat(progress.path("sent").asInt()).isEqualTo(1);
    assertThat(progress.path("unavailable").asInt()).isEqualTo(1);
    assertThat(progress.path("owner").asText()).isEqualTo(f.registry.instance());
    assertThat(tasksOf(id)).extracting(DeliveryTask::eventId).containsExactly(failedTwice.id);
  }

  @Test
  void pingSendsAPosthornPingEnvelopeToTheEndpoint() {
    String ep = endpoint();

    Api.Response r = f.api.post("/v1/endpoints/" + ep + "/ping", acme, null);

    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    DeliveryTask task = task(r.json().path("redeliveryId").asText());
    assertThat(task.identity().eventType()).isEqualTo("posthorn.ping");
    assertThat(task.eventId()).isEqualTo(r.json().path("eventId").asText());
    assertThat(EnvelopeCodec.decode(task.identity().body(), "acme", null).payload().json())
        .contains("ping");
  }

  @Test
  void refusalsNameWhatIsWrongAndOtherTenantsGet404() {
    String ep = endpoint();
    String globex = f.tenantKey("globex");
    String base = "/v1/endpoints/" + ep;

    assertThat(f.api.post(base + "/events/nope/resend", acme, null).json().path("field").asText())
        .isEqualTo("eventId");
    assertThat(
            f.api
                .post(base + "/events/" + NO_EVENT + "/resend", acme, null)
                .json()
                .path("field")
                .asText())
        .isEqualTo("eventId");
    assertThat(
            f.api
                .post(base + "/recover", acme, "{\"since\":\"yesterday\"}")
                .json()
                .path("field")
                .asText())
        .isEqualTo("since");
    assertThat(
            f.api
                .post(base + "/recover", acme, "{\"since\":\"2999-01-01T00:00:00Z\"}")
                .json()
                .path("field")
                .asText())
        .isEqualTo("since");
    assertThat(f.api.post(base + "/recover", acme, "{}").json().path("field").asText())
        .isEqualTo("since");
    assertThat(f.api.get(base + "/recoveries/" + NO_RECOVERY, acme).status()).isEqualTo(404);
    assertThat(f.api.get(base + "/recoveries/rc_nope", acme).status()).isEqualTo(400);
    for (String[] call :
        new String[][] {
          {"POST", base + "/ping", null},
          {"POST", base + "/recover", "{\"since\":\"2026-01-01T00:00:00Z\"}"},
          {"POST", base + "/events/" + NO_EVENT + "/resend", null},
          {"GET", base + "/recoveries/" + NO_RECOVERY, null}
        }) {
      assertThat(f.api.call(call[0], call[1], globex, call[2]).status()).as(call[1]).isEqualTo(404);
    }
    f.api.post(base + "/disable", acme, null);
    Api.Response disabled = f.api.post(base + "/ping", acme, null);
    assertThat(disabled.status()).isEqualTo(409);
    assertThat(disabled.json().path("field").asText()).isEqualTo("endpointId");
  }

  private record Event(String id, String body, long offset) {}

  private static String endpoint() {
    return f.api
        .post(
            "/v1/endpoints",
            acme,
            "{\"url\":\"https://hooks.acme.example/in\",\"eventTypes\":[\"*\"]}")
        .json()
        .path("id")
        .asText();
  }

  private static Event event() {
    String id = UUID.randomUUID().toString();
    String body =
        "{\"id\":\""
            + id
            + "\",\"eventType\":\"order.created\",\"aggregateType\":\"Order\","
            + "\"aggregateId\":\"o1\",\"payload\":{\"orderId\":\"o1\"},\"occurredAt\":\"2026-01-15T10:30:00Z\","
            + "\"metadata\":{}}";
    ProducerRecord<byte[], byte[]> r =
        new ProducerRecord<>(
            f.config.eventsTopic(),
            0,
            null,
            "o1".getBytes(StandardCharsets.UTF_8),
            body.getBytes(StandardCharsets.UTF_8));
    r.headers()
        .add(EventHeaders.EVENT_ID, id.getBytes(StandardCharsets.UTF_8))
        .add(EventHeaders.EVENT_TYPE, "order.created".getBytes(StandardCharsets.UTF_8))
        .add(EventHeaders.TENANT_ID, "acme".getBytes(StandardCharsets.UTF_8))
        .add(EventHeaders.OCCURRED_AT, "2026-01-15T10:30:00Z".getBytes(StandardCharsets.UTF_8));
    try {
      RecordMetadata m = events.send(r).get();
      return new Event(id, body, m.offset());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void attempt(String ep, Event e, int n, Instant at, String outcome) {
    attempt(ep, e, n, at, outcome, false);
  }

  /** {@code last}: the worker marked the attempt final (delivered or given up). */
  private static void attempt(String ep, Event e, int n, Instant at, String outcome, boolean last) {
    attempts.send(
        ep,
        ("{\"eventId\":\""
            + e.id
            + "\",\"eventType\":\"order.created\",\"endpointId\":\""
            + ep
            + "\",\"tenantId\":\"acme\",\"attempt\":"
            + n
            + ",\"startedAt\":\""
            + at
            + "\",\"durationMs\":3,"
            + "\"outcome\":\""
            + outcome
            + "\",\"status\":500,\"error\":null,\"responseSnippet\":\"\","
            + "\"disableRequested\":false,\"final\":"
            + last
            + ",\"origin\":{\"topic\":\""
            + f.config.eventsTopic()
            + "\",\"partition\":0,"
            + "\"offset\":"
            + e.offset
            + "}}"));
  }

  private static synchronized List<DeliveryTask> tasksOf(String replayId) {
    for (ConsumerRecord<byte[], byte[]> r : tasks.poll(Duration.ofMillis(500))) {
      seen.add(TaskRecord.decode(r));
    }
    return seen.stream().filter(t -> replayId.equals(t.schedule().replayId())).toList();
  }

  private static DeliveryTask task(String replayId) {
    await().atMost(Duration.ofSeconds(30)).until(() -> !tasksOf(replayId).isEmpty());
    return tasksOf(replayId).get(0);
  }
}
