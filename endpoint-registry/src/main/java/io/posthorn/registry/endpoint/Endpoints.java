package io.posthorn.registry.endpoint;

import com.fasterxml.jackson.core.type.TypeReference;
import io.posthorn.registry.RegistryJson;
import io.posthorn.schema.endpoint.DeliveryOrder;
import io.posthorn.schema.endpoint.EndpointDocument;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.Update;

/**
 * The endpoint tables, in SQL. Every read takes the caller's scope: a tenant id restricts the query
 * to that tenant's rows, {@code null} (an admin) reads any. Methods run on the caller's handle,
 * inside its transaction.
 */
final class Endpoints {
  private static final String COLUMNS =
      "id, seq, tenant_id, url, description, enabled, disabled_reason,"
          + " event_types::text AS event_types, timeout_ms, max_in_flight, rate_limit_per_second,"
          + " headers::text AS headers, metadata::text AS metadata, oauth::text AS oauth, tls::text AS tls,"
          + " delivery, ordered_on_dead_letter, schema_versions::text AS schema_versions,"
          + " created_at, updated_at, verification::text AS verification";

  /** The API's {@code status} values, as conditions on a row. */
  static final Map<String, String> STATUS =
      Map.of(
          "enabled",
          "enabled",
          "disabled",
          "NOT enabled AND (verification IS NULL OR verification ->> 'state' <> 'pending')",
          "pending_verification",
          "NOT enabled AND verification ->> 'state' = 'pending'");

  private static final String SCOPE = " AND (CAST(:scope AS text) IS NULL OR tenant_id = :scope)";

  private Endpoints() {}

  static void insert(Handle h, EndpointRow r) {
    bindSettings(
            r,
            h.createUpdate(
                "INSERT INTO posthorn_registry.endpoints (id, tenant_id, url, description, enabled,"
                    + " event_types, timeout_ms, max_in_flight, rate_limit_per_second, headers, metadata, oauth, tls, delivery, ordered_on_dead_letter,"
                    + " schema_versions, created_at, updated_at, verification)"
                    + " VALUES (:id, :tenant, :url, :description, :enabled, CAST(:types AS jsonb), :timeout, :inflight, :rate,"
                    + " CAST(:headers AS jsonb), CAST(:metadata AS jsonb), CAST(:oauth AS jsonb), CAST(:tls AS jsonb), :delivery, :onDeadLetter,"
                    + " CAST(:pins AS jsonb), :created, :updated, CAST(:verification AS jsonb))"))
        .bind("tenant", r.tenantId())
        .bind("created", r.createdAt())
        .bind("updated", r.updatedAt())
        .execute();
  }

  static void update(Handle h, EndpointRow r) {
    bindSettings(
            r,
            h.createUpdate(
                "UPDATE posthorn_registry.endpoints SET url = :url, description = :description,"
                    + " enabled = :enabled, disabled_reason = :reason, event_types = CAST(:types AS jsonb),"
                    + " timeout_ms = :timeout, max_in_flight = :inflight, rate_limit_per_second = :rate,"
                    + " headers = CAST(:headers AS jsonb), metadata = CAST(:metadata AS jsonb), oauth = CAST(:oauth AS jsonb), tls = CAST(:tls AS jsonb),"
                    + " delivery = :delivery, ordered_on_dead_letter = :onDeadLetter,"
                    + " schema_versions = CAST(:pins AS jsonb), updated_at = :updated,"
                    + " verification = CAST(:verification AS jsonb) WHERE id = :id"))
        .bind("reason", r.disabledReason())
        .bind("updated", r.updatedAt())
        .execute();
  }

  /** Binds the columns an insert and an update both write. */
  private static Update bindSettings(EndpointRow r, Update u) {
    return u.bind("id", r.id())
        .bind("url", r.url())
        .bind("description", r.description())
        .bind("enabled", r.enabled())
        .bind("types", json(r.eventTypes()))
        .bind("timeout", r.timeoutMs())
        .bind("inflight", r.maxInFlight())
        .bind("rate", r.rateLimitPerSecond())
        .bind("headers", json(r.sealedHeaders()))
        .bind("metadata", r.metadata())
        .bind("oauth", oauthJson(r.oauth()))
        .bind("tls", r.tls() == null ? null : json(r.tls()))
        .bind("delivery", r.order().delivery().wire())
        .bind("onDeadLetter", r.order().onDeadLetter().wire())
        .bind("pins", json(r.schemaVersions()))
        .bind("verification", r.verification() == null ? null : json(r.verification()));
  }

  /** The endpoint, locked for update, if the scope sees it. */
  static Optional<EndpointRow> find(Handle h, String id, String scope) {
    return h.createQuery(
            "SELECT "
                + COLUMNS
                + " FROM posthorn_registry.endpoints WHERE id = :id"
                + SCOPE
                + " FOR UPDATE")
        .bind("id", id)
        .bind("scope", scope)
        .map((rs, ctx) -> row(rs))
        .findOne();
  }

