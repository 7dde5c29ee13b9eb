package io.posthorn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.posthorn.delivery.DeliveryListener;
import io.posthorn.devstack.KafkaHeaders;
import io.posthorn.devstack.ReceivedRequest;
import io.posthorn.devstack.TopicReader;
import io.posthorn.relay.OutboxRelay;
import io.posthorn.relay.RelayConfig;
import io.posthorn.relay.RelayListener;
import io.posthorn.schema.Envelope;
import io.posthorn.schema.EnvelopeCodec;
import io.posthorn.schema.EventHeaders;
import io.posthorn.schema.Outbox;
import io.posthorn.schema.OutboxConfig;
import io.posthorn.schema.OutboxEvent;
import io.posthorn.schema.catalog.InvalidCatalogException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A product's own event type, defined only in a catalog directory written by this test (nothing
 * rebuilt): the Java writer emits it, the relay checks each row against the version stamped in it,
 * the worker delivers it with {@code schemaVersion} in the body (issue 15, decision 0039).
 */
class CatalogDirectoryIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  /** v1: amount in cents. v2, a new major version: amount is an object. */
  static final String INVOICE_PAID =
      "{\"title\": \"invoice.paid\", \"description\": \"An invoice was paid.\", \"versions\": ["
          + "{\"type\": \"object\", \"version\": 1, \"required\": [\"invoiceId\", \"amountCents\"],"
          + " \"properties\": {\"invoiceId\": {\"type\": \"string\"}, \"amountCents\": {\"type\":"
          + " \"integer\"}}, \"examples\": [{\"invoiceId\": \"inv_1\", \"amountCents\": 100}]},"
          + "{\"type\": \"object\", \"version\": 2, \"required\": [\"invoiceId\", \"amount\"],"
          + " \"properties\": {\"invoiceId\": {\"type\": \"string\"}, \"amount\": {\"type\":"
          + " \"object\", \"required\": [\"cents\", \"currency\"]}}, \"examples\": [{\"invoiceId\":"
          + " \"inv_1\", \"amount\": {\"cents\": 100, \"currency\": \"EUR\"}}]}]}";

  private static final String V1_PAYLOAD = "{\"invoiceId\": \"inv_7\", \"amountCents\": 700}";
  private static final String V2_PAYLOAD =
      "{\"invoiceId\": \"inv_8\", \"amount\": {\"cents\": 800, \"currency\": \"EUR\"}}";

  @TempDir Path catalog;

  @Test
  void aTypeAddedToTheCatalogDirectoryIsEmittedRelayedAndDelivered_eachAsItsStampedVersion()
      throws Exception {
    Files.writeString(catalog.resolve("invoice.paid.json"), INVOICE_PAID);
    Outbox writer =
        Outbox.create(OutboxConfig.defaults().withCatalogDir(catalog), Clock.systemUTC());
    try (Pipeline p = new Pipeline(List.of("/hooks"), UnaryOperator.identity())) {
      OutboxRelay relay =
          OutboxRelay.create(p.relayConfig.withCatalogDir(catalog), RelayListener.NONE).start();
      try {
        p.startWorker(DeliveryListener.NONE);
        Envelope latest;
        Envelope stampedV1;
        try (Connection c = p.db.getConnection()) {
          c.setAutoCommit(false);
          latest = writer.emit(c, OutboxEvent.of("invoice.paid", "Invoice", "inv_8", V2_PAYLOAD));
          stampedV1 =
              writer.emit(
                  c,
                  OutboxEvent.of("invoice.paid", "Invoice", "inv_7", V1_PAYLOAD)
                      .withSchemaVersion(1));
          c.commit();
        }
        UUID sqlV1 = UUID.randomUUID();
        UUID sqlUnstamped = UUID.randomUUID();
        try (Connection c = p.db.getConnection();
            Statement s = c.createStatement()) {
          // Plain SQL: stamped v1 passes; unstamped is checked against the latest, v2, and fails.
          s.execute(insert(sqlV1, "1"));
          s.execute(insert(sqlUnstamped, "NULL"));
        }

        await().atMost(WAIT).until(() -> p.receiver.count() >= 3);
        assertThat(p.receiver.requests())
            .extracting(r -> r.header("webhook-id"))
            .containsExactlyInAnyOrder(
                latest.id().toString(), stampedV1.id().toString(), sqlV1.toString());
        assertThat(versionOf(p, latest.id())).isEqualTo(2);
        assertThat(versionOf(p, stampedV1.id())).isEqualTo(1);
        assertThat(versionOf(p, sqlV1)).isEqualTo(1);
        try (TopicReader invalid =
            new TopicReader(p.relayConfig.bootstrapServers(), p.relayConfig.invalidTopic())) {
          List<ConsumerRecord<byte[], byte[]>> quarantined = invalid.readAtLeast(1, WAIT);
          assertThat(quarantined)
              .extracting(r -> KafkaHeaders.header(r, EventHeaders.OUTBOX_ROW_ID))
              .containsExactly(sqlUnstamped.toString());
          assertThat(KafkaHeaders.header(quarantined.get(0), EventHeaders.INVALID_REASON))
              .contains("catalog version 2");
        }
      } finally {
        relay.close();
      }
    }
  }

  @Test
  void anInvalidCatalogFailsTheRelaysStart_namingTheFile() throws IOException {
    Files.writeString(
        catalog.resolve("invoice.paid.json"),
        INVOICE_PAID.replace("\"version\": 2", "\"version\": 1"));
    RelayConfig config =
        RelayConfig.builder("jdbc:postgresql://127.0.0.1:1/none", "postgres", "", "127.0.0.1:1")
            .catalogDir(catalog)
            .build();

    assertThatThrownBy(() -> OutboxRelay.create(config, RelayListener.NONE))
        .isInstanceOf(InvalidCatalogException.class)
        .hasMessageStartingWith("event catalog file " + catalog.resolve("invoice.paid.json") + ": ")
        .hasMessageContaining("\"versions\"[1]: versions must be listed in ascending order");
  }

  private static String insert(UUID id, String version) {
    return "INSERT INTO posthorn.outbox (id, event_type, aggregate_type, aggregate_id, payload,"
        + " schema_version) VALUES ('"
        + id
        + "', 'invoice.paid', 'Invoice', 'inv_7', '"
        + V1_PAYLOAD
        + "', "
        + version
        + ")";
  }

  private static int versionOf(Pipeline p, UUID id) {
    ReceivedRequest request =
        p.receiver.requests().stream()
            .filter(r -> r.header("webhook-id").equals(id.toString()))
            .findFirst()
            .orElseThrow();
    return EnvelopeCodec.decode(
            request.bodyText().getBytes(java.nio.charset.StandardCharsets.UTF_8), null, null)
        .schemaVersion();
  }
}
