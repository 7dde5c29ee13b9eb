package io.posthorn.relay;

import io.posthorn.schema.EventType;
import io.posthorn.schema.InvalidEventException;
import io.posthorn.schema.catalog.CatalogType;
import io.posthorn.schema.catalog.EventCatalog;
import io.posthorn.schema.catalog.LiveCatalog;
import io.posthorn.schema.catalog.UnregisteredTypes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps outbox rows against the relay's catalog in force, and never quarantines a row because the
 * relay's catalog is older than its writer's (decisions 0042, 0047):
 *
 * <ol>
 *   <li>a row the catalog refuses (an unknown type or version, or a payload that a newer revision
 *       of its version may accept) makes the catalog {@linkplain LiveCatalog#refresh() refresh}:
 *       reload at once if a file of the directory changed since it was read, whatever the watch's
 *       quiet period says; the row is checked again;
 *   <li>a row whose type, or stamped version, the catalog still lacks is <em>held</em>: the handler
 *       waits (so every row behind it waits too, in WAL order), refreshing every {@link #POLL}, for
 *       at most {@code relay.catalog-wait}, reporting the wait to the listener (health, meter, log)
 *       and keeping the watchdog from restarting the engine;
 *   <li>only then is it quarantined, its reason naming the wait.
 * </ol>
 *
 * <p>It waits once per missing type or version and catalog: after a wait for {@code invoice.voided}
 * gave up, later rows of {@code invoice.voided} are quarantined at once until the catalog changes,
 * so a plain-SQL writer's typo repeated on every row costs one wait, not one per row.
 *
 * <p>A payload that breaks a version the catalog has is quarantined after step 1: holding cannot
 * help it. Not thread-safe: one capture run's handler thread, except {@link #stop()}.
 */
final class CatalogRecheck {
  private static final Logger log = LoggerFactory.getLogger(CatalogRecheck.class);
  static final Duration POLL = Duration.ofMillis(100);

  private final LiveCatalog catalog;
  private final Clock clock;
  private final Duration maxWait;
  private final RelayListener listener;
  private final Runnable holding;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Set<String> gaveUp = new HashSet<>(); // missing after a wait under gaveUpUnder
  private EventCatalog gaveUpUnder;

  /**
   * @param maxWait {@code relay.catalog-wait}: how long a row with a missing type or version is
   *     held; zero quarantines it after the refresh
   * @param holding called while a row is held, at least every {@link #POLL} (the watchdog: holding
   *     on purpose is no stall)
   */
  CatalogRecheck(
      LiveCatalog catalog,
      Clock clock,
      Duration maxWait,
      RelayListener listener,
      Runnable holding) {
    this.catalog = catalog;
    this.clock = clock;
    this.maxWait = maxWait;
    this.listener = listener;
    this.holding = holding;
  }

  /** Thrown out of {@link #map} when the run stops while a row is held: nothing may be marked. */
  static final class HoldAbandoned extends RuntimeException {
    HoldAbandoned() {
      super("the relay stopped while a row waited for the event catalog", null, false, false);
    }
  }

  /**
   * @throws HoldAbandoned when {@link #stop()} was called, or the thread interrupted, while the row
   *     was held
   */
  CapturedRow map(Struct after) {
    EventCatalog checked = catalog.get();
    CapturedRow row = map(after, checked);
    if (!(row instanceof CapturedRow.Invalid)) {
      return row;
    }
    catalog.refresh();
    if (catalog.get() != checked) { // reloaded, here or by the directory watch meanwhile
      checked = catalog.get();
      row = map(after, checked);
    }
    Optional<String> missing = missing(after, checked);
    if (!(row instanceof CapturedRow.Invalid invalid) || missing.isEmpty() || maxWait.isZero()) {
      return row;
    }
    if (checked == gaveUpUnder && gaveUp.contains(missing.get())) {
      return new CapturedRow.Invalid(
          invalid.rowId(),
          invalid.reason()
              + " (the relay waited relay.catalog-wait for it already; quarantined at once until"
              + " its event catalog changes)",
          invalid.columns());
    }
    return hold(after, invalid, missing.get());
  }

  /** Stops holding: a row being held ends its wait with {@link HoldAbandoned}. Any thread. */
  void stop() {
    stopped.countDown();
  }

  private CapturedRow hold(Struct after, CapturedRow.Invalid refused, String missing) {
    Instant deadline = clock.instant().plus(maxWait);
    log.warn(
        "holding outbox row {}, and every row behind it, for up to {} (relay.catalog-wait): it is"
            + " {}, which the relay's event catalog lacks; deploy the catalog to the relay",
        refused.rowId(),
        maxWait,
        missing);
    listener.catalogWaitStarted(refused.rowId(), missing);
    CapturedRow row = refused;
    EventCatalog checked = catalog.get();
    boolean found = false;
    try {
      while (!found && clock.instant().isBefore(deadline)) {
        holding.run();
        try {
          if (stopped.await(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new HoldAbandoned();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new HoldAbandoned();
        }
        catalog.refresh();
        if (catalog.get() != checked) {
          checked = catalog.get();
          row = map(after, checked);
          found = missing(after, checked).isEmpty();
        }
      }
    } finally {
      listener.catalogWaitEnded(refused.rowId(), found);
    }
    if (found) {
      log.info("the event catalog gained {}: outbox row {} goes on", missing, refused.rowId());
      return row;
    }
    if (gaveUpUnder != checked) {
      gaveUp.clear();
      gaveUpUnder = checked;
    }
    gaveUp.add(missing);
    return new CapturedRow.Invalid(
        refused.rowId(),
        refused.reason()
            + " (held "
            + maxWait
            + " for the event catalog to gain it: relay.catalog-wait)",
        refused.columns());
  }

  private static CapturedRow map(Struct after, EventCatalog catalog) {
    return OutboxRowMapper.map(after, catalog, UnregisteredTypes.REFUSE);
  }

  /**
   * The type ({@code invoice.voided}) or stamped version ({@code invoice.paid v3}) of the row that
   * {@code catalog} lacks; empty when it has both, or the row is bad in another way.
   */
  static Optional<String> missing(Struct after, EventCatalog catalog) {
    Object typeColumn = after.schema().field("event_type") == null ? null : after.get("event_type");
    Object versionColumn =
        after.schema().field("schema_version") == null ? null : after.get("schema_version");
    EventType type;
    try {
      type = EventType.of(typeColumn == null ? null : typeColumn.toString());
    } catch (InvalidEventException e) {
      return Optional.empty();
    }
    Optional<CatalogType> entry = catalog.find(type);
    if (entry.isEmpty()) {
      return Optional.of(type.name());
    }
    if (versionColumn instanceof Number n
        && n.intValue() >= 1
        && entry.get().find(n.intValue()).isEmpty()) {
      return Optional.of(type.name() + " v" + n.intValue());
    }
    return Optional.empty();
  }
}
