package io.posthorn.registry.connection;

import io.posthorn.registry.InvalidInputException;
import io.posthorn.registry.NotFoundException;
import io.posthorn.registry.auth.Caller;
import io.posthorn.registry.auth.Tenants;
import io.posthorn.schema.connection.ConnectionDocument;
import io.posthorn.schema.connection.ConnectionDocumentCodec;
import io.posthorn.schema.connection.Provider;
import io.posthorn.schema.endpoint.SecretSeal;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every change to a connection, each in one transaction, scoped to the caller (another tenant's
 * connection is "not found"). Secrets are sealed for the connection ({@link
 * SecretSeal#sealConnection}) before anything is stored and never logged; a secret not given is
 * generated ({@code whsec_} + 32 random bytes, base64), which every scheme can use.
 */
public final class Connections {
  private static final Logger log = LoggerFactory.getLogger(Connections.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String COLUMNS =
      "seq, description, enabled, document::text AS document, created_at, updated_at";
  private static final String SCOPE = " AND (CAST(:scope AS text) IS NULL OR tenant_id = :scope)";

  private final Jdbi jdbi;
  private final Tenants tenants;
  private final SecretSeal seal;
  private final Clock clock;

  public Connections(Jdbi jdbi, Tenants tenants, SecretSeal seal, Clock clock) {
    this.jdbi = jdbi;
    this.tenants = tenants;
    this.seal = seal;
    this.clock = clock;
  }

  /** A new connection and its secret, shown this once (and by the secret route). */
  record Created(ConnectionRow row, String secret) {}

  /** The verification secret ({@code ConnectionSecret} in openapi.yaml). */
  record SecretView(String secret) {
    @Override
    public String toString() {
      return "SecretView[***]";
    }
  }

  Created create(ConnectionInput.Create in) {
    String secret = in.secret() == null ? generate() : in.secret();
    requireUsable(in.settings().provider(), secret);
    return jdbi.inTransaction(
        h -> {
          Instant now = clock.instant();
          if (in.tenantId() != null) {
            tenants.ensure(h, in.tenantId(), now);
          }
          String id = "cn_" + HexFormat.of().formatHex(random(12));
          ConnectionDocument doc =
              in.settings().document(id, in.tenantId(), seal.sealConnection(id, secret));
          h.createUpdate(
                  "INSERT INTO posthorn_registry.connections"
                      + " (id, tenant_id, description, enabled, document, created_at, updated_at)"
                      + " VALUES (:id, :tenant, :description, true, CAST(:doc AS jsonb), :now, :now)")
              .bind("id", id)
              .bind("tenant", in.tenantId())
              .bind("description", in.settings().description())
              .bind("doc", ConnectionDocumentCodec.encode(doc))
              .bind("now", now)
              .execute();
          log.info(
              "connection {} created for {} ({})",
              id,
              in.tenantId() == null ? "no tenant" : "tenant " + in.tenantId(),
              doc.provider().wireName());
          return new Created(find(h, id, null).orElseThrow(), secret);
        });
  }

  ConnectionRow get(Caller caller, String id) {
    return jdbi.inTransaction(h -> require(h, caller, id));
  }

  List<ConnectionRow> list(Caller caller, Optional<String> tenant, long afterSeq, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM posthorn_registry.connections WHERE seq > :after"
                        + SCOPE
                        + " AND (CAST(:tenant AS text) IS NULL OR tenant_id = :tenant)"
                        + " ORDER BY seq LIMIT :limit")
                .bind("after", afterSeq)
                .bind("scope", caller.scope())
                .bind("tenant", tenant.orElse(null))
                .bind("limit", limit)
                .map(Connections::row)
                .list());
  }

  ConnectionRow update(
      Caller caller,
      String id,
      java.util.function.Function<ConnectionSettings, ConnectionInput.Patch> patch) {
    return jdbi.inTransaction(
        h -> {
          ConnectionRow current = require(h, caller, id);
          ConnectionInput.Patch p = patch.apply(current.settings());
          String sealed = current.document().sealedSecret();
          if (p.secret() != null) {
            requireUsable(current.document().provider(), p.secret());
            sealed = seal.sealConnection(id, p.secret());
          }
          ConnectionDocument doc = p.settings().document(id, current.document().tenantId(), sealed);
          h.createUpdate(
                  "UPDATE posthorn_registry.connections SET description = :description,"
                      + " document = CAST(:doc AS jsonb), updated_at = :now WHERE id = :id")
              .bind("description", p.settings().description())
              .bind("doc", ConnectionDocumentCodec.encode(doc))
              .bind("now", clock.instant())
              .bind("id", id)
              .execute();
          log.info("connection {} changed{}", id, p.secret() == null ? "" : ", with a new secret");
          return find(h, id, null).orElseThrow();
        });
  }

  ConnectionRow setEnabled(Caller caller, String id, boolean enabled) {
    return jdbi.inTransaction(
        h -> {
          require(h, caller, id);
          h.createUpdate(
                  "UPDATE posthorn_registry.connections SET enabled = :enabled, updated_at = :now"
                      + " WHERE id = :id")
              .bind("enabled", enabled)
              .bind("now", clock.instant())
              .bind("id", id)
              .execute();
          log.info("connection {} {}", id, enabled ? "enabled" : "disabled");
          return find(h, id, null).orElseThrow();
        });
  }

  void delete(Caller caller, String id) {
    jdbi.useTransaction(
        h -> {
          require(h, caller, id);
          h.createUpdate("DELETE FROM posthorn_registry.connections WHERE id = :id")
              .bind("id", id)
              .execute();
          log.info("connection {} deleted", id);
        });
  }

  SecretView secret(Caller caller, String id) {
    ConnectionRow row = get(caller, id);
    return new SecretView(seal.openConnection(id, row.document().sealedSecret()));
  }

  private static ConnectionRow require(Handle h, Caller caller, String id) {
    return find(h, id, caller.scope())
        .orElseThrow(() -> new NotFoundException("connectionId", "no connection " + id));
  }

  private static Optional<ConnectionRow> find(Handle h, String id, String scope) {
    return h.createQuery(
            "SELECT "
                + COLUMNS
                + " FROM posthorn_registry.connections WHERE id = :id"
                + SCOPE
                + " FOR UPDATE")
        .bind("id", id)
        .bind("scope", scope)
        .map(Connections::row)
        .findOne();
  }

  private static ConnectionRow row(ResultSet rs, StatementContext ctx) throws SQLException {
    return new ConnectionRow(
        rs.getLong("seq"),
        rs.getString("description"),
        rs.getBoolean("enabled"),
        ConnectionDocumentCodec.decode(rs.getString("document")),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }

  /** A Standard Webhooks key is the base64 after {@code whsec_}; every other scheme takes any. */
  private static void requireUsable(Provider provider, String secret) {
    if (provider != Provider.STANDARD_WEBHOOKS) {
      return;
    }
    String encoded = secret.startsWith("whsec_") ? secret.substring(6) : secret;
    try {
      if (Base64.getDecoder().decode(encoded).length >= 16) {
        return;
      }
    } catch (IllegalArgumentException e) {
      // refused below
    }
    throw new InvalidInputException(
        "secret", "a standard-webhooks secret must be whsec_ and base64 of at least 16 bytes");
  }

  private static String generate() {
    return "whsec_" + Base64.getEncoder().encodeToString(random(32));
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
