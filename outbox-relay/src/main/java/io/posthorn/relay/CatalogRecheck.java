package io.posthorn.relay;

import io.posthorn.schema.catalog.LiveCatalog;
import io.posthorn.schema.catalog.UnregisteredTypes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.connect.data.Struct;

/**
 * Maps outbox rows against the relay's catalog in force, and never quarantines a row only because
 * the relay has not yet loaded the catalog its writer used (decision 0042): a row the catalog
 * refuses (an unknown type or version, or a payload a newer revision of its version may accept)
 * makes the catalog reload its directory, and is checked once more before it is quarantined.
 * Reloads read every file, so they happen at most once per {@link #MIN_INTERVAL}; the directory
 * watch reloads in between. Not thread-safe: one capture run's handler thread.
 */
final class CatalogRecheck {
  static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

  private final LiveCatalog catalog;
  private final Clock clock;
  private Instant lastReload = Instant.MIN;

  CatalogRecheck(LiveCatalog catalog, Clock clock) {
    this.catalog = catalog;
    this.clock = clock;
  }

  CapturedRow map(Struct after) {
    CapturedRow row = OutboxRowMapper.map(after, catalog.get(), UnregisteredTypes.REFUSE);
    if (row instanceof CapturedRow.Invalid && catalog.dir().isPresent() && mayReload()) {
      catalog.reload();
      row = OutboxRowMapper.map(after, catalog.get(), UnregisteredTypes.REFUSE);
    }
    return row;
  }

  private boolean mayReload() {
    Instant now = clock.instant();
    if (lastReload != Instant.MIN && now.isBefore(lastReload.plus(MIN_INTERVAL))) {
      return false;
    }
    lastReload = now;
    return true;
  }
}
