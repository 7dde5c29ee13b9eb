package io.posthorn.schema.connection;

/**
 * The registry's connections table, which the inbound gateway reads (decision 0053): the registry
 * owns it (its migrations create it, its API changes it); the gateway only ever reads {@link
 * #ENABLED} and {@link #DOCUMENT} of one row by {@link #ID}. This class is the contract both sides
 * read, like {@link io.posthorn.schema.endpoint.EndpointFeedTable}.
 */
public final class ConnectionTable {
  public static final String SCHEMA = "posthorn_registry";
  public static final String TABLE = SCHEMA + ".connections";

  /** {@code text} primary key: {@code cn_} + 24 hex digits, the last segment of the ingest URL. */
  public static final String ID = "id";

  /** {@code boolean}: a disabled connection's requests are answered 404 like an unknown one. */
  public static final String ENABLED = "enabled";

  /** {@code jsonb}: the {@link ConnectionDocument} ({@link ConnectionDocumentCodec}). */
  public static final String DOCUMENT = "document";

  /** The one query the gateway runs: the enabled flag and document of the connection {@code ?}. */
  public static final String SELECT_BY_ID =
      "SELECT " + ENABLED + ", " + DOCUMENT + "::text FROM " + TABLE + " WHERE " + ID + " = ?";

  private ConnectionTable() {}
}
