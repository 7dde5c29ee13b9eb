package io.posthorn.registry.connection;

import io.posthorn.schema.connection.ConnectionDocument;
import io.posthorn.schema.connection.Provider;
import java.time.Duration;
import java.util.List;

/**
 * What a connection's owner chooses, as the API reads it: everything of its document but the id,
 * the tenant and the sealed secret.
 */
record ConnectionSettings(
    Provider provider,
    String description,
    String eventTypePrefix,
    Duration tolerance,
    ConnectionDocument.Hmac hmac,
    List<String> allowCidrs,
    int rateLimitPerSecond) {

  ConnectionDocument document(String id, String tenantId, String sealedSecret) {
    return new ConnectionDocument(
        id,
        tenantId,
        provider,
        eventTypePrefix,
        sealedSecret,
        tolerance,
        hmac,
        allowCidrs,
        rateLimitPerSecond);
  }

  static ConnectionSettings of(ConnectionDocument d, String description) {
    return new ConnectionSettings(
        d.provider(),
        description,
        d.eventTypePrefix(),
        d.tolerance(),
        d.hmac(),
        d.allowCidrs(),
        d.rateLimitPerSecond());
  }
}
