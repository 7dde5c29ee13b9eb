package io.posthorn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.delivery.DeliveryListener;
import io.posthorn.delivery.endpoint.EventTypeFilter;
import io.posthorn.devstack.ReceivedRequest;
import io.posthorn.relay.OutboxRelay;
import io.posthorn.relay.RelayListener;
import io.posthorn.schema.Envelope;
import io.posthorn.schema.Outbox;
import io.posthorn.schema.OutboxConfig;
import io.posthorn.schema.OutboxEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer whose catalog directory is newer than the running relay's (issue 15, decision 0047): the
 * relay holds the row stamped with the version it lacks, with every row behind it, instead of
 * quarantining it, and relays both once its directory gains the version; a worker then delivers
 * each event only to the endpoints that accept its version.
 */
@Timeout(120)
class WriterAheadOfRelayIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String V1_ONLY =
      "{\"title\": \"invoice.paid\", \"description\": \"An invoice was paid.\","
          + " \"type\": \"object\", \"version\": 1, \"required\": [\"invoiceId\","
          + " \"amountCents\"], \"examples\": [{\"invoiceId\": \"inv_1\", \"amountCents\": 100}]}";
  private static final String V2_PAYLOAD =
      "{\"invoiceId\": \"inv_8\", \"amount\": {\"cents\": 800, \"currency\": \"EUR\"}}";
  private static final String V1_PAYLOAD = "{\"invoiceId\": \"inv_7\", \"amountCents\": 700}";

  @TempDir Path writerCatalog;
  @TempDir Path relayCatalog;
  @TempDir Path staging;

  @Test
  void theRelayHoldsARowOfAVersionItLacks_untilItsCatalogHasIt_thenPinsPickTheEndpoints()
      throws Exception {
    Files.writeString(writerCatalog.resolve("invoice.paid.json"), CatalogDirectoryIT.INVOICE_PAID);
    Files.writeString(relayCatalog.resolve("invoice.paid.json"), V1_ONLY);
    Outbox writer =
        Outbox.create(OutboxConfig.defaults().withCatalogDir(writerCatalog), Clock.systemUTC());
    List<String> relayed = new CopyOnWriteArrayList<>();
    RelayListener listener =
        new RelayListener() {
          @Override
          public void catalogWaitStarted(String rowId, String missing) {
            relayed.add("waiting: " + missing);
          }

          @Override
          public void quarantined(String rowId, String reason) {
            relayed.add("quarantined: " + reason);
          }
        };
    try (Pipeline p =
        new Pipeline(
            List.of("/every", "/v2only"),
            UnaryOperator.identity(),
            e ->
                e.id().equals("v2only")
                    ? e.withEventTypes(
                        new EventTypeFilter(
                            List.of("invoice.*"), Map.of("invoice.paid", List.of(2))))
                    : e)) {
      OutboxRelay relay =
          OutboxRelay.create(p.relayConfig.withCatalogDir(relayCatalog), listener).start();
      try {
        p.startWorker(DeliveryListener.NONE);
        Envelope v2 =
            emit(writer, p, OutboxEvent.of("invoice.paid", "Invoice", "inv_8", V2_PAYLOAD));
        Envelope v1 =
            emit(
                writer,
                p,
                OutboxEvent.of("invoice.paid", "Invoice", "inv_7", V1_PAYLOAD)
                    .withSchemaVersion(1));

        await().atMost(WAIT).until(() -> relayed.contains("waiting: invoice.paid v2"));
        assertThat(relay.health().detail()).contains("waiting for the event catalog");
        assertThat(p.receiver.count()).as("the v1 row waits behind the held one").isZero();

        Path file =
            Files.writeString(
                staging.resolve("invoice.paid.json"), CatalogDirectoryIT.INVOICE_PAID);
        Files.move(
            file,
            relayCatalog.resolve("invoice.paid.json"),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);

        await().atMost(WAIT).until(() -> p.receiver.count() >= 3);
        assertThat(p.receiver.requests("/every"))
            .extracting(ReceivedRequest::bodyText)
            .extracting(body -> body.contains("\"schemaVersion\":2") ? "v2" : "v1")
            .containsExactlyInAnyOrder("v2", "v1");
        assertThat(p.receiver.requests("/v2only"))
            .extracting(r -> r.header("webhook-id"))
            .containsExactly(v2.id().toString());
        assertThat(v1.schemaVersion()).isEqualTo(1);
        assertThat(relayed).containsExactly("waiting: invoice.paid v2");
        assertThat(relay.health().isReady()).isTrue();
      } finally {
        relay.close();
      }
    }
  }

  private static Envelope emit(Outbox writer, Pipeline p, OutboxEvent event) throws Exception {
    try (Connection c = p.db.getConnection()) {
      c.setAutoCommit(false);
      Envelope e = writer.emit(c, event);
      c.commit();
      return e;
    }
  }
}
