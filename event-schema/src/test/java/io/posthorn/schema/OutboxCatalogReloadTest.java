package io.posthorn.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer with a catalog directory follows changes to it without a restart (decision 0047). */
class OutboxCatalogReloadTest {
  private static final String PAYLOAD = "{\"invoiceId\": \"inv_1\", \"amountCents\": 5}";

  @TempDir Path dir;
  private final StepClock clock = new StepClock();
  private Outbox outbox;

  @BeforeEach
  void writerWithVersionOne() throws IOException {
    write(1);
    outbox = Outbox.create(OutboxConfig.defaults().withCatalogDir(dir), clock);
    assertThat(outbox.prepare(event()).schemaVersion()).isEqualTo(1);
  }

  @Test
  void aTypeAddedToTheDirectoryIsAcceptedAtOnce_withoutWaitingForTheCheckInterval()
      throws IOException {
    Files.writeString(
        dir.resolve("invoice.voided.json"),
        "{\"title\": \"invoice.voided\", \"description\": \"Voided.\", \"type\": \"object\","
            + " \"version\": 1, \"examples\": [{}]}");

    Envelope voided =
        outbox.prepare(OutboxEvent.of("invoice.voided", "Invoice", "inv_1", "{\"why\": \"dup\"}"));

    assertThat(voided.schemaVersion()).isEqualTo(1);
  }

  @Test
  void aVersionAddedToTheDirectoryIsAcceptedAtOnce() throws IOException {
    write(2);

    assertThat(outbox.prepare(event().withSchemaVersion(2)).schemaVersion()).isEqualTo(2);
  }

  @Test
  void aNewLatestVersionIsStampedOnceTheCheckIntervalHasPassed() throws IOException {
    write(2);
    assertThat(outbox.prepare(event()).schemaVersion()).isEqualTo(1); // not looked yet

    clock.advance(Outbox.CATALOG_CHECK_INTERVAL);

    assertThat(outbox.prepare(event()).schemaVersion()).isEqualTo(2);
  }

  @Test
  void aRefusalStandsWhenTheDirectoryHasNotChanged() {
    assertThatThrownBy(() -> outbox.prepare(event().withSchemaVersion(3)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("has no schema version 3");
  }

  @Test
  void anInvalidFileKeepsTheCatalogInForce() throws IOException {
    Files.writeString(dir.resolve("invoice.broken.json"), "{not json");
    clock.advance(Outbox.CATALOG_CHECK_INTERVAL);

    assertThat(outbox.prepare(event()).schemaVersion()).isEqualTo(1);
  }

  private static OutboxEvent event() {
    return OutboxEvent.of("invoice.paid", "Invoice", "inv_1", PAYLOAD);
  }

  /** invoice.paid with versions 1 to {@code latest}, each requiring invoiceId and amountCents. */
  private void write(int latest) throws IOException {
    List<String> versions = new ArrayList<>();
    for (int v = 1; v <= latest; v++) {
      versions.add(
          "{\"type\": \"object\", \"version\": "
              + v
              + ", \"required\": [\"invoiceId\", \"amountCents\"],"
              + " \"examples\": [{\"invoiceId\": \"i\", \"amountCents\": 1}]}");
    }
    Files.writeString(
        dir.resolve("invoice.paid.json"),
        "{\"title\": \"invoice.paid\", \"description\": \"Paid.\", \"versions\": ["
            + String.join(", ", versions)
            + "]}");
  }

  /** A clock the test moves. */
  private static final class StepClock extends Clock {
    private volatile Instant now = Instant.parse("2026-12-07T12:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
