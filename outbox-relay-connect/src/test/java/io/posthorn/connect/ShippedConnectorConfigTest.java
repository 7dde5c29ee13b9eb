package io.posthorn.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.connect.converters.ByteArrayConverter;
import org.junit.jupiter.api.Test;

/** The connector config in ops/connect/ is the one the README documents and the IT runs. */
class ShippedConnectorConfigTest {
  private static final Path OPS_CONNECT = Path.of("..", "ops", "connect");

  @Test
  void everyKeyIsDocumented_andTheTransformsBytesReachKafkaUnchanged() throws IOException {
    Map<String, String> config =
        new ObjectMapper()
            .readValue(
                OPS_CONNECT.resolve("posthorn-outbox-relay.json").toFile(),
                new TypeReference<Map<String, String>>() {});
    String readme = Files.readString(OPS_CONNECT.resolve("README.md"));

    assertThat(config.keySet())
        .allSatisfy(
            key ->
                assertThat(readme)
                    .as("ops/connect/README.md documents " + key)
                    .contains("`" + key + "`"));
    assertThat(config)
        .containsEntry("transforms.posthorn.type", OutboxRouter.class.getName())
        .containsEntry("key.converter", ByteArrayConverter.class.getName())
        .containsEntry("value.converter", ByteArrayConverter.class.getName())
        .containsEntry("header.converter", ByteArrayConverter.class.getName())
        .containsEntry("snapshot.mode", "no_data")
        .containsEntry("slot.drop.on.stop", "false");
  }
}
