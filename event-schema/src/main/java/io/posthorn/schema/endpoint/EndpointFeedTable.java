package io.posthorn.schema.endpoint;

/**
 * The registry's endpoint feed: an insert-only table in the registry's database holding, for every
 * change of an endpoint, the full {@link EndpointDocument} (secrets sealed) or {@code NULL} when
 * the endpoint was deleted. The registry writes a row in the same transaction as the change; the
 * relay captures its inserts from the WAL like the outbox's and publishes each as one record on
 * {@code posthorn.endpoints} (key = {@link #ENDPOINT_ID}, value = the document, {@code NULL} → a
 * tombstone). The registry's migrations create it; this class is the contract both sides read.
 */
public final class EndpointFeedTable {
  public static final String SCHEMA = "posthorn_registry";
  public static final String TABLE = SCHEMA + ".endpoint_feed";

  /** {@code text}: the endpoint id, the record key. */
  public static final String ENDPOINT_ID = "endpoint_id";

  /**
   * {@code jsonb NULL}: the document ({@link EndpointDocumentCodec}), {@code NULL} for a deletion.
   */
  public static final String DOCUMENT = "document";

  private EndpointFeedTable() {}
}
