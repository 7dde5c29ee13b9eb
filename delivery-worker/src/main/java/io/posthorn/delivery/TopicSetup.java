package io.posthorn.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics the worker reads and writes when they do not exist yet: the endpoints topic
 * compacted (it is a table), the dead-letter and invalid-events topics with unlimited retention (nothing
 * may leave them except by people), the rest with the broker's default retention, which must exceed
 * the ladder's longest step.
 */
final class TopicSetup {
  private TopicSetup() {}

  static void ensure(WorkerConfig config) {
    List<NewTopic> topics = new ArrayList<>();
    topics.add(topic(config, config.endpointsTopic())
        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    topics.add(topic(config, config.attemptsTopic()));
    config.taskTopics().forEach(t -> topics.add(topic(config, t)));
    topics.add(topic(config, config.invalidTopic()).configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")));
    topics.add(topic(config, config.deadLetterTopic()).configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")));
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
      for (var entry : admin.createTopics(topics).values().entrySet()) {
        try {
          entry.getValue().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new DeliveryException("creating topic " + entry.getKey() + " on " + config.bootstrapServers(),
                e.getCause());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException("interrupted while creating topics", e);
    }
  }

  private static NewTopic topic(WorkerConfig config, String name) {
    return new NewTopic(name, config.topicPartitions(), config.topicReplicationFactor());
  }
}
