package io.posthorn.delivery;

import io.posthorn.delivery.dispatch.ConnectionPooling;
import io.posthorn.delivery.dispatch.EgressProxy;
import io.posthorn.delivery.retry.RetryLadder;
import io.posthorn.delivery.signing.SigningSecretSeal;
import io.posthorn.schema.config.InvalidSettingException;
import io.posthorn.schema.config.ParsedSettings;
import io.posthorn.schema.config.Settings;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The worker's config keys ({@link #DEFINITION}: type, default, rule and meaning of each) and how
 * flat settings (a config file with environment overrides) become a {@link WorkerConfig}. Every key
 * is optional except the bootstrap servers and the secret key; an unknown {@code worker.*} key or
 * an unreadable value fails naming the key. The README table and ops/config/worker.properties are
 * generated from the definition.
 */
public final class WorkerSettings {
  /** Every {@code worker.*} key, in the order the docs list them. */
  public static final ConfigDef DEFINITION = WorkerConfigKeys.definition();

  private WorkerSettings() {}

  /** From flat settings already merged (no environment); messages name the key. */
  public static WorkerConfig parse(Map<String, String> settings) {
    return parse(Settings.of(settings));
  }

  /**
   * From a process's settings.
   *
   * @throws WorkerConfigException naming the key
   */
  public static WorkerConfig parse(Settings settings) {
    ParsedSettings s;
    try {
      s = settings.parse(DEFINITION, "worker.");
    } catch (InvalidSettingException e) {
      throw new WorkerConfigException(e.getMessage());
    }
    SigningSecretSeal seal;
    try {
      seal = SigningSecretSeal.fromBase64(s.secret("worker.secret-key"));
    } catch (IllegalArgumentException e) {
      throw new WorkerConfigException("worker.secret-key " + e.getMessage());
    }
    WorkerConfig.Builder b =
        WorkerConfig.builder(s.getString("worker.kafka.bootstrap-servers"), seal)
            .groupId(s.getString("worker.group-id"))
            .eventsTopic(s.getString("worker.topic.events"))
            .endpointsTopic(s.getString("worker.topic.endpoints"))
            .attemptsTopic(s.getString("worker.topic.attempts"))
            .retryTopicPrefix(s.getString("worker.topic.retry-prefix"))
            .deadLetterTopic(s.getString("worker.topic.dlq"))
            .redeliveriesTopic(s.getString("worker.topic.redeliveries"))
            .invalidTopic(s.getString("worker.topic.invalid"))
            .topicCreate(s.getBoolean("worker.topic.create"))
            .topicCheckInterval(s.duration("worker.topic.check-interval"))
            .topicPartitions(s.getInt("worker.topic.partitions"))
            .retryRetention(s.duration("worker.topic.retry-retention"))
            .circuitFailureThreshold(s.getInt("worker.circuit.failure-threshold"))
            .circuitCoolDown(s.duration("worker.circuit.cool-down"))
            .circuitMaxHolds(s.getInt("worker.circuit.max-holds"))
            .pacingMaxWait(s.duration("worker.pacing.max-wait"))
            .pacingMaxQueued(s.getInt("worker.pacing.max-queued"))
            .maxInFlight(s.getInt("worker.max-in-flight"))
            .maxPollRecords(s.getInt("worker.max-poll-records"))
            .commitInterval(s.duration("worker.commit-interval"))
            .allowPrivateNetworks(s.getBoolean("worker.network.allow-private"))
            .handoverGiveUpAfter(s.duration("worker.handover.give-up-after"))
            .startupTimeout(s.duration("worker.startup-timeout"))
            .connectionPooling(
                s.getString("worker.http.connection-pool").equals("shared")
                    ? ConnectionPooling.SHARED
                    : ConnectionPooling.PER_ORIGIN);
    Integer replication = s.getInt("worker.topic.replication-factor");
    if (replication != null) {
      b.topicReplicationFactor(replication.shortValue());
    }
    if (s.isSet("worker.retry.retry-after-max")) {
      b.retryAfterCap(s.duration("worker.retry.retry-after-max"));
    }
    String dlqRetention = s.getString("worker.topic.dlq-retention");
    b.deadLetterRetention(
        dlqRetention.equals("unlimited")
            ? Optional.empty()
            : Optional.of(s.duration("worker.topic.dlq-retention")));
    b.egressProxy(proxy(s));
    try {
      b.retryLadder(RetryLadder.parse(s.getString("worker.retry.ladder")));
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      throw new WorkerConfigException("worker.retry.ladder" + (m.startsWith("[") ? "" : " ") + m);
    }
    return b.build();
  }

  /** The proxy keys together: credentials only with a proxy, a user only with a password. */
  private static EgressProxy proxy(ParsedSettings s) {
    String url = s.getString("worker.http.proxy");
    String user = s.getString("worker.http.proxy-user");
    String password = s.secret("worker.http.proxy-password");
    if (url == null || url.isBlank()) {
      if (user != null || password != null) {
        throw new WorkerConfigException(
            (user != null ? "worker.http.proxy-user" : "worker.http.proxy-password")
                + " is set without worker.http.proxy");
      }
      return null;
    }
    EgressProxy proxy;
    try {
      proxy = EgressProxy.parse(url);
    } catch (IllegalArgumentException e) {
      throw new WorkerConfigException("worker.http.proxy " + e.getMessage());
    }
    if (user == null && password == null) {
      return proxy;
    }
    if (user == null || user.isBlank()) {
      throw new WorkerConfigException(
          "worker.http.proxy-user must be set with worker.http.proxy-password");
    }
    if (password == null) {
      throw new WorkerConfigException(
          "worker.http.proxy-password must be set with worker.http.proxy-user"
              + " (or POSTHORN_WORKER_HTTP_PROXY_PASSWORD)");
    }
    return proxy.withCredentials(user.strip(), password);
  }
}
