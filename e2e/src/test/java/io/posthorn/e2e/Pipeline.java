package io.posthorn.e2e;

import io.posthorn.delivery.DeliveryListener;
import io.posthorn.delivery.DeliveryWorker;
import io.posthorn.delivery.WorkerConfig;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.EndpointTopicWriter;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.delivery.signing.SigningSecretSeal;
import io.posthorn.devstack.DevStack;
import io.posthorn.devstack.RecordingReceiver;
import io.posthorn.relay.OutboxRelay;
import io.posthorn.relay.RelayConfig;
import io.posthorn.relay.RelayListener;
import io.posthorn.schema.Envelope;
import io.posthorn.schema.Outbox;
import io.posthorn.schema.OutboxConfig;
import io.posthorn.schema.OutboxEvent;
import io.posthorn.schema.OutboxSchema;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * One isolated pipeline on the shared stack: its own database, slot and topics, a relay, a worker
 * and a recording receiver. Endpoints are paths on the receiver. Close it after each test.
 */
final class Pipeline implements AutoCloseable {
  static final Outbox OUTBOX = Outbox.create(OutboxConfig.defaults(), Clock.systemUTC());
  final DevStack stack = DevStack.shared();
  final RecordingReceiver receiver = RecordingReceiver.start();
  final DataSource db;
  final RelayConfig relayConfig;
  final WorkerConfig workerConfig;
  final String secret = newSecret();

  /** The workers' master key: what seals endpoint secrets on this pipeline's endpoints topic. */
  final String masterKey = SigningSecretSeal.generateMasterKey();

  private OutboxRelay relay;
  private DeliveryWorker worker;

  Pipeline(List<String> endpointPaths, UnaryOperator<WorkerConfig.Builder> tuneWorker) {
    this(endpointPaths, tuneWorker, UnaryOperator.identity());
  }

  Pipeline(
      List<String> endpointPaths,
      UnaryOperator<WorkerConfig.Builder> tuneWorker,
      UnaryOperator<Endpoint> tuneEndpoints) {
    String name = stack.postgres().createDatabase("e2e");
    db = stack.postgres().dataSource(name);
    OutboxSchema.migrate(db);
    relayConfig =
        RelayConfig.builder(
                stack.postgres().jdbcUrl(name), "postgres", "", stack.kafka().bootstrapServers())
            .slotName("slot_" + name)
            .eventsTopic(name + ".events")
            .invalidTopic(name + ".events.invalid")
            .offsetsTopic(name + ".offsets")
            .topicPartitions(4)
            .build();
    SigningSecretSeal seal = SigningSecretSeal.fromBase64(masterKey);
    WorkerConfig.Builder worker =
        WorkerConfig.builder(stack.kafka().bootstrapServers(), seal)
            .groupId(name + "-workers")
            .eventsTopic(relayConfig.eventsTopic())
            .endpointsTopic(name + ".endpoints")
            .attemptsTopic(name + ".attempts")
            .retryTopicPrefix(name + ".retry.")
            .deadLetterTopic(name + ".dlq")
            .redeliveriesTopic(name + ".redeliveries")
            .topicPartitions(4)
            .allowPrivateNetworks(true);
    workerConfig = tuneWorker.apply(worker).build();
    DeliveryWorker.createTopics(workerConfig);
    try (EndpointTopicWriter endpoints =
        new EndpointTopicWriter(
            stack.kafka().bootstrapServers(), workerConfig.endpointsTopic(), seal)) {
      for (String path : endpointPaths) {
        endpoints.put(
            tuneEndpoints.apply(
                Endpoint.simple(
                    path.substring(1), receiver.url(path), SigningSecret.parse(secret))));
      }
    }
  }

  Pipeline startRelay() {
    relay = OutboxRelay.create(relayConfig, RelayListener.NONE).start();
    return this;
  }

  void stopRelay() {
    relay.close();
    relay = null;
  }

  Pipeline startWorker(DeliveryListener listener) {
    worker = DeliveryWorker.create(workerConfig, Clock.systemUTC(), listener).start();
    return this;
  }

  /** Emits each batch in a transaction of its own; returns what was written, in order. */
  List<Envelope> emit(int count, int perTransaction) throws SQLException {
    List<Envelope> all = new ArrayList<>();
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      for (int i = 0; i < count; i += perTransaction) {
        List<OutboxEvent> batch = new ArrayList<>();
        for (int j = i; j < Math.min(count, i + perTransaction); j++) {
          batch.add(event(j));
        }
        all.addAll(OUTBOX.emitAll(c, batch));
        c.commit();
      }
    }
    return all;
  }

  /** Alternates user.created and order.completed, over 37 aggregates; both fit the catalog. */
  static OutboxEvent event(int n) {
    String aggregateId = "agg_" + (n % 37);
    OutboxEvent event =
        n % 2 == 0
            ? OutboxEvent.of(
                "user.created",
                "User",
                aggregateId,
                "{\"userId\": \""
                    + aggregateId
                    + "\", \"email\": \"user"
                    + n
                    + "@example.com\", \"displayName\": \"caf\u00e9 \u2603 "
                    + n
                    + "\"}")
            : OutboxEvent.of(
                "order.completed",
                "Order",
                aggregateId,
                "{\"orderId\": \""
                    + aggregateId
                    + "\", \"totalCents\": "
                    + n
                    + ", \"currency\": \"EUR\"}");
    return event.withMetadata("{\"source\": \"e2e\"}");
  }

  static String newSecret() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return SigningSecret.PREFIX + Base64.getEncoder().encodeToString(key);
  }

  @Override
  public void close() {
    try {
      if (worker != null) {
        worker.close();
      }
      if (relay != null) {
        relay.close();
      }
    } finally {
      receiver.close();
    }
  }
}
