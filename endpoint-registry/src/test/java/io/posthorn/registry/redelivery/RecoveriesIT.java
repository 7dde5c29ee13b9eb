package io.posthorn.registry.redelivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.devstack.DevStack;
import io.posthorn.devstack.ManualClock;
import io.posthorn.registry.RegistrySchema;
import io.posthorn.registry.attempt.AttemptLog;
import io.posthorn.schema.EventHeaders;
import io.posthorn.schema.endpoint.SecretSeal;
import io.posthorn.schema.task.DeliveryTask;
import io.posthorn.schema.task.TaskRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Recover jobs with several registry instances on one database (decision 0019): a job belongs to
 * its instance while the lease holds, moves to another when it runs out, and continues from the
 * position saved after each page.
 */
@Timeout(90)
class RecoveriesIT {
  private static final String EP = "ep_recover";
  private static final int PAGE = 2;

  private final DevStack stack = DevStack.shared();
  private final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private String name;
  private Jdbi jdbi;
  private KafkaProducer<byte[], byte[]> events;
  private KafkaConsumer<byte[], byte[]> tasks;

  @BeforeEach
  void start() {
    name = stack.postgres().createDatabase("recoveries");
    DataSource db = stack.postgres().dataSource(name);
    RegistrySchema.migrate(db, SecretSeal.fromBase64(SecretSeal.generateMasterKey()));
    jdbi = Jdbi.create(db);
    stack.kafka().createTopics(Map.of(name + ".events", 1, name + ".redeliveries", 1));
    events =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", stack.kafka().bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    tasks = consumer();
    tasks.assign(List.of(new TopicPartition(name + ".redeliveries", 0)));
    tasks.seekToBeginning(tasks.assignment());
    jdbi.useHandle(
        h ->
            h.execute(
                "INSERT INTO posthorn_registry.endpoints (id, url, event_types, timeout_ms,"
                    + " max_in_flight, rate_limit_per_second, created_at, updated_at) VALUES (?, 'https://hooks.example/in',"
                    + " '[\"*\"]', 3000, 100, 0, now(), now())",
                EP));
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : toClose.reversed()) {
      c.close();
    }
    tasks.close();
    events.close();
  }

  @Test
  void aLiveInstancesJobIsLeftAlone_thenTakenOverWhenItsLeaseRunsOut_andContinuedFromItsPosition() {
    Instant since = clock.instant().minusSeconds(60);
    List<String> given = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      given.add(givenUp(since.plusSeconds(i)));
    }
    long secondId =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT id FROM posthorn_registry.attempts WHERE event_id = ?")
                    .bind(0, given.get(1))
                    .mapTo(Long.class)
                    .one());
    // Instance "a" began the job, sent the first page (two events), and holds its lease 30 s more.
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO posthorn_registry.recoveries (id, endpoint_id, since, until_at,"
                        + " state, total, sent, created_at, owner, lease_until, after_start, after_id) VALUES ('rc_job', :ep,"
                        + " :since, :until, 'running', 5, 2, :until, 'a', :lease, :afterStart, :afterId)")
                .bind("ep", EP)
                .bind("since", since)
                .bind("until", clock.instant())
                .bind("lease", clock.instant().plusSeconds(30))
                .bind("afterStart", since.plusSeconds(1))
                .bind("afterId", secondId)
                .execute());
    Recoveries b = recoveries("b");

    b.maintain();
    assertThat(job("rc_job").owner()).isEqualTo("a");
    assertThat(job("rc_job").state()).isEqualTo("running");

    clock.advance(Duration.ofSeconds(30).plusMillis(1));
    b.maintain();

    await().atMost(Duration.ofSeconds(30)).until(() -> job("rc_job").state().equals("done"));
    Job done = job("rc_job");
    assertThat(done.owner()).isEqualTo("b");
    assertThat(done.total()).isEqualTo(5);
    assertThat(done.sent()).isEqualTo(5);
    assertThat(sentAgain("rc_job", 3)).containsExactlyElementsOf(given.subList(2, 5));
  }

  @Test
  void aJobWalksEveryPageOldestFirst_andAStopLeavesItForAnotherInstanceAtOnce() {
    Instant since = clock.instant().minusSeconds(60);
    List<String> given = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      given.add(givenUp(since.plusSeconds(i)));
    }
    Recoveries a = recoveries("a");

    Recovery started = a.begin(EP, null, since);

    await().atMost(Duration.ofSeconds(30)).until(() -> job(started.id()).state().equals("done"));
    assertThat(job(started.id()).total()).isEqualTo(5);
    assertThat(job(started.id()).sent()).isEqualTo(5);
    assertThat(sentAgain(started.id(), 5)).containsExactlyElementsOf(given);

    jdbi.useHandle(
        h ->
            h.execute(
                "INSERT INTO posthorn_registry.recoveries (id, endpoint_id, since, until_at, state,"
                    + " created_at, owner, lease_until) VALUES ('rc_left', ?, ?, ?, 'running', ?, 'a', ?)",
                EP,
                java.sql.Timestamp.from(since),
                java.sql.Timestamp.from(clock.instant()),
                java.sql.Timestamp.from(clock.instant()),
                java.sql.Timestamp.from(clock.instant().plusSeconds(30))));
    a.close();
    recoveries("c").maintain();

    await().atMost(Duration.ofSeconds(30)).until(() -> job("rc_left").state().equals("done"));
    assertThat(job("rc_left").owner()).isEqualTo("c");
    assertThat(sentAgain("rc_left", 5)).containsExactlyElementsOf(given);
  }

  @Test
  void anInstanceThatLostItsJobStopsAtItsNextPage_andNeverOverwritesTheNewOwnersProgress() {
    Instant since = clock.instant().minusSeconds(60);
    for (int i = 0; i < 4; i++) {
      givenUp(since.plusSeconds(i));
    }
    MockProducer<byte[], byte[]> hung =
        new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    Recoveries a = recoveries("a", hung);
    String id = a.begin(EP, null, since).id();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> hung.history().size() == 1); // "a" hangs on its first send

    clock.advance(Duration.ofSeconds(30).plusMillis(1));
    recoveries("b").maintain();
    await().atMost(Duration.ofSeconds(30)).until(() -> job(id).state().equals("done"));
    assertThat(job(id).owner()).isEqualTo("b");
    assertThat(job(id).sent()).isEqualTo(4);

    hung.completeNext(); // "a" wakes up and finishes its page
    await().atMost(Duration.ofSeconds(10)).until(() -> hung.history().size() == 2);
    hung.completeNext();

    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> hung.history().size() == 2 && job(id).equals(new Job("done", "b", 4, 4)));
  }

  private Recoveries recoveries(String instance) {
    return recoveries(
        instance,
        new KafkaProducer<>(
            Map.of("bootstrap.servers", stack.kafka().bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer()));
  }

  private Recoveries recoveries(String instance, Producer<byte[], byte[]> producer) {
    Redeliveries redeliveries =
        new Redeliveries(producer, consumer(), name + ".events", name + ".redeliveries", clock);
    Recoveries r =
        new Recoveries(
            jdbi,
            new AttemptLog(jdbi),
            redeliveries,
            clock,
            instance,
            Duration.ofSeconds(30),
            PAGE);
    toClose.add(redeliveries);
    toClose.add(r);
    return r;
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            stack.kafka().bootstrapServers(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  private record Job(String state, String owner, int total, int sent) {}

  private Job job(String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT state, owner, total, sent FROM posthorn_registry.recoveries"
                        + " WHERE id = ?")
                .bind(0, id)
                .map(
                    (rs, ctx) ->
                        new Job(
                            rs.getString("state"),
                            rs.getString("owner"),
                            rs.getInt("total"),
                            rs.getInt("sent")))
                .one());
  }

  /**
   * An event on the events topic and a final failed attempt of it, started at {@code at}; returns
   * its id.
   */
  private String givenUp(Instant at) {
    String id = UUID.randomUUID().toString();
    ProducerRecord<byte[], byte[]> r =
        new ProducerRecord<>(
            name + ".events",
            0,
            null,
            null,
            ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
    r.headers()
        .add(EventHeaders.EVENT_ID, id.getBytes(StandardCharsets.UTF_8))
        .add(EventHeaders.OCCURRED_AT, at.toString().getBytes(StandardCharsets.UTF_8));
    long offset;
    try {
      offset = events.send(r).get().offset();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    jdbi.useHandle(
        h ->
            h.execute(
                "INSERT INTO posthorn_registry.attempts (endpoint_id, event_id, event_type, attempt,"
                    + " started_at, duration_ms, outcome, status, origin_topic, origin_partition, origin_offset, is_final)"
                    + " VALUES (?, ?, 'order.created', 6, ?, 5, 'failed', 503, ?, 0, ?, true)",
                EP,
                id,
                java.sql.Timestamp.from(at),
                name + ".events",
                offset));
    return id;
  }

  private final List<DeliveryTask> seen = new ArrayList<>();

  /** The events the job wrote redeliveries for, in order, once there are {@code expected}. */
  private List<String> sentAgain(String jobId, int expected) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              for (ConsumerRecord<byte[], byte[]> r : tasks.poll(Duration.ofMillis(200))) {
                seen.add(TaskRecord.decode(r));
              }
              return seen.stream().filter(t -> jobId.equals(t.schedule().replayId())).count()
                  >= expected;
            });
    return seen.stream()
        .filter(t -> jobId.equals(t.schedule().replayId()))
        .map(DeliveryTask::eventId)
        .toList();
  }
}
