package io.posthorn.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.posthorn.schema.catalog.CatalogType;
import io.posthorn.schema.catalog.InvalidCatalogException;
import io.posthorn.schema.catalog.SchemaViolationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer with a catalog directory: version stamping and deprecated types. */
class OutboxVersionsTest {
  private static final String V1 =
      "{\"type\": \"object\", \"version\": 1, \"required\": [\"invoiceId\", \"amountCents\"],"
          + " \"examples\": [{\"invoiceId\": \"i\", \"amountCents\": 1}]}";
  private static final String V2 =
      "{\"type\": \"object\", \"version\": 2, \"required\": [\"invoiceId\", \"amount\"],"
          + " \"examples\": [{\"invoiceId\": \"i\", \"amount\": {}}]}";
  private static final String V1_PAYLOAD = "{\"invoiceId\": \"inv_1\", \"amountCents\": 5}";

  @TempDir Path dir;
  private final List<String> deprecated = new ArrayList<>();
  private Outbox outbox;

  @BeforeEach
  void catalog() throws IOException {
    Files.writeString(
        dir.resolve("invoice.paid.json"),
        "{\"title\": \"invoice.paid\", \"description\": \"An invoice was paid.\", \"versions\": ["
            + V1
            + ", "
            + V2
            + "]}");
    Files.writeString(
        dir.resolve("invoice.sent.json"),
        "{\"title\": \"invoice.sent\", \"description\": \"Sent.\", \"deprecated\": true,"
            + " \"type\": \"object\", \"version\": 1, \"examples\": [{}]}");
    outbox =
        Outbox.create(
            OutboxConfig.defaults().withCatalogDir(dir),
            Clock.systemUTC(),
            new OutboxListener() {
              @Override
              public void deprecatedTypeEmitted(Envelope event, CatalogType type) {
                deprecated.add(type.type() + " v" + event.schemaVersion());
              }
            });
  }

  @Test
  void stampsTheLatestVersionByDefault() {
    Envelope e =
        outbox.prepare(
            OutboxEvent.of(
                "invoice.paid", "Invoice", "inv_1", "{\"invoiceId\": \"inv_1\", \"amount\": {}}"));

    assertThat(e.schemaVersion()).isEqualTo(2);
  }

  @Test
  void aPayloadOfAnOlderVersionIsCheckedAndStampedAsThatVersion() {
    Envelope e =
        outbox.prepare(
            OutboxEvent.of("invoice.paid", "Invoice", "inv_1", V1_PAYLOAD).withSchemaVersion(1));

    assertThat(e.schemaVersion()).isEqualTo(1);
  }

  @Test
  void theSamePayloadIsRefusedAsTheLatest() {
    assertThatThrownBy(
            () -> outbox.prepare(OutboxEvent.of("invoice.paid", "Invoice", "inv_1", V1_PAYLOAD)))
        .isInstanceOf(SchemaViolationException.class)
        .hasMessageContaining("catalog version 2");
  }

  @Test
  void aDeprecatedTypeIsEmittedAndReported() {
    Envelope e = outbox.prepare(OutboxEvent.of("invoice.sent", "Invoice", "inv_1", "{}"));

    assertThat(e.schemaVersion()).isEqualTo(1);
    assertThat(deprecated).containsExactly("invoice.sent v1");
  }

  @Test
  void aTypeThatIsNotDeprecatedIsNotReported() {
    outbox.prepare(
        OutboxEvent.of("invoice.paid", "Invoice", "inv_1", V1_PAYLOAD).withSchemaVersion(1));

    assertThat(deprecated).isEmpty();
  }

  @Test
  void metricsCountDeprecatedEventsPerType() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Outbox counted =
        Outbox.create(
            OutboxConfig.defaults().withCatalogDir(dir),
            Clock.systemUTC(),
            new OutboxMetrics(registry));

    counted.prepare(OutboxEvent.of("invoice.sent", "Invoice", "inv_1", "{}"));
    counted.prepare(OutboxEvent.of("invoice.sent", "Invoice", "inv_2", "{}"));

    assertThat(
            registry
                .get(OutboxMetrics.DEPRECATED)
                .tag("event_type", "invoice.sent")
                .counter()
                .count())
        .isEqualTo(2.0);
  }

  @Test
  void anInvalidCatalogFailsCreationNamingTheFile() throws IOException {
    Files.writeString(dir.resolve("invoice.broken.json"), "{\"title\": \"invoice.broken\"");

    assertThatThrownBy(
            () -> Outbox.create(OutboxConfig.defaults().withCatalogDir(dir), Clock.systemUTC()))
        .isInstanceOf(InvalidCatalogException.class)
        .hasMessageContaining("invoice.broken.json");
  }
}
