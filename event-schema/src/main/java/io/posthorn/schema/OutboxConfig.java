package io.posthorn.schema;

import io.posthorn.schema.catalog.UnregisteredTypes;
import java.util.Objects;

/**
 * Settings of the {@link Outbox} writer.
 *
 * @param maxPayloadBytes {@code outbox.max-payload-bytes}: the largest payload accepted, in UTF-8
 *     bytes of the text passed in; 1 to {@value #DATABASE_MAX_PAYLOAD_BYTES} (the database's own
 *     limit, constraint {@code outbox_payload_size}); default {@value #DATABASE_MAX_PAYLOAD_BYTES}
 * @param unregisteredTypes {@code outbox.unregistered-types}: whether a type that is not in the
 *     catalog is refused (default) or accepted; the relay refuses them either way today
 */
public record OutboxConfig(int maxPayloadBytes, UnregisteredTypes unregisteredTypes) {
  /** 256 KiB: the ceiling the database enforces on the rendered {@code jsonb}. */
  public static final int DATABASE_MAX_PAYLOAD_BYTES = 256 * 1024;

  public OutboxConfig {
    if (maxPayloadBytes < 1 || maxPayloadBytes > DATABASE_MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException(
          "outbox.max-payload-bytes must be between 1 and "
              + DATABASE_MAX_PAYLOAD_BYTES
              + " (the database refuses larger payloads: constraint outbox_payload_size), got "
              + maxPayloadBytes);
    }
    Objects.requireNonNull(unregisteredTypes, "outbox.unregistered-types");
  }

  public static OutboxConfig defaults() {
    return new OutboxConfig(DATABASE_MAX_PAYLOAD_BYTES, UnregisteredTypes.REFUSE);
  }

  public OutboxConfig withMaxPayloadBytes(int maxPayloadBytes) {
    return new OutboxConfig(maxPayloadBytes, unregisteredTypes);
  }

  public OutboxConfig withUnregisteredTypes(UnregisteredTypes unregisteredTypes) {
    return new OutboxConfig(maxPayloadBytes, unregisteredTypes);
  }
}
