package io.posthorn.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posthorn.schema.catalog.SchemaViolationException;
import io.posthorn.schema.catalog.UnregisteredTypes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the writer checks and fills in before any insert ({@link Outbox#prepare}); inserts are in
 * e2e's OutboxWriteIT.
 */
class OutboxTest {
  private static final Instant NOW = Instant.parse("2026-01-15T10:30:00.123456Z");
  private static final String USER = "{\"userId\": \"usr_1\", \"email\": \"ada@example.com\"}";
  private final Outbox outbox =
      Outbox.create(OutboxConfig.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void fillsInAGeneratedIdAndTheClocksInstant() {
    Envelope e = outbox.prepare(OutboxEvent.of("user.created", "User", "usr_1", USER));

    assertThat(e.id()).isNotNull();
    assertThat(e.occurredAt()).isEqualTo(NOW);
    assertThat(e.metadata()).isEqualTo(JsonObjectText.EMPTY);
    assertThat(e.traceId()).isNull();
  }

  @Test
  void keepsTheIdTenantAndMetadataGiven() {
    UUID id = UUID.randomUUID();

    Envelope e =
        outbox.prepare(
            OutboxEvent.of("user.created", "User", "usr_1", USER)
                .withId(id)
                .withTenant("acme")
                .withMetadata("{\"source\": \"signup\"}"));

    assertThat(e.id()).isEqualTo(id);
    assertThat(e.tenantId()).isEqualTo("acme");
    assertThat(e.metadata().json()).isEqualTo("{\"source\": \"signup\"}");
  }

  @Test
  void takesTheTraceIdFromTheTraceparent() {
    Envelope e =
        outbox.prepare(
            OutboxEvent.of("user.created", "User", "usr_1", USER)
                .withTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));

    assertThat(e.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void refusesAPayloadBreakingTheSchemaNamingTheField() {
    assertThatThrownBy(
            () ->
                outbox.prepare(
                    OutboxEvent.of("user.created", "User", "usr_1", "{\"userId\": \"usr_1\"}")))
        .isInstanceOf(SchemaViolationException.class)
        .hasMessageContaining(
            "payload/email: required property 'email' not found (rule: required)");
  }

  @Test
  void refusesATypeBreakingTheNamingRule() {
    assertThatThrownBy(() -> outbox.prepare(OutboxEvent.of("User.Created", "User", "usr_1", USER)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("event type 'User.Created' breaks the naming rule");
  }

  @Test
  void refusesAnUnregisteredTypeByDefault() {
    assertThatThrownBy(() -> outbox.prepare(OutboxEvent.of("user.renamed", "User", "usr_1", "{}")))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("'user.renamed' is not in the event catalog");
  }

  @Test
  void acceptsAnUnregisteredTypeWhenConfiguredTo() {
    Outbox lenient =
        Outbox.create(
            OutboxConfig.defaults().withUnregisteredTypes(UnregisteredTypes.ACCEPT),
            Clock.systemUTC());

    assertThat(
            lenient
                .prepare(OutboxEvent.of("user.renamed", "User", "usr_1", "{}"))
                .eventType()
                .name())
        .isEqualTo("user.renamed");
  }

  @Test
  void refusesAPayloadOverTheDefault256KiBNamingSizeAndLimit() {
    String big =
        "{\"userId\": \"usr_1\", \"email\": \"ada@example.com\", \"pad\": \""
            + "x".repeat(262_144)
            + "\"}";

    assertThatThrownBy(() -> outbox.prepare(OutboxEvent.of("user.created", "User", "usr_1", big)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage(
            "payload of user.created is "
                + big.length()
                + " bytes, over the limit of 262144 bytes"
                + " (outbox.max-payload-bytes)");
  }

  @Test
  void countsThePayloadLimitInUtf8Bytes() {
    Outbox small =
        Outbox.create(OutboxConfig.defaults().withMaxPayloadBytes(60), Clock.systemUTC());
    String payload = "{\"message\": \"" + "\u00e9".repeat(24) + "\"}"; // 39 chars, 63 bytes

    assertThatThrownBy(
            () -> small.prepare(OutboxEvent.of("posthorn.ping", "Posthorn", "ping", payload)))
        .hasMessageContaining("is 63 bytes, over the limit of 60 bytes");
  }

  @Test
  void refusesAPayloadThatIsNotAnObjectNamingIt() {
    assertThatThrownBy(
            () -> outbox.prepare(OutboxEvent.of("posthorn.ping", "Posthorn", "ping", "[1, 2]")))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("payload: expected a JSON object but got a JSON array");
  }

  @Test
  void refusesMalformedMetadataNamingIt() {
    assertThatThrownBy(
            () ->
                outbox.prepare(
                    OutboxEvent.of("posthorn.ping", "Posthorn", "ping", "{}")
                        .withMetadata("{\"source\": ")))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("metadata is not well-formed JSON");
  }

  @Test
  void refusesABlankAggregateIdNamingIt() {
    assertThatThrownBy(() -> outbox.prepare(OutboxEvent.of("posthorn.ping", "Posthorn", " ", "{}")))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("aggregateId must be non-blank");
  }

  @Test
  void configRefusesALimitAboveTheDatabasesNamingTheKey() {
    assertThatThrownBy(() -> OutboxConfig.defaults().withMaxPayloadBytes(262_145))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("outbox.max-payload-bytes must be between 1 and 262144")
        .hasMessageContaining("got 262145");
  }
}
