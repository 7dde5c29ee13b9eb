package io.posthorn.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posthorn.delivery.WorkerConfig;
import io.posthorn.devstack.DevStack;
import io.posthorn.relay.RelayConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layouts {@link LocalPipeline} builds on one stack, before anything starts. */
class LocalPipelineIT {
  @Test
  void isolatedPipelines_nameEveryTopicSlotAndGroupAfterTheirOwnDatabase() {
    try (LocalPipeline a = LocalPipeline.on(DevStack.shared()).isolated("lp").build();
        LocalPipeline b = LocalPipeline.on(DevStack.shared()).isolated("lp").build()) {
      assertThat(a.database()).isNotEqualTo(b.database());
      for (LocalPipeline p : List.of(a, b)) {
        assertThat(topics(p)).allMatch(t -> t.startsWith(p.database() + "."));
        assertThat(p.relayConfig().slotName()).isEqualTo("slot_" + p.database());
        assertThat(p.workerConfig().groupId()).isEqualTo(p.database() + "-workers");
        assertThat(p.relayConfig().eventsTopic()).isEqualTo(p.workerConfig().eventsTopic());
        assertThat(p.relayConfig().endpointsTopic()).isEqualTo(p.workerConfig().endpointsTopic());
      }
      assertThat(topics(a)).doesNotContainAnyElementsOf(topics(b));
    }
  }

  @Test
  void tuningAppliesAfterTheLayout() {
    try (LocalPipeline p =
        LocalPipeline.on(DevStack.shared())
            .isolated("lp")
            .worker(w -> w.groupId("tuned-workers").maxInFlight(7))
            .relay(r -> r.maxBatchSize(3))
            .build()) {
      assertThat(p.workerConfig().groupId()).isEqualTo("tuned-workers");
      assertThat(p.workerConfig().maxInFlight()).isEqualTo(7);
      assertThat(p.workerConfig().deadLetterTopic()).isEqualTo(p.database() + ".dlq");
      assertThat(p.relayConfig().maxBatchSize()).isEqualTo(3);
    }
  }

  @Test
  void withoutARegistry_theOutboxIsMigratedAndStartingARegistryFails() throws Exception {
    try (LocalPipeline p = LocalPipeline.on(DevStack.shared()).isolated("lp").build();
        var c = p.db().getConnection();
        var rs = c.createStatement().executeQuery("SELECT count(*) FROM posthorn.outbox")) {
      assertThat(rs.next()).isTrue();
      assertThatThrownBy(p::startRegistry)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("without a registry");
    }
  }

  private static List<String> topics(LocalPipeline p) {
    RelayConfig r = p.relayConfig();
    WorkerConfig w = p.workerConfig();
    List<String> all =
        new ArrayList<>(
            List.of(
                r.eventsTopic(),
                r.invalidTopic(),
                r.offsetsTopic(),
                r.endpointsTopic(),
                w.attemptsTopic(),
                w.deadLetterTopic(),
                w.invalidTopic()));
    all.addAll(w.taskTopics());
    return all;
  }
}
