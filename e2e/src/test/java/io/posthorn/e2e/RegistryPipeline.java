package io.posthorn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posthorn.delivery.WorkerConfig;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.devstack.DevStack;
import io.posthorn.ops.LocalPipeline;
import io.posthorn.registry.EndpointRegistry;
import io.posthorn.registry.RegistryConfig;
import io.posthorn.schema.Outbox;
import io.posthorn.schema.OutboxConfig;
import io.posthorn.schema.OutboxEvent;
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
 * A {@link LocalPipeline} with the registry as the workers' source, on {@code DevStack.shared()}: a
 * database of its own holding the registry's tables and outbox, a relay capturing both (events and
 * the endpoint feed), and a worker, every topic named after the database. Products emit into the
 * same outbox. Close it after the test class.
 */
final class RegistryPipeline implements AutoCloseable {
  static final String ADMIN = "phk_e2e_admin_key_0123456789abcdefghijklmnop";
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final DataSource db;
  final String masterKey;
  final WorkerConfig workerConfig;
  final EndpointRegistry registry;
  private final LocalPipeline pipeline;

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
    pipeline =
        LocalPipeline.on(DevStack.shared())
            .isolated(prefix)
            .worker(tuneWorker)
            .withRegistry(r -> tuneRegistry.apply(r.adminKey(ADMIN)))
            .build()
            .start();
    db = pipeline.db();
    masterKey = pipeline.masterKey();
    workerConfig = pipeline.workerConfig();
    registry = pipeline.registry();
  }

  /** The endpoint as the pipeline's worker routes it now, or null. */
  Endpoint routed(String id) {
    return pipeline.worker().endpoint(id).orElse(null);
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
    pipeline.close();
  }
}
