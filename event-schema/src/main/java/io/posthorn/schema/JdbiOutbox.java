package io.posthorn.schema;

import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * {@link Outbox} for services on jdbi: emits on the handle's connection, inside the handle's open
 * transaction ({@code jdbi.useTransaction(handle -> ...)}). jdbi is an optional dependency of this
 * library: a service that uses only this class needs {@code org.jdbi:jdbi3-core} itself, and a
 * service on plain JDBC never loads it.
 */
public final class JdbiOutbox {
  private final Outbox outbox;

  private JdbiOutbox(Outbox outbox) {
    this.outbox = outbox;
  }

  public static JdbiOutbox of(Outbox outbox) {
    return new JdbiOutbox(outbox);
  }

  /** Like {@link Outbox#emit}; the handle must be in a transaction. */
  public Envelope emit(Handle handle, OutboxEvent event) {
    return outbox.emit(handle.getConnection(), event);
  }

  /** Like {@link Outbox#emitAll}; the handle must be in a transaction. */
  public List<Envelope> emitAll(Handle handle, List<OutboxEvent> events) {
    return outbox.emitAll(handle.getConnection(), events);
  }
}
