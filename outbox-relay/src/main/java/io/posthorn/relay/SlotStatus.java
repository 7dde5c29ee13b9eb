package io.posthorn.relay;

/**
 * The replication slot as PostgreSQL reports it, checked every few seconds by the relay.
 *
 * @param slotName the slot
 * @param exists false if the slot is missing (then the other fields are empty)
 * @param active whether a walsender is streaming from it now
 * @param retainedWalBytes WAL the slot keeps from being recycled: current WAL position minus the
 *     slot's restart position; grows while the relay is stopped or stuck
 * @param walStatus PostgreSQL's {@code wal_status}: {@code reserved}, {@code extended}, {@code
 *     unreserved} (over {@code max_slot_wal_keep_size}, about to be lost) or {@code lost} (WAL the
 *     slot needed is gone: events were lost); null if unknown
 */
public record SlotStatus(
    String slotName, boolean exists, boolean active, long retainedWalBytes, String walStatus) {

  static SlotStatus missing(String slotName) {
    return new SlotStatus(slotName, false, false, 0, null);
  }

  /** True when PostgreSQL removed WAL the slot still needed. */
  public boolean walLost() {
    return "lost".equals(walStatus);
  }
}
