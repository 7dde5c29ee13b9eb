package io.posthorn.ops;

import io.posthorn.delivery.DeliveryListener;
import io.posthorn.delivery.DeliveryWorker;
import io.posthorn.delivery.WorkerConfig;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.EndpointTopicWriter;
import io.posthorn.delivery.signing.SecretSeal;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.devstack.DevStack;
import io.posthorn.relay.OutboxRelay;
import io.posthorn.relay.RelayConfig;
import io.posthorn.relay.RelayListener;
import io.posthorn.schema.Outbox;
import io.posthorn.schema.OutboxConfig;
import io.posthorn.schema.OutboxEvent;
import io.posthorn.schema.OutboxSchema;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The whole pipeline on an embedded stack: PostgreSQL and Kafka, the outbox migration, a relay, a
 * worker and the {@link DemoEndpoint} it delivers to. Closing it stops everything in reverse order.
 */
final class DevSession implements AutoCloseable {
  static final String DATABASE = "posthorn";

  private final List<AutoCloseable> started = new ArrayList<>();
  private final DevStack stack;
  private final DemoEndpoint demo;
  private final DataSource db;
  private final Outbox outbox = Outbox.create(OutboxConfig.defaults(), Clock.systemUTC());
  private final String workerSecretKey = SecretSeal.generateMasterKey();
  private int emitted;

  private DevSession(DevStack stack, DemoEndpoint demo) {
    this.stack = stack;
    this.demo = demo;
    this.db = stack.postgres().dataSource(DATABASE);
  }

  /** Starts everything; on failure stops what had started and rethrows. */
  static DevSession start(int postgresPort, int kafkaPort, PrintWriter out, boolean printEach) {
    DevStack stack = DevStack.start(postgresPort, kafkaPort);
    DevSession session = new DevSession(stack, new DemoEndpoint(out, printEach));
    try {
      session.started.add(stack);
      session.started.add(session.demo);
      session.startPipeline();
      return session;
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  private void startPipeline() {
    stack.postgres().createDatabaseNamed(DATABASE);
    OutboxSchema.migrate(db);
    RelayConfig relayConfig =
        RelayConfig.builder(jdbcUrl(), "postgres", "", kafkaBootstrap()).topicPartitions(4).build();
    started.add(OutboxRelay.create(relayConfig, RelayListener.NONE).start());
    // Until the registry runs here, the demo endpoint is written to the endpoints topic directly.
    SecretSeal seal = SecretSeal.fromBase64(workerSecretKey);
    WorkerConfig workerConfig =
        WorkerConfig.builder(kafkaBootstrap(), seal).topicPartitions(4).allowPrivateNetworks(true).build();
    DeliveryWorker.createTopics(workerConfig);
    try (EndpointTopicWriter endpoints =
        new EndpointTopicWriter(kafkaBootstrap(), workerConfig.endpointsTopic(), seal)) {
      endpoints.put(Endpoint.simple("demo", demo.url(), SigningSecret.parse(demo.secret())));
    }
    started.add(DeliveryWorker.create(workerConfig, Clock.systemUTC(), DeliveryListener.NONE).start());
  }

  /** Writes {@code count} sample events, in one transaction, like a product service would. */
  void emitSamples(int count) {
    List<OutboxEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(SampleEvents.next(emitted++));
    }
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      outbox.emitAll(c, events);
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("emitting " + count + " sample events: " + e.getMessage(), e);
    }
  }

  String jdbcUrl() {
    return stack.postgres().jdbcUrl(DATABASE);
  }

  String kafkaBootstrap() {
    return stack.kafka().bootstrapServers();
  }

  /** The workers' master key (base64), for tools that register endpoints here (`posthorn listen`). */
  String workerSecretKey() {
    return workerSecretKey;
  }

  DemoEndpoint demo() {
    return demo;
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        if (first == null) {
          first = new IllegalStateException("stopping the dev stack", e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    started.clear();
    if (first != null) {
      throw first;
    }
  }
}
