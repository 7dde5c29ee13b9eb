package io.posthorn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posthorn.delivery.DeliveryListener;
import io.posthorn.delivery.DeliveryWorker;
import io.posthorn.delivery.WorkerConfig;
import io.posthorn.delivery.signing.SigningSecretSeal;
import io.posthorn.devstack.DevStack;
import io.posthorn.registry.EndpointRegistry;
import io.posthorn.registry.RegistryConfig;
import io.posthorn.relay.OutboxRelay;
import io.posthorn.relay.RelayConfig;
import io.posthorn.relay.RelayListener;
import io.posthorn.schema.Outbox;
import io.posthorn.schema.OutboxConfig;
import io.posthorn.schema.OutboxEvent;
import io.posthorn.schema.endpoint.SecretSeal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Clock;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * The registry as the workers' source, on {@code DevStack.shared()}: a database of its own holding
 * the registry's tables and outbox, a relay capturing both (events and the endpoint feed), and a
 * worker, every topic named after the database. Products emit into the same outbox. Close it after
 * the test class.
 */
final class RegistryPipeline implements AutoCloseable {
  static final String ADMIN = "phk_e2e_admin_key_0123456789abcdefghijklmnop";
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int PARTITIONS = 4;

  final DataSource db;
  final String masterKey = SecretSeal.generateMasterKey();
  final WorkerConfig workerConfig;
  final EndpointRegistry registry;
  final OutboxRelay relay;
  final DeliveryWorker worker;

  RegistryPipeline(String prefix, UnaryOperator<WorkerConfig.Builder> tuneWorker) {
    this(prefix, tuneWorker, UnaryOperator.identity());
  }

  /**
   * {@code tuneRegistry} applies after the defaults (http and private networks allowed for every
   * tenant).
   */
  RegistryPipeline(
      String prefix,
      UnaryOperator<WorkerConfig.Builder> tuneWorker,
      UnaryOperator<RegistryConfig.Builder> tuneRegistry) {
    DevStack stack = DevStack.shared();
    String name = stack.postgres().createDatabase(prefix);
    db = stack.postgres().dataSource(name);
    String kafka = stack.kafka().bootstrapServers();
    workerConfig =
        tuneWorker
            .apply(
                WorkerConfig.builder(kafka, SigningSecretSeal.fromBase64(masterKey))
                    .groupId(name + "-workers")
                    .eventsTopic(name + ".events")
                    .endpointsTopic(name + ".endpoints")
                    .attemptsTopic(name + ".attempts")
                    .retryTopicPrefix(name + ".retry.")
                    .deadLetterTopic(name + ".dlq")
                    .redeliveriesTopic(name + ".redeliveries")
                    .invalidTopic(name + ".invalid")
                    .topicPartitions(PARTITIONS)
                    .allowPrivateNetworks(true))
            .build();
    DeliveryWorker.createTopics(workerConfig);
    registry =
        EndpointRegistry.create(
                tuneRegistry
                    .apply(
                        RegistryConfig.builder(
                                stack.postgres().jdbcUrl(name),
                                "postgres",
                                "",
                                kafka,
                                SecretSeal.fromBase64(masterKey))
                            .httpHost("127.0.0.1")
                            .httpPort(0)
                            .adminKey(ADMIN)
                            .allowHttp(true)
                            .allowPrivateNetworks(true)
                            .attemptsTopic(name + ".attempts")
                            .attemptsGroupId(name + "-registry")
                            .redeliveriesTopic(name + ".redeliveries")
                            .eventsTopic(name + ".events"))
                    .build(),
                Clock.systemUTC())
            .start();
    relay =
        OutboxRelay.create(
                RelayConfig.builder(stack.postgres().jdbcUrl(name), "postgres", "", kafka)
                    .slotName("slot_" + name)
                    .eventsTopic(name + ".events")
                    .invalidTopic(name + ".events.invalid")
                    .offsetsTopic(name + ".offsets")
                    .topicPartitions(PARTITIONS)
                    .captureEndpointFeed(true)
                    .endpointsTopic(name + ".endpoints")
                    .build(),
                RelayListener.NONE)
            .start();
    worker = DeliveryWorker.create(workerConfig, Clock.systemUTC(), DeliveryListener.NONE).start();
  }

  /** Calls the API with the admin key; fails the test unless it answers 2xx. */
  JsonNode call(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(registry.url() + path))
            .header("Authorization", "Bearer " + ADMIN)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
    return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
  }

  /**
   * Emits a {@code posthorn.ping} for tenant acme through the outbox; returns its id (the
   * webhook-id).
   */
  String emitPing(String message) throws Exception {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      String id =
          Outbox.create(OutboxConfig.defaults(), Clock.systemUTC())
              .emit(
                  c,
                  OutboxEvent.of(
                          "posthorn.ping", "Ping", "ping", "{\"message\": \"" + message + "\"}")
                      .withTenant("acme")
                      .withId(UUID.randomUUID()))
              .id()
              .toString();
      c.commit();
      return id;
    }
  }

  @Override
  public void close() {
    worker.close();
    relay.close();
    registry.close();
  }
}
