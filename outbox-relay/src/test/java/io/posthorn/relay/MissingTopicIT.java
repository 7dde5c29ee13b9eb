package io.posthorn.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.posthorn.schema.health.Health;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A topic the relay writes to, deleted while it runs (as when a broker comes back on an empty
 * disk).
 */
class MissingTopicIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private final Logger supervisorLog = (Logger) LoggerFactory.getLogger(RelaySupervisor.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void captureLogs() {
    logged.start();
    supervisorLog.addAppender(logged);
  }

  @AfterEach
  void releaseLogs() {
    supervisorLog.detachAppender(logged);
  }

  @Test
  void
      theEventsTopicDeletedWhileStreaming_isNamedAtError_recreatedAsConfigured_andLaterRowsArriveOnIt()
          throws Exception {
    try (RelayFixture fx = new RelayFixture("topicgone");
        Admin admin = admin(fx)) {
      RecordingRelayListener events = new RecordingRelayListener();
      OutboxRelay relay =
          fx.start(fx.config().heartbeatInterval(Duration.ofMillis(500)).build(), events);
      await().atMost(WAIT).until(() -> relay.health().isReady() && events.heartbeats.get() > 0);
      fx.insert(5);
      fx.eventIds(5, WAIT);

      admin.deleteTopics(List.of(fx.name + ".events")).all().get();

      await()
          .atMost(WAIT)
          .until(
              () ->
                  errors().stream()
                      .anyMatch(m -> m.contains("topic " + fx.name + ".events is missing")));
      assertThat(errors())
          .anySatisfy(
              m -> assertThat(m).contains("recreating " + fx.name + ".events (3 partitions"));
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(events.restarts)
                      .anySatisfy(
                          why ->
                              assertThat(why)
                                  .isEqualTo(
                                      new EngineRestart.TopicMissing(
                                          List.of(fx.name + ".events")))));
      List<UUID> after = fx.insert(10);
      await().atMost(WAIT).until(() -> relay.health().isReady());

      assertThat(fx.eventIds(10, WAIT)).containsAll(after.stream().map(UUID::toString).toList());
      TopicDescription recreated =
          admin
              .describeTopics(List.of(fx.name + ".events"))
              .allTopicNames()
              .get()
              .get(fx.name + ".events");
      assertThat(recreated.partitions()).hasSize(3);
    }
  }

  @Test
  void theEventsTopicDeletedWhileStreaming_withCreateOff_failsTheRelayNamingTheTopic()
      throws Exception {
    try (RelayFixture fx = new RelayFixture("topicgoneoff");
        Admin admin = admin(fx)) {
      try (RelayTopicSetup topics = new RelayTopicSetup(fx.config().build())) {
        topics.ensure();
      }
      RecordingRelayListener events = new RecordingRelayListener();
      OutboxRelay relay = fx.start(fx.config().topicCreate(false).build(), events);
      await().atMost(WAIT).until(() -> relay.health().isReady());

      admin.deleteTopics(List.of(fx.name + ".events")).all().get();

      await().atMost(WAIT).until(() -> relay.health().isFailed());
      Health failed = relay.health();
      assertThat(failed.detail())
          .contains("topic " + fx.name + ".events is missing on Kafka")
          .contains("relay.topic.create is false");
      assertThat(events.stoppedWith.get()).isInstanceOf(RelayGaveUpException.class);
      assertThat(errors()).anySatisfy(m -> assertThat(m).contains(fx.name + ".events is missing"));
    }
  }

  @Test
  void aMissingTopicAtStart_withCreateOff_failsTheStartNamingIt() {
    try (RelayFixture fx = new RelayFixture("topicnone")) {
      RelayConfig config = fx.config().topicCreate(false).build();

      assertThatThrownBy(() -> fx.start(config, RelayListener.NONE))
          .isInstanceOf(RelayException.class)
          .hasMessageStartingWith(
              "topics "
                  + fx.name
                  + ".events, "
                  + fx.name
                  + ".events.invalid, "
                  + fx.name
                  + ".offsets are missing on Kafka and relay.topic.create is false");
    }
  }

  private List<String> errors() {
    return logged.list.stream()
        .filter(e -> e.getLevel() == Level.ERROR)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  private static Admin admin(RelayFixture fx) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, fx.stack.kafka().bootstrapServers()));
  }
}
