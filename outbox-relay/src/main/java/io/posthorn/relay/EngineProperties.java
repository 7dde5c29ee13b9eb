package io.posthorn.relay;

import java.util.Properties;

/** The Debezium engine and Postgres connector settings a {@link RelayConfig} implies. */
final class EngineProperties {
  static final long QUEUE_BYTES = 64L * 1024 * 1024;

  private EngineProperties() {}

  static Properties of(RelayConfig config) {
    Properties p = new Properties();
    p.setProperty("name", StoredOffsets.engineName(config));
    p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
    p.setProperty("topic.prefix", "posthorn");

    p.setProperty("database.hostname", config.databaseHost());
    p.setProperty("database.port", String.valueOf(config.databasePort()));
    p.setProperty("database.dbname", config.databaseName());
    p.setProperty("database.user", config.databaseUser());
    p.setProperty("database.password", config.databasePassword());

    // Slot and publication are created by ReplicationSetup; the engine only uses them.
    p.setProperty("plugin.name", "pgoutput");
    p.setProperty("slot.name", config.slotName());
    p.setProperty("slot.drop.on.stop", "false");
    p.setProperty("publication.name", config.publicationName());
    p.setProperty("publication.autocreate.mode", "disabled");
    p.setProperty("table.include.list", String.join(",", config.capturedTables()));
    p.setProperty("snapshot.mode", "no_data");
    p.setProperty("tombstones.on.delete", "false");
    // After a takeover the previous walsender may still be going away: retry briefly, not 6 x 10 s.
    p.setProperty("slot.max.retries", "20");
    p.setProperty("slot.retry.delay.ms", "500");

    // Heartbeats: a WAL message each interval the engine is idle. It moves the slot on a quiet
    // outbox
    // and proves the stream alive to the watchdog; only our prefix is streamed.
    p.setProperty("heartbeat.interval.ms", String.valueOf(config.heartbeatInterval().toMillis()));
    p.setProperty("heartbeat.action.query", Heartbeats.actionQuery(config.slotName()));
    p.setProperty("message.prefix.include.list", Heartbeats.PREFIX);

    p.setProperty("poll.interval.ms", String.valueOf(config.pollInterval().toMillis()));
    p.setProperty("max.batch.size", String.valueOf(config.maxBatchSize()));
    p.setProperty("max.queue.size", String.valueOf(config.maxBatchSize() * 4));
    // Bounded in bytes too, so the queue fits the launcher's default heap (ops/bin/posthorn: 256
    // MiB)
    // however large the payloads: 4 x 2048 rows of 256 KiB would otherwise be 2 GiB.
    p.setProperty("max.queue.size.in.bytes", String.valueOf(QUEUE_BYTES));

    // Offsets live in Kafka so a relay keeps no local state and can restart anywhere.
    p.setProperty("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
    p.setProperty("offset.storage.topic", config.offsetsTopic());
    p.setProperty("offset.storage.partitions", "1");
    // The relay creates the offsets topic itself (RelayTopicSetup); -1 is the broker's default,
    // for the engine's own check only.
    p.setProperty(
        "offset.storage.replication.factor",
        config.topicReplicationFactor().map(String::valueOf).orElse("-1"));
    p.setProperty("bootstrap.servers", config.bootstrapServers());
    p.setProperty(
        "offset.flush.interval.ms", String.valueOf(config.offsetFlushInterval().toMillis()));
    p.setProperty("offset.flush.timeout.ms", "5000");
    return p;
  }
}
