package io.posthorn.e2e;

import io.posthorn.delivery.DeliveryListener;
import io.posthorn.delivery.DeliveryWorker;
import io.posthorn.delivery.WorkerSettings;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.EndpointTopicWriter;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.delivery.signing.SigningSecretSeal;
import io.posthorn.devstack.DeliveryLedger;
import io.posthorn.devstack.RecordingReceiver;
import io.posthorn.devstack.Responder;
import io.posthorn.relay.OutboxRelay;
import io.posthorn.relay.RelayListener;
import io.posthorn.relay.RelaySettings;
import io.posthorn.schema.OutboxSchema;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * One Posthorn pipeline for a fault test, on whatever PostgreSQL and Kafka the test brings: its own
 * slot, topics and worker group (named from a prefix), endpoints that are paths on a recording
 * receiver whose 2xx answers go to a {@link DeliveryLedger}, and the relay and worker settings as
 * {@code key=value} maps, so the same pipeline runs in this JVM ({@link #startRelay()}, {@link
 * #startWorker()}) or as processes ({@link WorkerProcess}, {@link RelayChild}).
 */
public final class FaultPipeline implements AutoCloseable {
  public final DeliveryLedger ledger = new DeliveryLedger();
  public final RecordingReceiver receiver = RecordingReceiver.start();
  public final List<String> endpoints = new ArrayList<>();
  public final Map<String, String> relaySettings = new LinkedHashMap<>();
  public final Map<String, String> workerSettings;
  public final String prefix;
  private final DataSource db;
  private final List<AutoCloseable> running = new ArrayList<>();

  /**
   * @param jdbcUrl the database (the outbox is created in it)
   * @param endpointCount endpoints {@code /ep0 … /epN-1}, each subscribed to every event
   */
  public FaultPipeline(
      String name, String jdbcUrl, DataSource db, String bootstrap, int endpointCount) {
    this.db = db;
    this.prefix = name + "_" + UUID.randomUUID().toString().substring(0, 8);
    String masterKey = SigningSecretSeal.generateMasterKey();
    workerSettings =
        new LinkedHashMap<>(WorkerProcess.isolatedSettings(bootstrap, masterKey, prefix));
    workerSettings.put("worker.topic.invalid", prefix + ".events.invalid");
    // A delivery that times out on a busy machine is retried within seconds, not the default
    // minute.
    workerSettings.put("worker.retry.ladder", "1s,2s,4s,8s,15s");
    relaySettings.put("relay.database.url", jdbcUrl);
    relaySettings.put("relay.database.user", "postgres");
    relaySettings.put("relay.database.password", "");
    relaySettings.put("relay.kafka.bootstrap-servers", bootstrap);
    relaySettings.put("relay.slot", "slot_" + prefix);
    relaySettings.put("relay.topic.events", prefix + ".events");
    relaySettings.put("relay.topic.invalid", prefix + ".events.invalid");
    relaySettings.put("relay.topic.offsets", prefix + ".offsets");
    relaySettings.put("relay.topic.endpoints", prefix + ".endpoints");
    relaySettings.put("relay.topic.partitions", "4");
    relaySettings.put("relay.offset-flush-interval", "1s");
    OutboxSchema.migrate(db);
    receiver.respond(ledger.recording(Responder.alwaysOk()));
    SigningSecret secret = SigningSecret.generate();
    try (EndpointTopicWriter writer = endpointWriter(masterKey)) {
      for (int i = 0; i < endpointCount; i++) {
        String path = "/ep" + i;
        endpoints.add(path);
        writer.put(Endpoint.simple("ep" + i, receiver.url(path), secret));
      }
    }
  }

  private EndpointTopicWriter endpointWriter(String masterKey) {
    DeliveryWorker.createTopics(WorkerSettings.parse(workerSettings));
    return new EndpointTopicWriter(
        workerSettings.get("worker.kafka.bootstrap-servers"),
        workerSettings.get("worker.topic.endpoints"),
        SigningSecretSeal.fromBase64(masterKey));
  }

  /** Answers as {@code responder} does; the ledger still records each 2xx. */
  public void respond(Responder responder) {
    receiver.respond(ledger.recording(responder));
  }

  /** A steady writer of outbox rows into this pipeline's database, recorded in the ledger. */
  public OutboxLoad load(int perSecond) {
    OutboxLoad load = OutboxLoad.start(db, ledger, endpoints, perSecond);
    running.add(load);
    return load;
  }

  /** The relay in this JVM; stopped by {@link #close()}. */
  public OutboxRelay startRelay() {
    OutboxRelay relay =
        OutboxRelay.create(RelaySettings.parse(relaySettings), RelayListener.NONE).start();
    running.add(relay);
    return relay;
  }

  /** A worker in this JVM; stopped by {@link #close()}. */
  public DeliveryWorker startWorker() {
    DeliveryWorker worker =
        DeliveryWorker.create(
                WorkerSettings.parse(workerSettings), Clock.systemUTC(), DeliveryListener.NONE)
            .start();
    running.add(worker);
    return worker;
  }

  /** Stops what it started, the newest first, then the receiver. */
  @Override
  public void close() {
    RuntimeException first = null;
    for (AutoCloseable c : running.reversed()) {
      try {
        c.close();
      } catch (Exception e) {
        if (first == null) {
          first = new IllegalStateException("stopping the fault pipeline " + prefix, e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    receiver.close();
    if (first != null) {
      throw first;
    }
  }
}
