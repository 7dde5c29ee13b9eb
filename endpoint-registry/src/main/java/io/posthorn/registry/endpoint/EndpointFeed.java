package io.posthorn.registry.endpoint;

import io.posthorn.schema.endpoint.EndpointDocument;
import io.posthorn.schema.endpoint.EndpointDocumentCodec;
import io.posthorn.schema.endpoint.EndpointFeedTable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Writes an endpoint's full document, or its deletion, to the feed table in the transaction of the
 * change ({@link EndpointFeedTable}); the relay carries each row to {@code posthorn.endpoints}. So a
 * change reaches the workers if and only if it commits, in commit order.
 */
final class EndpointFeed {
  private static final String INSERT = "INSERT INTO " + EndpointFeedTable.TABLE + " (" + EndpointFeedTable.ENDPOINT_ID
      + ", " + EndpointFeedTable.DOCUMENT + ") VALUES (:id, CAST(:document AS jsonb))";

  private EndpointFeed() {}

  static void publish(Handle h, EndpointRow row, List<EndpointDocument.Secret> secrets, boolean privateAllowed) {
    EndpointDocument doc = new EndpointDocument(row.id(), row.tenantId(), row.url(), row.enabled(), row.eventTypes(),
        secrets, row.timeoutMs(), row.maxInFlight(), row.rateLimitPerSecond(), row.headers(), privateAllowed);
    String json = new String(EndpointDocumentCodec.encode(doc), StandardCharsets.UTF_8);
    h.createUpdate(INSERT).bind("id", row.id()).bind("document", json).execute();
  }

  static void publishDeletion(Handle h, String endpointId) {
    h.createUpdate(INSERT).bind("id", endpointId).bind("document", (String) null).execute();
  }
}
