package io.posthorn.registry.connection;

import io.posthorn.schema.connection.ConnectionDocument;
import java.time.Instant;

/** One row of {@code posthorn_registry.connections}, its document decoded. */
record ConnectionRow(
    long seq,
    String description,
    boolean enabled,
    ConnectionDocument document,
    Instant createdAt,
    Instant updatedAt) {

  String id() {
    return document.id();
  }

  ConnectionSettings settings() {
    return ConnectionSettings.of(document, description);
  }
}
