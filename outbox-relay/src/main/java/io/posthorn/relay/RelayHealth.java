package io.posthorn.relay;

import io.posthorn.schema.health.Health;

/**
 * What {@link OutboxRelay#health()} answers, kept from the relay's own events (it listens first, so
 * other listeners see the health that goes with the event they are told about):
 *
 * <ul>
 *   <li>STARTING until the relay holds the lease or stands by, while its engine starts or restarts
 *       (with why), while PostgreSQL cannot be reached, and once stopped by {@code close()};
 *   <li>STARTING while a row waits for the event catalog ({@code relay.catalog-wait}), naming the
 *       row and what the catalog lacks: nothing behind it is relayed meanwhile;
 *   <li>READY while streaming, and while standing by behind the relay that holds the lease (with
 *       the detail {@code standby: …}): a standby is doing its job, ready to take over;
 *   <li>FAILED once the relay stopped by itself: a lost slot, a missing topic it may not create, or
 *       too many restarts in a row without progress ({@link RelayGaveUpException}).
 * </ul>
 */
final class RelayHealth implements RelayListener {
  private final String slot;
  private volatile Health health = Health.starting("not started");

  RelayHealth(String slot) {
    this.slot = slot;
  }

  Health get() {
    return health;
  }

  /**
   * Not ready for a reason no listener event carries: an engine restart's cause, PostgreSQL away.
   */
  void waiting(String detail) {
    health = Health.starting(detail);
  }

  @Override
  public void standby(String holder) {
    health =
        new Health(
            Health.Status.READY, "standby: the lease of slot " + slot + " is held by " + holder);
  }

  @Override
  public void active() {
    health = Health.starting("holds the lease of slot " + slot + "; starting its engine");
  }

  @Override
  public void streaming() {
    health = Health.ready();
  }

  @Override
  public void catalogWaitStarted(String rowId, String missing) {
    health =
        Health.starting(
            "waiting for the event catalog: outbox row "
                + rowId
                + " is "
                + missing
                + ", which the relay's catalog lacks; rows behind it wait (relay.catalog-wait)");
  }

  @Override
  public void catalogWaitEnded(String rowId, boolean found) {
    if (health.status() == Health.Status.STARTING
        && health.detail().startsWith("waiting for the event catalog")) {
      health = Health.ready();
    }
  }

  @Override
  public void stopped(Throwable error) {
    health =
        error == null
            ? Health.starting("stopped")
            : Health.failed("relay on slot " + slot + " stopped: " + error.getMessage());
  }
}
