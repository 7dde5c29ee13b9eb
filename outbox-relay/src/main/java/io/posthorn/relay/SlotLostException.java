package io.posthorn.relay;

/**
 * The replication slot is missing although this relay has streamed from it before (its offsets are
 * in Kafka): typically after a PostgreSQL failover to a server without the slot. A new slot would
 * start at the current WAL position and silently skip what was committed in between, so the relay
 * refuses; docs/operations/relay.md says what to do.
 */
public final class SlotLostException extends RelayException {
  private static final long serialVersionUID = 1L;

  public SlotLostException(String message) {
    super(message);
  }
}
