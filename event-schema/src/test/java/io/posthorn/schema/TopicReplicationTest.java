package io.posthorn.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TopicReplicationTest {

  @Test
  void unconfigured_followsTheClusterUpToThree_andAsksTwoInSyncOnlyAtThree() {
    assertThat(TopicReplication.choose(Optional.empty(), 1))
        .isEqualTo(new TopicReplication((short) 1, Optional.empty()));
    assertThat(TopicReplication.choose(Optional.empty(), 2))
        .isEqualTo(new TopicReplication((short) 2, Optional.empty()));
    assertThat(TopicReplication.choose(Optional.empty(), 3))
        .isEqualTo(new TopicReplication((short) 3, Optional.of(2)));
    assertThat(TopicReplication.choose(Optional.empty(), 7))
        .isEqualTo(new TopicReplication((short) 3, Optional.of(2)));
  }

  @Test
  void configured_wins_andAFactorOfThreeOrMoreStillAsksTwoInSync() {
    assertThat(TopicReplication.choose(Optional.of((short) 1), 5).factor()).isEqualTo((short) 1);
    assertThat(TopicReplication.choose(Optional.of((short) 1), 5).minInSync()).isEmpty();
    assertThat(TopicReplication.choose(Optional.of((short) 5), 5).minInSync()).contains(2);
  }

  @Test
  void newTopic_addsMinInSyncToTheTopicsOwnSettings() {
    var topic =
        TopicReplication.choose(Optional.empty(), 3)
            .newTopic("t", 4, Map.of("cleanup.policy", "compact"));

    assertThat(topic.replicationFactor()).isEqualTo((short) 3);
    assertThat(topic.configs())
        .containsEntry("cleanup.policy", "compact")
        .containsEntry("min.insync.replicas", "2");
    assertThat(TopicReplication.choose(Optional.empty(), 1).newTopic("t", 4, Map.of()).configs())
        .isNull();
  }
}
