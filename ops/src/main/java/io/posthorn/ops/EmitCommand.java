package io.posthorn.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.posthorn.schema.Envelope;
import io.posthorn.schema.EnvelopeCodec;
import io.posthorn.schema.InvalidEventException;
import io.posthorn.schema.Outbox;
import io.posthorn.schema.OutboxConfig;
import io.posthorn.schema.OutboxEvent;
import io.posthorn.schema.OutboxListener;
import io.posthorn.schema.catalog.UnregisteredTypes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code posthorn emit}: one event through the {@link Outbox} writer, in a transaction of its own.
 */
@Command(
    name = "emit",
    mixinStandardHelpOptions = true,
    description =
        "Checks one event against the event catalog (--catalog-dir or $POSTHORN_CATALOG_DIR) and"
            + " inserts it into posthorn.outbox, as a product service would. Prints the event id.",
    footer = {
      "%nThe aggregate defaults to the type's first segment and the payload's <segment>Id field:",
      "  posthorn emit user.created '{\"userId\": \"usr_1\", \"email\": \"ada@example.com\"}'",
      "  posthorn emit order.completed '{\"orderId\": \"ord_1\", \"totalCents\": 4200, \"currency\": \"EUR\"}' \\",
      "      --tenant acme --jdbc-url jdbc:postgresql://127.0.0.1:5433/posthorn",
      "`posthorn event-types --examples` lists every type with an example payload."
    })
final class EmitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatabaseOptions database;
  @Mixin CatalogOptions catalog;

  @Parameters(
      index = "0",
      paramLabel = "TYPE",
      description = "The event type, e.g. order.completed.")
  String type;

  @Parameters(index = "1", paramLabel = "PAYLOAD", description = "The payload: a JSON object.")
  String payload;

  @Option(
      names = "--aggregate-type",
      paramLabel = "TYPE",
      description = "Default: the type's first segment.")
  String aggregateType;

  @Option(
      names = "--aggregate-id",
      paramLabel = "ID",
      description = "Default: the payload's <segment>Id field.")
  String aggregateId;

  @Option(names = "--tenant", paramLabel = "ID", description = "The owning tenant (default: none).")
  String tenant;

  @Option(
      names = "--metadata",
      paramLabel = "JSON",
      description = "A JSON object of context (default: {}).")
  String metadata;

  @Option(
      names = "--traceparent",
      paramLabel = "HEADER",
      description = "A W3C traceparent to take the trace id from.")
  String traceparent;

  @Option(
      names = "--id",
      paramLabel = "UUID",
      description = "The event id (default: a new random one).")
  UUID id;

  @Option(
      names = "--schema-version",
      paramLabel = "N",
      description = "Check and stamp this schema version of the type (default: its latest).")
  int schemaVersion;

  @Option(
      names = "--allow-unregistered",
      description =
          "Accept a type that is not in the catalog. The relay"
              + " still quarantines it to posthorn.events.invalid.")
  boolean allowUnregistered;

  @Override
  public Integer call() throws SQLException {
    String segment = type == null ? "" : type.split("\\.", 2)[0];
    OutboxEvent event =
        OutboxEvent.of(
                type,
                aggregateType == null ? segment : aggregateType,
                aggregateId == null ? aggregateIdFromPayload(segment) : aggregateId,
                payload)
            .withTenant(tenant)
            .withMetadata(metadata)
            .withTraceparent(traceparent)
            .withId(id)
            .withSchemaVersion(schemaVersion);
    if (schemaVersion < 0) {
      throw new ParameterException(spec.commandLine(), "--schema-version must be 1 or more");
    }
    Outbox outbox =
        Outbox.create(
            OutboxConfig.defaults()
                .withUnregisteredTypes(
                    allowUnregistered ? UnregisteredTypes.ACCEPT : UnregisteredTypes.REFUSE),
            catalog.catalog(),
            Clock.systemUTC(),
            OutboxListener.LOG);
    outbox.prepare(event); // a bad event is refused before the database is touched
    Envelope written;
    try (Connection c = database.connect()) {
      c.setAutoCommit(false);
      written = outbox.emit(c, event);
      c.commit();
    }
    spec.commandLine()
        .getOut()
        .printf(
            "emitted %s %s (aggregate %s %s)%n",
            written.eventType(), written.id(), written.aggregateType(), written.aggregateId());
    spec.commandLine().getOut().flush();
    return 0;
  }

  private String aggregateIdFromPayload(String segment) {
    String field = segment + "Id";
    JsonNode value;
    try {
      value = EnvelopeCodec.tree(payload).path(field);
    } catch (InvalidEventException e) {
      throw new InvalidEventException("payload is not well-formed JSON: " + e.getMessage(), e);
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new ParameterException(
          spec.commandLine(),
          "--aggregate-id is required: the payload has no \""
              + field
              + "\" string to take it from");
    }
    return value.asText();
  }
}
