package io.posthorn.schema;

import io.posthorn.schema.catalog.CatalogReload;
import io.posthorn.schema.catalog.CatalogType;
import io.posthorn.schema.catalog.CatalogVersion;
import io.posthorn.schema.catalog.EventCatalog;
import io.posthorn.schema.catalog.LiveCatalog;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The writer product services emit events with: it checks each event against the rules and the
 * {@link EventCatalog}, then inserts it into {@code posthorn.outbox} on the caller's connection,
 * inside the caller's open transaction. It never begins, commits or rolls back: the event is
 * relayed only if the caller's transaction commits, together with the business write. (With jdbi,
 * see {@link JdbiOutbox}.)
 *
 * <p>Before any insert, every event must: have a type that follows the naming rule and is in the
 * catalog (unless {@link OutboxConfig#unregisteredTypes()} accepts others), a non-blank aggregate
 * type and id, a payload that is a JSON object no larger than {@link
 * OutboxConfig#maxPayloadBytes()} and fits its type's schema, and metadata that is a JSON object. A
 * refusal is an {@link InvalidEventException} (a {@link
 * io.posthorn.schema.catalog.SchemaViolationException} for schema violations) whose message names
 * the field, JSON pointer and rule; nothing is inserted. The id is generated when absent, {@code
 * occurredAt} is the injected clock's instant, and the trace id comes from the event's {@code
 * traceparent}, and the catalog schema version the payload was checked against (the event's {@link
 * OutboxEvent#schemaVersion()}, else the type's latest) is stamped into the row's {@code
 * schema_version} and the envelope's {@code schemaVersion}. Emitting a type the catalog marks
 * deprecated tells the {@link OutboxListener} (by default: a logged warning).
 *
 * <p>A writer with a catalog directory ({@link OutboxConfig#catalogDir()}, else {@code
 * POSTHORN_CATALOG_DIR}) follows changes to it without a restart, with no thread or signal handler
 * of its own: at most once per {@link #CATALOG_CHECK_INTERVAL} (by the injected clock) it looks
 * whether a file of the directory changed, and whenever the catalog refuses an event it looks at
 * once, so an event a newer file accepts is never refused. A look costs a directory listing; only a
 * changed directory is read again ({@link LiveCatalog#refresh()}, logged like the relay's reloads).
 *
 * <p>Thread-safe; create one per service and share it.
 */
public final class Outbox {
  private static final String INSERT =
      "INSERT INTO "
          + OutboxSchema.OUTBOX_TABLE
          + " (id, event_type, aggregate_type, aggregate_id, tenant_id, payload, metadata, occurred_at, trace_id,"
          + " schema_version) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?)";

  /** How often, at most, an emit looks whether the catalog directory changed. */
  public static final Duration CATALOG_CHECK_INTERVAL = Duration.ofSeconds(1);

  private final OutboxConfig config;
  private final LiveCatalog catalog;
  private final Clock clock;
  private final OutboxListener listener;
  private volatile Instant nextCatalogCheck = Instant.MIN;

  private Outbox(OutboxConfig config, LiveCatalog catalog, Clock clock, OutboxListener listener) {
    this.config = Objects.requireNonNull(config, "config");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * A writer checking against the catalog of {@link OutboxConfig#catalogDir()} (Posthorn's own
   * types plus that directory's), else {@link EventCatalog#standard()} (the directory in {@code
   * POSTHORN_CATALOG_DIR}), following changes to that directory; stamping {@code occurredAt} from
   * {@code clock}; logging a warning for each deprecated type emitted.
   *
   * @throws io.posthorn.schema.catalog.InvalidCatalogException naming the file and the reason when
   *     the catalog cannot be loaded
   */
  public static Outbox create(OutboxConfig config, Clock clock) {
    return create(config, clock, OutboxListener.LOG);
  }

  /** Like {@link #create(OutboxConfig, Clock)}, reporting to {@code listener} instead. */
  public static Outbox create(OutboxConfig config, Clock clock, OutboxListener listener) {
    return new Outbox(
        config, LiveCatalog.load(config.catalogDir(), LiveCatalog.LOG), clock, listener);
  }

  /**
   * A writer checking against {@code catalog}, which never changes, whatever the config's directory
   * says.
   */
  public static Outbox create(
      OutboxConfig config, EventCatalog catalog, Clock clock, OutboxListener listener) {
    return new Outbox(config, LiveCatalog.fixed(catalog), clock, listener);
  }

  /**
   * Inserts one event in the caller's transaction and returns the envelope subscribers will
   * receive.
   *
   * @throws InvalidEventException if the event breaks a rule; nothing was inserted
   * @throws IllegalStateException if {@code connection} is in auto-commit mode (the event would not
   *     be part of the business transaction)
   * @throws OutboxWriteException if the database refused the insert
   */
  public Envelope emit(Connection connection, OutboxEvent event) {
    return emitAll(connection, List.of(event)).get(0);
  }

  /**
   * Checks every event, then inserts them all with one batched statement; all or none are inserted.
   */
  public List<Envelope> emitAll(Connection connection, List<OutboxEvent> events) {
    requireTransaction(connection);
    List<Envelope> envelopes = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      envelopes.add(events.size() == 1 ? prepare(events.get(i)) : prepare(events.get(i), i));
    }
    insert(connection, envelopes);
    return envelopes;
  }

  /** Checks one event and builds the envelope it would become, without writing anything. */
  public Envelope prepare(OutboxEvent event) {
    int payloadBytes =
        event.payload() == null ? 0 : event.payload().getBytes(StandardCharsets.UTF_8).length;
    if (payloadBytes > config.maxPayloadBytes()) {
      throw new InvalidEventException(
          "payload of "
              + event.type()
              + " is "
              + payloadBytes
              + " bytes, over the limit of "
              + config.maxPayloadBytes()
              + " bytes (outbox.max-payload-bytes)");
    }
    Envelope envelope =
        new Envelope(
            event.id() == null ? UUID.randomUUID() : event.id(),
            EventType.of(event.type()),
            event.aggregateType(),
            event.aggregateId(),
            event.tenantId(),
            field("payload", event.payload()),
            event.metadata() == null ? JsonObjectText.EMPTY : field("metadata", event.metadata()),
            clock.instant(),
            TraceId.fromTraceparent(event.traceparent()).orElse(null));
    if (event.metadata() != null) {
      wellFormed("metadata", event.metadata());
    }
    EventCatalog checked = catalogNow();
    Optional<CatalogVersion> version;
    try {
      version = require(checked, envelope, event.schemaVersion());
    } catch (InvalidEventException refused) {
      if (!(catalog.refresh() instanceof CatalogReload.Changed)) {
        throw refused;
      }
      checked = catalog.get(); // the directory changed since it was read: check once more
      version = require(checked, envelope, event.schemaVersion());
    }
    if (version.isEmpty()) {
      return envelope;
    }
    Envelope stamped = envelope.withSchemaVersion(version.get().version());
    CatalogType type = checked.find(envelope.eventType()).orElseThrow();
    if (type.deprecated()) {
      listener.deprecatedTypeEmitted(stamped, type);
    }
    return stamped;
  }

  private Optional<CatalogVersion> require(EventCatalog checked, Envelope envelope, int version) {
    return checked.require(
        envelope.eventType(), version, envelope.payload(), config.unregisteredTypes());
  }

  /** The catalog in force, after looking whether its directory changed when that is due. */
  private EventCatalog catalogNow() {
    Instant now = clock.instant();
    if (!now.isBefore(nextCatalogCheck)) {
      nextCatalogCheck = now.plus(CATALOG_CHECK_INTERVAL);
      catalog.refresh();
    }
    return catalog.get();
  }

  private Envelope prepare(OutboxEvent event, int index) {
    try {
      return prepare(event);
    } catch (InvalidEventException e) {
      throw new InvalidEventException("event [" + index + "] of the batch: " + e.getMessage(), e);
    }
  }

  private static void wellFormed(String name, String json) {
    try {
      EnvelopeCodec.tree(json);
    } catch (InvalidEventException e) {
      throw new InvalidEventException(name + " is not well-formed JSON: " + e.getMessage(), e);
    }
  }

  private static JsonObjectText field(String name, String json) {
    try {
      return new JsonObjectText(json);
    } catch (InvalidEventException e) {
      throw new InvalidEventException(name + ": " + e.getMessage(), e);
    }
  }

  private static void requireTransaction(Connection connection) {
    try {
      if (connection.getAutoCommit()) {
        throw new IllegalStateException(
            "the connection is in auto-commit mode: emit inside the transaction of the"
                + " business write (connection.setAutoCommit(false), then commit both together)");
      }
    } catch (SQLException e) {
      throw new OutboxWriteException(
          "reading the connection's auto-commit mode: " + e.getMessage(), e);
    }
  }

  private static void insert(Connection connection, List<Envelope> events) {
    if (events.isEmpty()) {
      return;
    }
    try (PreparedStatement s = connection.prepareStatement(INSERT)) {
      if (events.size() == 1) {
        bind(s, events.get(0));
        s.executeUpdate(); // one event, the common case: no batch bookkeeping
      } else {
        for (Envelope e : events) {
          bind(s, e);
          s.addBatch();
        }
        s.executeBatch();
      }
    } catch (SQLException e) {
      throw new OutboxWriteException(
          "inserting "
              + events.size()
              + " event(s) into "
              + OutboxSchema.OUTBOX_TABLE
              + " (first id "
              + events.get(0).id()
              + "): "
              + e.getMessage(),
          e);
    }
  }

  private static void bind(PreparedStatement s, Envelope e) throws SQLException {
    s.setObject(1, e.id());
    s.setString(2, e.eventType().name());
    s.setString(3, e.aggregateType());
    s.setString(4, e.aggregateId());
    setNullable(s, 5, e.tenantId());
    s.setString(6, e.payload().json());
    s.setString(7, e.metadata().json());
    s.setTimestamp(8, Timestamp.from(e.occurredAt()));
    setNullable(s, 9, e.traceId());
    if (e.schemaVersion() == 0) {
      s.setNull(10, Types.INTEGER);
    } else {
      s.setInt(10, e.schemaVersion());
    }
  }

  private static void setNullable(PreparedStatement s, int index, String value)
      throws SQLException {
    if (value == null) {
      s.setNull(index, Types.VARCHAR);
    } else {
      s.setString(index, value);
    }
  }
}
