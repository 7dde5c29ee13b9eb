package io.posthorn.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the topics the relay writes to, when they do not exist yet (the endpoints topic compacted). */
final class TopicSetup {
  private TopicSetup() {}

  static void ensure(RelayConfig config) {
    List<NewTopic> topics = new ArrayList<>();
    for (String t : List.of(config.eventsTopic(), config.invalidTopic())) {
      topics.add(new NewTopic(t, config.topicPartitions(), config.topicReplicationFactor()));
    }
    if (config.captureEndpointFeed()) { // a table, not a log: compacted, the latest document per endpoint
      topics.add(new NewTopic(config.endpointsTopic(), config.topicPartitions(), config.topicReplicationFactor())
          .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    }
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