  /**
   * A page in insertion order after {@code afterSeq}, filtered; {@code eventType}: endpoints
   * receiving it.
   */
  static List<EndpointRow> list(
      Handle h,
      String scope,
      Optional<String> tenant,
      Optional<String> status,
      Optional<String> eventType,
      long afterSeq,
      int limit) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT " + COLUMNS + " FROM posthorn_registry.endpoints WHERE seq > :after" + SCOPE);
    tenant.ifPresent(t -> sql.append(" AND tenant_id = :tenant"));
    status.ifPresent(st -> sql.append(" AND ").append(STATUS.get(st)));
    eventType.ifPresent(
        t ->
            sql.append(
                " AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(event_types) p"
                    + " WHERE p = '*' OR p = :type OR (right(p, 2) = '.*' AND starts_with(:type, left(p, -1))))"));
    sql.append(" ORDER BY seq LIMIT :limit");
    Query q =
        h.createQuery(sql.toString())
            .bind("after", afterSeq)
            .bind("scope", scope)
            .bind("limit", limit);
    tenant.ifPresent(t -> q.bind("tenant", t));
    eventType.ifPresent(t -> q.bind("type", t));
    return q.map((rs, ctx) -> row(rs)).list();
  }

  /**
   * Every endpoint of the tenant, locked for the transaction, in id order (so lockers never
   * deadlock).
   */
  static List<EndpointRow> lockTenant(Handle h, String tenantId) {
    return h.createQuery(
            "SELECT "
                + COLUMNS
                + " FROM posthorn_registry.endpoints WHERE tenant_id = :tenant"
                + " ORDER BY id FOR UPDATE")
        .bind("tenant", tenantId)
        .map((rs, ctx) -> row(rs))
        .list();
  }

  static void delete(Handle h, String id) {
    h.createUpdate("DELETE FROM posthorn_registry.endpoints WHERE id = :id")
        .bind("id", id)
        .execute();
  }

  static void addSecret(Handle h, String endpointId, String sealed, Instant now) {
    h.createUpdate(
            "INSERT INTO posthorn_registry.endpoint_secrets (endpoint_id, sealed, created_at)"
                + " VALUES (:id, :sealed, :now)")
        .bind("id", endpointId)
        .bind("sealed", sealed)
        .bind("now", now)
        .execute();
  }

  /** Ends the current secret's life at {@code overlapEnd}; drops secrets that expired already. */
  static void retireCurrentSecret(Handle h, String endpointId, Instant overlapEnd, Instant now) {
    h.createUpdate(
            "DELETE FROM posthorn_registry.endpoint_secrets WHERE endpoint_id = :id AND expires_at <= :now")
        .bind("id", endpointId)
        .bind("now", now)
        .execute();
    h.createUpdate(
            "UPDATE posthorn_registry.endpoint_secrets SET expires_at = :end"
                + " WHERE endpoint_id = :id AND expires_at IS NULL")
        .bind("id", endpointId)
        .bind("end", overlapEnd)
        .execute();
  }

  /** Secrets that still sign at {@code now}: the current one first, then rotated ones by expiry. */
  static List<EndpointDocument.Secret> secrets(Handle h, String endpointId, Instant now) {
    return h.createQuery(
            "SELECT sealed, expires_at FROM posthorn_registry.endpoint_secrets WHERE endpoint_id = :id"
                + " AND (expires_at IS NULL OR expires_at > :now) ORDER BY expires_at DESC NULLS FIRST, seq DESC")
        .bind("id", endpointId)
        .bind("now", now)
        .map(
            (rs, ctx) ->
                new EndpointDocument.Secret(
                    rs.getString("sealed"),
                    rs.getTimestamp("expires_at") == null
                        ? null
                        : rs.getTimestamp("expires_at").toInstant()))
        .list();
  }

  private static EndpointRow row(ResultSet rs) throws SQLException {
    return new EndpointRow(
        rs.getString("id"),
        rs.getLong("seq"),
        rs.getString("tenant_id"),
        rs.getString("url"),
        rs.getString("description"),
        rs.getBoolean("enabled"),
        rs.getString("disabled_reason"),
        parse(rs.getString("event_types"), new TypeReference<List<String>>() {}),
        rs.getInt("timeout_ms"),
        rs.getInt("max_in_flight"),
        rs.getInt("rate_limit_per_second"),
        parse(rs.getString("headers"), new TypeReference<Map<String, String>>() {}),
        rs.getString("metadata"),
        rs.getString("oauth") == null
            ? null
            : parse(rs.getString("oauth"), new TypeReference<EndpointDocument.OAuth>() {}),
        rs.getString("tls") == null
            ? null
            : parse(rs.getString("tls"), new TypeReference<EndpointDocument.Tls>() {}),
        new DeliveryOrder(
            DeliveryOrder.Delivery.fromWire(rs.getString("delivery")),
            DeliveryOrder.OnDeadLetter.fromWire(rs.getString("ordered_on_dead_letter"))),
        parse(rs.getString("schema_versions"), new TypeReference<Map<String, List<Integer>>>() {}),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant(),
        rs.getString("verification") == null
            ? null
            : parse(rs.getString("verification"), new TypeReference<Verification>() {}));
  }

  private static String oauthJson(EndpointDocument.OAuth oauth) {
    return oauth == null ? null : json(oauth);
  }

  private static String json(Object value) {
    return RegistryJson.write(value);
  }

  private static <T> T parse(String json, TypeReference<T> type) {
    return RegistryJson.stored(json, type, "a stored endpoint column");
  }
}
