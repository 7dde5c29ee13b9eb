package io.posthorn.e2e;

import io.posthorn.delivery.DeliveryListener;
import io.posthorn.delivery.WorkerConfig;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.devstack.DevStack;
import io.posthorn.devstack.RecordingReceiver;
import io.posthorn.devstack.WebhookSecrets;
import io.posthorn.ops.LocalPipeline;
import io.posthorn.relay.RelayConfig;
import io.posthorn.relay.RelayListener;
import io.posthorn.schema.Envelope;
import io.posthorn.schema.Outbox;
import io.posthorn.schema.OutboxConfig;
import io.posthorn.schema.OutboxEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * One isolated {@link LocalPipeline} on the shared stack (its own database, slot and topics, no
 * registry) with a static endpoint feed: endpoints are paths on a recording receiver, written
 * straight to the endpoints topic. Close it after each test.
 */
final class Pipeline implements AutoCloseable {
  static final Outbox OUTBOX = Outbox.create(OutboxConfig.defaults(), Clock.systemUTC());
  final DevStack stack = DevStack.shared();
  final RecordingReceiver receiver = RecordingReceiver.start();
  final DataSource db;
  final RelayConfig relayConfig;
  final WorkerConfig workerConfig;
  final String secret = WebhookSecrets.generate();

  /** The workers' master key: what seals endpoint secrets on this pipeline's endpoints topic. */
  final String masterKey;

  private final LocalPipeline pipeline;

  Pipeline(List<String> endpointPaths, UnaryOperator<WorkerConfig.Builder> tuneWorker) {
    this(endpointPaths, tuneWorker, UnaryOperator.identity());
  }

  Pipeline(
      List<String> endpointPaths,
      UnaryOperator<WorkerConfig.Builder> tuneWorker,
      UnaryOperator<Endpoint> tuneEndpoints) {
    pipeline = LocalPipeline.on(stack).isolated("e2e").worker(tuneWorker).build();
    db = pipeline.db();
    relayConfig = pipeline.relayConfig();
    workerConfig = pipeline.workerConfig();
    masterKey = pipeline.masterKey();
    pipeline.publishEndpoints(
        endpointPaths.stream()
            .map(
                path ->
                    tuneEndpoints.apply(
                        Endpoint.simple(
                            path.substring(1), receiver.url(path), SigningSecret.parse(secret))))
            .toList());
  }

  Pipeline startRelay() {
    pipeline.startRelay(RelayListener.NONE);
    return this;
  }

  void stopRelay() {
    pipeline.stopRelay();
  }

  Pipeline startWorker(DeliveryListener listener) {
    pipeline.startWorker(listener);
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

  @Override
  public void close() {
    try {
      pipeline.close();
    } finally {
      receiver.close();
    }
  }
}
