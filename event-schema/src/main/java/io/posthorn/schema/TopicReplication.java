package io.posthorn.schema;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How many copies of a topic Posthorn asks Kafka to keep when it creates one, and how many must
 * acknowledge a write (see docs/decisions/0051-topic-replication-from-the-cluster-size.md).
 *
 * <p>Unless a component's {@code *.topic.replication-factor} is set, the factor follows the
 * cluster: {@value #RECOMMENDED_FACTOR} on a cluster of {@value #RECOMMENDED_FACTOR} brokers or
 * more, else one per broker (1 on a single broker, as in development). Whenever the factor is
 * {@value #RECOMMENDED_FACTOR} or more, the topic gets {@code min.insync.replicas} {@value
 * #MIN_IN_SYNC}: with the producers' {@code acks=all}, a write survives the loss of any one broker,
 * and the topic stays writable while one broker is down. Below that, the broker's {@code
 * min.insync.replicas} applies.
 *
 * @param factor the replication factor to create topics with
 * @param minInSync the topic's {@code min.insync.replicas}, or empty for the broker's
 */
public record TopicReplication(short factor, Optional<Integer> minInSync) {
  public static final short RECOMMENDED_FACTOR = 3;
  public static final int MIN_IN_SYNC = 2;

  public TopicReplication {
    if (factor < 1) {
      throw new IllegalArgumentException("replication factor must be at least 1, got " + factor);
    }
  }

  /** The configured factor if there is one, else the cluster's share of the recommendation. */
  public static TopicReplication choose(Optional<Short> configured, int brokers) {
    short factor = configured.orElse((short) Math.max(1, Math.min(RECOMMENDED_FACTOR, brokers)));
    return new TopicReplication(
        factor, factor >= RECOMMENDED_FACTOR ? Optional.of(MIN_IN_SYNC) : Optional.empty());
  }

  /**
   * {@link #choose} for the cluster behind {@code admin}, counting its brokers; asks nothing when a
   * factor is configured.
   */
  public static TopicReplication forCluster(
      Admin admin, Optional<Short> configured, Duration timeout) {
    if (configured.isPresent()) {
      return choose(configured, 0);
    }
    try {
      int brokers =
          admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
      return choose(configured, brokers);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "counting the brokers to choose a replication factor",
          e instanceof ExecutionException ? e.getCause() : e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted counting the brokers", e);
    }
  }

  /** A topic with this replication, its other settings {@code configs}. */
  public NewTopic newTopic(String name, int partitions, Map<String, String> configs) {
    Map<String, String> all = new HashMap<>(configs);
    minInSync.ifPresent(n -> all.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(n)));
    NewTopic topic = new NewTopic(name, partitions, factor);
    return all.isEmpty() ? topic : topic.configs(all);
  }

  @Override
  public String toString() {
    return "replication factor "
        + factor
        + minInSync.map(n -> ", min.insync.replicas " + n).orElse("");
  }
}
