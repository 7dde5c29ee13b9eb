package io.posthorn.schema;

import io.posthorn.schema.catalog.CatalogType;

/**
 * What the {@link Outbox} writer reports besides its return values. Called on the emitting thread,
 * before the insert; an implementation must be quick and must not throw (an exception would refuse
 * the emit). {@link OutboxMetrics} counts; {@link #LOG} warns through {@link System.Logger}.
 */
public interface OutboxListener {
  /**
   * An event of a type the catalog marks {@code deprecated} passed the checks and is about to be
   * inserted. Subscribers should move off the type; the producer should stop emitting it.
   */
  default void deprecatedTypeEmitted(Envelope event, CatalogType type) {}

  /** Does nothing. */
  OutboxListener NONE = new OutboxListener() {};

  /** Logs one warning per deprecated event (the writer's default). */
  OutboxListener LOG =
      new OutboxListener() {
        private final System.Logger log = System.getLogger(Outbox.class.getName());

        @Override
        public void deprecatedTypeEmitted(Envelope event, CatalogType type) {
          log.log(
              System.Logger.Level.WARNING,
              "emitting deprecated event type {0} (schema version {1}, event {2}): {3}",
              type.type(),
              event.schemaVersion(),
              event.id(),
              type.description());
        }
      };

  /** Calls each listener in order. */
  static OutboxListener all(OutboxListener... listeners) {
    return new OutboxListener() {
      @Override
      public void deprecatedTypeEmitted(Envelope event, CatalogType type) {
        for (OutboxListener l : listeners) {
          l.deprecatedTypeEmitted(event, type);
        }
      }
    };
  }
}
