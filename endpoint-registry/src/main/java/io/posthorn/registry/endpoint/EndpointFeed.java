package io.posthorn.registry.endpoint;

import io.posthorn.schema.endpoint.EndpointDocument;
import io.posthorn.schema.endpoint.EndpointDocumentCodec;
import io.posthorn.schema.endpoint.EndpointFeedTable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Writes an endpoint's full document, or its deletion, to the feed table in the transaction of the
 * change ({@link EndpointFeedTable}); the relay carries each row to {@code posthorn.endpoints}. So
 * a change reaches the workers if and only if it commits, in commit order.
 */
final class EndpointFeed {
  private static final String INSERT =
      "INSERT INTO "
          + EndpointFeedTable.TABLE
          + " ("
          + EndpointFeedTable.ENDPOINT_ID
          + ", "
          + EndpointFeedTable.DOCUMENT
          + ", written_at) VALUES (:id, CAST(:document AS jsonb), :at)";

  private static final String PURGE_BATCH =
      "DELETE FROM "
          + EndpointFeedTable.TABLE
          + " WHERE seq = ANY(ARRAY("
          + "SELECT seq FROM "
          + EndpointFeedTable.TABLE
          + " WHERE written_at < :cutoff LIMIT :batch FOR UPDATE SKIP LOCKED))";

  private EndpointFeed() {}

  /**
   * @param at the change's time (the registry's clock, which the purge also reads)
   */
  static void publish(
      Handle h,
      EndpointRow row,
      List<EndpointDocument.Secret> secrets,
      boolean privateAllowed,
      Instant at) {
    EndpointDocument doc =
        new EndpointDocument(
            row.id(),
            row.tenantId(),
            row.url(),
            row.enabled(),
            row.eventTypes(),
            secrets,
            row.timeoutMs(),
            row.maxInFlight(),
            row.rateLimitPerSecond(),
            row.sealedHeaders(),
            Map.of(),
            privateAllowed,
            row.oauth(),
            row.tls(),
            row.verificationPending(),
            row.order(),
            row.schemaVersions());
    String json = new String(EndpointDocumentCodec.encode(doc), StandardCharsets.UTF_8);
    h.createUpdate(INSERT).bind("id", row.id()).bind("document", json).bind("at", at).execute();
  }

  static void publishDeletion(Handle h, String endpointId, Instant at) {
    h.createUpdate(INSERT)
        .bind("id", endpointId)
        .bind("document", (String) null)
        .bind("at", at)
        .execute();
  }

  /**
   * Deletes feed rows written before {@code cutoff}, {@code batch} per transaction; returns how
   * many. Safe at any age: the relay reads the inserts from the WAL, and the publication carries no
   * deletes. Old rows only hold superseded documents (with their sealed secrets).
   */
  static long purge(Jdbi jdbi, Instant cutoff, int batch) {
    long deleted = 0;
    int n;
    do {
      n =
          jdbi.inTransaction(
              h ->
                  h.createUpdate(PURGE_BATCH)
                      .bind("cutoff", cutoff)
                      .bind("batch", batch)
                      .execute());
      deleted += n;
    } while (n == batch);
    return deleted;
  }
}
