package io.posthorn.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posthorn.delivery.dispatch.ConnectionPooling;
import io.posthorn.delivery.dispatch.EgressProxy;
import io.posthorn.delivery.signing.SigningSecretSeal;
import io.posthorn.schema.config.Settings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerSettingsTest {
  private static Map<String, String> minimal() {
    Map<String, String> s = new HashMap<>();
    s.put("worker.kafka.bootstrap-servers", "kafka:9092");
    s.put("worker.secret-key", SigningSecretSeal.generateMasterKey());
    return s;
  }

  @Test
  void theDefinitionsDefaultsAreTheBuildersDefaults() {
    WorkerConfig parsed = WorkerSettings.parse(minimal());
    WorkerConfig built = WorkerConfig.builder("kafka:9092", parsed.secretSeal()).build();

    assertThat(parsed).usingRecursiveComparison().isEqualTo(built);
  }

  @Test
  void readsEveryTypedValue() {
    Map<String, String> s = minimal();
    s.put("worker.retry.ladder", "100ms,500ms");
    s.put("worker.max-in-flight", "200");
    s.put("worker.network.allow-private", "true");
    s.put("worker.startup-timeout", "5s");

    WorkerConfig c = WorkerSettings.parse(s);

    assertThat(c.retryTopics()).containsExactly("posthorn.retry.100ms", "posthorn.retry.500ms");
    assertThat(c.maxInFlight()).isEqualTo(200);
    assertThat(c.allowPrivateNetworks()).isTrue();
    assertThat(c.startupTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void namesTheKeyOfABadValue() {
    Map<String, String> s = minimal();
    s.put("worker.retry.ladder", "5m,1m");
    assertThatThrownBy(() -> WorkerSettings.parse(s))
        .hasMessage("worker.retry.ladder[1] must be longer than [0], got PT1M");

    Map<String, String> t = minimal();
    t.put("worker.max-in-flight", "lots");
    assertThatThrownBy(() -> WorkerSettings.parse(t))
        .hasMessage("worker.max-in-flight must be an integer, got lots");

    Map<String, String> u = minimal();
    u.put("worker.secret-key", "c2hvcnQ=");
    assertThatThrownBy(() -> WorkerSettings.parse(u))
        .hasMessage(
            "worker.secret-key the master key must be 32 bytes (base64 of 32 random bytes), got 5");
  }

  @Test
  void refusesAReplicationFactorThatDoesNotFitInsteadOfNarrowingIt() {
    Map<String, String> s = minimal();
    s.put("worker.topic.replication-factor", "65537");

    assertThatThrownBy(() -> WorkerSettings.parse(s))
        .hasMessage("worker.topic.replication-factor must be between 1 and 32767, got 65537");

    Map<String, String> t = minimal();
    t.put("worker.max-poll-records", "4294967297");
    assertThatThrownBy(() -> WorkerSettings.parse(t))
        .hasMessage("worker.max-poll-records must be an integer, got 4294967297");
  }

  @Test
  void readsTheCommitIntervalAndNamesTheKeyOfABadOne() {
    assertThat(WorkerSettings.parse(minimal()).commitInterval()).isEqualTo(Duration.ofSeconds(1));

    Map<String, String> s = minimal();
    s.put("worker.commit-interval", "250ms");
    assertThat(WorkerSettings.parse(s).commitInterval()).isEqualTo(Duration.ofMillis(250));

    s.put("worker.commit-interval", "0s");
    assertThatThrownBy(() -> WorkerSettings.parse(s))
        .hasMessage("worker.commit-interval must be between 1 ms and 1 min, got PT0S");
    s.put("worker.commit-interval", "often");
    assertThatThrownBy(() -> WorkerSettings.parse(s))
        .hasMessageStartingWith("worker.commit-interval");
  }

  @Test
  void leavesTheReplicationFactorToTheBrokerUnlessSet() {
    assertThat(WorkerSettings.parse(minimal()).topicReplicationFactor()).isEmpty();

    Map<String, String> s = minimal();
    s.put("worker.topic.replication-factor", "3");
    assertThat(WorkerSettings.parse(s).topicReplicationFactor()).contains((short) 3);
  }

  @Test
  void readsTheTopicSettings() {
    Map<String, String> s = minimal();
    s.put("worker.topic.create", "false");
    s.put("worker.topic.check-interval", "5s");
    s.put("worker.topic.retry-retention", "3d");
    s.put("worker.topic.dlq-retention", "90d");
    s.put("worker.handover.give-up-after", "2m");

    WorkerConfig c = WorkerSettings.parse(s);

    assertThat(c.topicCreate()).isFalse();
    assertThat(c.topicCheckInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.retryRetention()).isEqualTo(Duration.ofDays(3));
    assertThat(c.deadLetterRetention()).contains(Duration.ofDays(90));
    assertThat(c.handoverGiveUpAfter()).isEqualTo(Duration.ofMinutes(2));
    s.put("worker.topic.dlq-retention", "unlimited");
    assertThat(WorkerSettings.parse(s).deadLetterRetention()).isEmpty();
  }

  @Test
  void refusesATierRetentionNoLongerThanTheLongestStep() {
    Map<String, String> s = minimal();
    s.put("worker.retry.ladder", "1m,1d");
    s.put("worker.topic.retry-retention", "1d");

    assertThatThrownBy(() -> WorkerSettings.parse(s))
        .hasMessage(
            "worker.topic.retry-retention must be longer than the ladder's longest step (PT24H), got PT24H");
  }

  @Test
  void namesTheRealEnvironmentVariableOfAMissingSecretKey() {
    Map<String, String> s = minimal();
    s.remove("worker.secret-key");

    assertThatThrownBy(() -> WorkerSettings.parse(s))
        .hasMessage("worker.secret-key must be set (or POSTHORN_WORKER_SECRET_KEY)");
  }

  @Test
  void readsThePacingAndHoldSettingsAndNamesTheKeyOfABadOne() {
    Map<String, String> s = minimal();
    s.put("worker.pacing.max-wait", "45s");
    s.put("worker.pacing.max-queued", "2500");
    s.put("worker.circuit.max-holds", "5");

    WorkerConfig c = WorkerSettings.parse(s);

    assertThat(c.pacingMaxWait()).isEqualTo(Duration.ofSeconds(45));
    assertThat(c.pacingMaxQueued()).isEqualTo(2500);
    assertThat(c.circuitMaxHolds()).isEqualTo(5);
    assertThat(WorkerSettings.parse(minimal()))
        .satisfies(
            d -> {
              assertThat(d.pacingMaxWait()).isEqualTo(Duration.ofSeconds(60));
              assertThat(d.pacingMaxQueued()).isEqualTo(10_000);
              assertThat(d.circuitMaxHolds()).isEqualTo(3);
            });

    Map<String, String> t = minimal();
    t.put("worker.pacing.max-wait", "2h");
    assertThatThrownBy(() -> WorkerSettings.parse(t))
        .hasMessage(
            "worker.pacing.max-wait must be between 0 s (never wait: park at once) and 1 h, got PT2H");
    Map<String, String> u = minimal();
    u.put("worker.pacing.max-queued", "-1");
    assertThatThrownBy(() -> WorkerSettings.parse(u))
        .hasMessage("worker.pacing.max-queued must be between 0 (never wait) and 1000000, got -1");
    Map<String, String> v = minimal();
    v.put("worker.circuit.max-holds", "0");
    assertThatThrownBy(() -> WorkerSettings.parse(v))
        .hasMessage("worker.circuit.max-holds must be between 1 and 100, got 0");
  }

  @Test
  void refusesUnknownKeysSoATypoIsNotIgnored() {
    Map<String, String> s = minimal();
    s.put("worker.max-inflight", "10");

    assertThatThrownBy(() -> WorkerSettings.parse(s))
        .hasMessageStartingWith("worker.max-inflight is not a known key");
  }

  @Test
  void requiresTheBootstrapServers() {
    Map<String, String> s = minimal();
    s.remove("worker.kafka.bootstrap-servers");

    assertThatThrownBy(() -> WorkerSettings.parse(s))
        .hasMessage("worker.kafka.bootstrap-servers must be set");
  }

  @Test
  void connectionPoolingIsPerOriginUnlessSetShared() {
    Map<String, String> s = minimal();
    assertThat(WorkerSettings.parse(s).connectionPooling()).isEqualTo(ConnectionPooling.PER_ORIGIN);

    s.put("worker.http.connection-pool", "shared");
    assertThat(WorkerSettings.parse(s).connectionPooling()).isEqualTo(ConnectionPooling.SHARED);

    s.put("worker.http.connection-pool", "per-host");
    assertThatThrownBy(() -> WorkerSettings.parse(s))
        .hasMessage("worker.http.connection-pool must be per-origin or shared, got per-host");
  }

  @Test
  void connectsDirectlyUnlessAProxyIsSet() {
    assertThat(WorkerSettings.parse(minimal()).egressProxy()).isEmpty();
  }

  @Test
  void readsTheProxyAndItsCredentialsWithThePasswordFromTheEnvironment() {
    Map<String, String> s = minimal();
    s.put("worker.http.proxy", "http://egress.internal:3128");
    s.put("worker.http.proxy-user", "posthorn");

    WorkerConfig c =
        WorkerSettings.parse(
            Settings.of(s, Map.of("POSTHORN_WORKER_HTTP_PROXY_PASSWORD", "hunter2-proxy")));

    EgressProxy proxy = c.egressProxy().orElseThrow();
    assertThat(proxy.host()).isEqualTo("egress.internal");
    assertThat(proxy.port()).isEqualTo(3128);
    assertThat(proxy.authenticated()).isTrue();
    assertThat(c.toString())
        .contains("proxy=http://egress.internal:3128 as posthorn")
        .doesNotContain("hunter2-proxy");
  }

  @Test
  void aBadProxyUrlFailsNamingTheKey() {
    Map<String, String> s = minimal();
    s.put("worker.http.proxy", "socks5://egress.internal:1080");
    assertThatThrownBy(() -> WorkerSettings.parse(s))
        .hasMessageStartingWith("worker.http.proxy must be an http://HOST:PORT URL");

    s.put("worker.http.proxy", "http://egress.internal");
    assertThatThrownBy(() -> WorkerSettings.parse(s))
        .hasMessage("worker.http.proxy must name the proxy's port, got http://egress.internal");

    s.put("worker.http.proxy", "http://egress.internal:3128/path");
    assertThatThrownBy(() -> WorkerSettings.parse(s))
        .hasMessageStartingWith("worker.http.proxy must be http://HOST:PORT with no path");

    s.put("worker.http.proxy", "http://posthorn:hunter2@egress.internal:3128");
    assertThatThrownBy(() -> WorkerSettings.parse(s))
        .hasMessage(
            "worker.http.proxy must not carry credentials: set worker.http.proxy-user and"
                + " worker.http.proxy-password")
        .message()
        .doesNotContain("hunter2");
  }

  @Test
  void proxyCredentialsComeInPairsAndOnlyWithAProxy() {
    Map<String, String> s = minimal();
    s.put("worker.http.proxy-user", "posthorn");
    assertThatThrownBy(() -> WorkerSettings.parse(s))
        .hasMessage("worker.http.proxy-user is set without worker.http.proxy");

    s.put("worker.http.proxy", "http://egress.internal:3128");
    assertThatThrownBy(() -> WorkerSettings.parse(s))
        .hasMessage(
            "worker.http.proxy-password must be set with worker.http.proxy-user"
                + " (or POSTHORN_WORKER_HTTP_PROXY_PASSWORD)");

    s.remove("worker.http.proxy-user");
    s.put("worker.http.proxy-password", "hunter2-proxy");
    assertThatThrownBy(() -> WorkerSettings.parse(s))
        .hasMessage("worker.http.proxy-user must be set with worker.http.proxy-password");
  }
}
