package io.posthorn.ops;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where an on-call command finds Kafka, and how long it waits for it. Every client it configures
 * gives up after {@code --timeout}, so an unreachable broker is a one-line error, not a hang.
 */
public final class KafkaOptions {
  private static final Pattern BOOTSTRAP =
      Pattern.compile("^[^\\s,:/]+:\\d{1,5}(,[^\\s,:/]+:\\d{1,5})*$");

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--bootstrap",
      paramLabel = "HOST:PORT",
      defaultValue = "${env:POSTHORN_KAFKA_BOOTSTRAP}",
      description =
          "Kafka bootstrap servers (default: $POSTHORN_KAFKA_BOOTSTRAP, which `posthorn dev"
              + " --print-env` prints).")
  String bootstrap;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "How long to wait for Kafka before giving up (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  /** The bootstrap servers, validated; a usage error when missing or malformed. */
  public String bootstrap() {
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new ParameterException(
          spec.commandLine(),
          "--bootstrap is required (or set POSTHORN_KAFKA_BOOTSTRAP; `posthorn dev --print-env` prints it)");
    }
    if (!BOOTSTRAP.matcher(bootstrap.strip()).matches()) {
      throw new ParameterException(
          spec.commandLine(),
          "--bootstrap must be host:port[,host:port…], got '" + bootstrap + "'");
    }
    return bootstrap.strip();
  }

  public Duration timeout() {
    return timeout;
  }

  /** Client settings every command's consumer, producer and admin share: servers and timeouts. */
  public Map<String, Object> clientConfig() {
    Map<String, Object> c = new HashMap<>();
    int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    c.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, ms);
    c.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    c.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, (long) Math.min(ms, 5000));
    c.put(
        CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG,
        (long) Math.min(ms, 5000));
    c.put(CommonClientConfigs.CLIENT_ID_CONFIG, "posthorn-" + spec.name());
    return c;
  }

  /**
   * The topic's description; fails with a one-line message when Kafka cannot be reached within the
   * timeout or the topic does not exist.
   *
   * @param what what the topic holds, for the message ("the dead-letter topic")
   */
  public TopicDescription requireTopic(String topic, String what) {
    try (Admin admin = Admin.create(clientConfig())) {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .get(topic);
    } catch (TimeoutException e) {
      throw unreachable();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new OpsException(
            what
                + " "
                + topic
                + " does not exist on "
                + bootstrap()
                + " (a worker creates it when it starts)");
      }
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw unreachable();
      }
      throw new OpsException(
          "describing topic " + topic + " on " + bootstrap() + ": " + e.getCause().getMessage());
    } catch (KafkaException e) {
      throw new OpsException(
          "cannot use --bootstrap "
              + bootstrap()
              + ": "
              + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OpsException("interrupted while reaching Kafka at " + bootstrap());
    }
  }

  /** The error for a broker that did not answer within the timeout. */
  public OpsException unreachable() {
    return new OpsException(
        "cannot reach Kafka at "
            + bootstrap()
            + " within "
            + timeout.toSeconds()
            + " s (check --bootstrap; --timeout waits longer)");
  }
}
