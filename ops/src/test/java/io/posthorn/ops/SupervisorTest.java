package io.posthorn.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.posthorn.schema.health.Health;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SupervisorTest {
  private final AtomicReference<Health> health =
      new AtomicReference<>(Health.starting("waiting for the lease"));
  private final List<Integer> exits = new CopyOnWriteArrayList<>();
  private final Supervisor supervisor = new Supervisor("relay on slot s", health::get, exits::add);
  private final Logger log = (Logger) LoggerFactory.getLogger(Supervisor.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void captureLogs() {
    logged.start();
    log.addAppender(logged);
  }

  @AfterEach
  void releaseLogs() {
    log.detachAppender(logged);
  }

  @Test
  void startingAndReadyAreLeftAlone() {
    assertThat(supervisor.check()).isFalse();
    health.set(Health.ready());
    assertThat(supervisor.check()).isFalse();

    assertThat(exits).isEmpty();
    assertThat(logged.list).isEmpty();
  }

  @Test
  void aFailedComponentIsLoggedAtErrorWithItsDetail_andExitsWithStatus1_once() {
    health.set(Health.failed("relay on slot s stopped: topic posthorn.events is missing on Kafka"));

    assertThat(supervisor.check()).isTrue();
    assertThat(supervisor.check()).isFalse();

    assertThat(exits).containsExactly(1);
    assertThat(logged.list)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getLevel()).isEqualTo(Level.ERROR);
              assertThat(e.getFormattedMessage())
                  .isEqualTo(
                      "relay on slot s failed: relay on slot s stopped: topic"
                          + " posthorn.events is missing on Kafka; exiting with status 1");
            });
  }

  @Test
  void onceStartedItPollsEverySecond() {
    supervisor.start();
    health.set(Health.failed("consume loop posthorn-worker-events died"));

    await().atMost(Duration.ofSeconds(10)).until(() -> !exits.isEmpty());
    supervisor.close();
    assertThat(exits).containsExactly(1);
  }

  @Test
  void aHealthThatCannotBeReadCountsAsFailed() {
    Supervisor broken =
        new Supervisor(
            "worker",
            () -> {
              throw new IllegalStateException("boom");
            },
            exits::add);

    assertThat(broken.check()).isTrue();
    assertThat(exits).containsExactly(1);
    assertThat(logged.list.get(0).getFormattedMessage())
        .contains("its health could not be read")
        .contains("IllegalStateException: boom");
  }

  @Test
  void afterCloseAFailureNoLongerExits_aCleanStopIsUnderWay() {
    supervisor.close();
    health.set(Health.failed("consume loop died"));

    assertThat(supervisor.check()).isFalse();
    assertThat(exits).isEmpty();
  }
}
