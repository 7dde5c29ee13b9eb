package io.posthorn.relay;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the topics the relay writes to, when they do not exist yet. */
final class TopicSetup {
  private TopicSetup() {}

  static void ensure(RelayConfig config) {
    List<NewTopic> topics =
        List.of(config.eventsTopic(), config.invalidTopic()).stream()
            .map(t -> new NewTopic(t, config.topicPartitions(), config.topicReplicationFactor()))
            .toList();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
      for (var entry : admin.createTopics(topics).values().entrySet()) {
        try {
          entry.getValue().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new RelayException("creating topic " + entry.getKey() + " on " + config.bootstrapServers(), e.getCause());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RelayException("interrupted while creating topics", e);
    }
  }
}
