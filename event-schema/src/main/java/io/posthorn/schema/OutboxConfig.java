package io.posthorn.schema;

import io.posthorn.schema.catalog.EventCatalog;
import io.posthorn.schema.catalog.UnregisteredTypes;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the {@link Outbox} writer.
 *
 * @param maxPayloadBytes {@code outbox.max-payload-bytes}: the largest payload accepted, in UTF-8
 *     bytes of the text passed in; 1 to {@value #DATABASE_MAX_PAYLOAD_BYTES} (the database's own
 *     limit, constraint {@code outbox_payload_size}); default {@value #DATABASE_MAX_PAYLOAD_BYTES}
 * @param unregisteredTypes {@code outbox.unregistered-types}: whether a type that is not in the
 *     catalog is refused (default) or accepted; the relay refuses them either way today
 * @param catalogDir {@code catalog.dir}: the catalog directory (one {@code <type>.json} per type);
 *     empty (default) for {@link EventCatalog#standard()}: the directory in {@code
 *     POSTHORN_CATALOG_DIR}, or only Posthorn's own types when that is unset. The writer follows
 *     changes to the directory without a restart ({@link Outbox})
 */
public record OutboxConfig(
    int maxPayloadBytes, UnregisteredTypes unregisteredTypes, Optional<Path> catalogDir) {
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
    Objects.requireNonNull(catalogDir, EventCatalog.DIR_KEY);
  }

  public static OutboxConfig defaults() {
    return new OutboxConfig(DATABASE_MAX_PAYLOAD_BYTES, UnregisteredTypes.REFUSE, Optional.empty());
  }

  public OutboxConfig withMaxPayloadBytes(int maxPayloadBytes) {
    return new OutboxConfig(maxPayloadBytes, unregisteredTypes, catalogDir);
  }

  public OutboxConfig withUnregisteredTypes(UnregisteredTypes unregisteredTypes) {
    return new OutboxConfig(maxPayloadBytes, unregisteredTypes, catalogDir);
  }

  /** This config with {@code catalog.dir} set: the writer reads its types from {@code dir}. */
  public OutboxConfig withCatalogDir(Path dir) {
    return new OutboxConfig(maxPayloadBytes, unregisteredTypes, Optional.of(dir));
  }
}
