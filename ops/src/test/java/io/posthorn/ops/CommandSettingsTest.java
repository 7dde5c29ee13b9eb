package io.posthorn.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posthorn.delivery.WorkerSettings;
import io.posthorn.relay.RelaySettings;
import io.posthorn.schema.endpoint.SecretSeal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandSettingsTest {
  private static final String RELAY =
      "relay.database.url=jdbc:postgresql://db:5432/shop\n"
          + "relay.database.user=relay\n"
          + "relay.database.password=pa55word-in-file\n"
          + "relay.kafka.bootstrap-servers=k:9092\n"
          + "relay.topic.replication-factor=3\n";

  @TempDir Path dir;

  @Test
  void aMistypedVariableFailsTheStartNamingItAndTheRealOne() throws Exception {
    Path file = write(RELAY);

    assertThatThrownBy(
            () ->
                CommandSettings.load(
                    file,
                    Map.of("POSTHORN_RELAY_BATCHSIZE", "100"),
                    List.of(RelaySettings.DEFINITION)))
        .hasMessage(
            "environment variable POSTHORN_RELAY_BATCHSIZE is not a Posthorn setting (did you mean"
                + " POSTHORN_RELAY_BATCH_SIZE?)");
  }

  @Test
  void anotherComponentsVariableIsAccepted_anotherComponentsKeyInTheFileIsNot() throws Exception {
    Path relayFile = write(RELAY);
    CommandSettings.load(
        relayFile,
        Map.of("POSTHORN_WORKER_SECRET_KEY", "x", "POSTHORN_LOG_LEVEL", "DEBUG"),
        List.of(RelaySettings.DEFINITION, MetricsEndpoint.DEFINITION));

    Path mixed = write(RELAY + "worker.group-id=g\n");
    assertThatThrownBy(
            () ->
                CommandSettings.load(
                    mixed, Map.of(), List.of(RelaySettings.DEFINITION, MetricsEndpoint.DEFINITION)))
        .hasMessageStartingWith("worker.group-id in " + mixed)
        .hasMessageContaining("is not a known key");
    CommandSettings.load(mixed, Map.of(), CommandSettings.ALL);
  }

  @Test
  void relayCheckPrintsEverySettingWithItsOrigin_andHidesThePassword() throws Exception {
    PosthornCli.Result r = PosthornCli.run("relay", "--config", write(RELAY).toString(), "--check");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("relay settings are valid")
        .contains("relay.topic.partitions = 12  (default)")
        .contains("relay.topic.replication-factor = 3  (file " + dir.resolve("c.properties") + ")")
        .contains("relay.capture.endpoint-feed = false  (default)")
        .contains("relay.database.password = [hidden]  (file ")
        .contains("metrics.port = (unset)  (default)")
        .doesNotContain("pa55word-in-file");
    for (String key : RelaySettings.DEFINITION.names()) {
      assertThat(r.out()).contains("  " + key + " = ");
    }
  }

  @Test
  void workerCheckPrintsEverySettingWithItsOrigin_andHidesTheSecretKey() throws Exception {
    String key = SecretSeal.generateMasterKey();
    Path file = write("worker.kafka.bootstrap-servers=k:9092\nworker.secret-key=" + key + "\n");

    PosthornCli.Result r = PosthornCli.run("worker", "--config", file.toString(), "--check");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("worker settings are valid: consuming posthorn.events as group posthorn-delivery")
        .contains("worker.secret-key = [hidden]  (file " + file + ")")
        .contains("worker.topic.replication-factor = (unset)  (default)")
        .contains("worker.retry.ladder = 1m,5m,30m,2h,24h  (default)")
        .doesNotContain(key);
    for (String k : WorkerSettings.DEFINITION.names()) {
      assertThat(r.out()).contains("  " + k + " = ");
    }
  }

  @Test
  void checkRefusesAnUnknownKeyNamingTheNearestOne() throws Exception {
    PosthornCli.Result r =
        PosthornCli.run(
            "relay", "--config", write(RELAY + "relay.batchsize=5\n").toString(), "--check");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("relay.batchsize in ").contains("did you mean relay.batch-size?");
  }

  private Path write(String text) throws Exception {
    return Files.writeString(dir.resolve("c.properties"), text);
  }
}
