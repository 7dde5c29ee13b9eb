package io.posthorn.registry.endpoint;

import io.posthorn.schema.endpoint.DeliveryOrder;
import io.posthorn.schema.endpoint.EndpointDocument;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An endpoint as the registry stores it (without its secrets, which live beside it sealed).
 *
 * @param seq insertion order, for cursor pagination
 * @param tenantId the owner, {@code null} for a global endpoint (admin only)
 * @param disabledReason why it was disabled ({@code null} while enabled)
 * @param sealedHeaders custom headers by lower-case name, each value sealed ({@link
 *     EndpointHeaders})
 * @param oauth OAuth client credentials, the secret sealed, {@code null} for none
 * @param tls client certificate, its key sealed, and CA bundle, {@code null} for none
 * @param metadata a JSON object the subscriber keeps with the endpoint, as text
 * @param order concurrent, or ordered per aggregate with its dead-letter choice (decision 0045)
 * @param schemaVersions the schema versions accepted, by exact event type; empty: every version
 * @param verification its verification handshake, {@code null} when it never asked for one
 *     (decision 0046)
 */
public record EndpointRow(
    String id,
    long seq,
    String tenantId,
    String url,
    String description,
    boolean enabled,
    String disabledReason,
    List<String> eventTypes,
    int timeoutMs,
    int maxInFlight,
    int rateLimitPerSecond,
    Map<String, String> sealedHeaders,
    String metadata,
    EndpointDocument.OAuth oauth,
    EndpointDocument.Tls tls,
    DeliveryOrder order,
    Map<String, List<Integer>> schemaVersions,
    Instant createdAt,
    Instant updatedAt,
    Verification verification) {

  public EndpointRow {
    eventTypes = List.copyOf(eventTypes);
    sealedHeaders = Map.copyOf(sealedHeaders);
    schemaVersions = EndpointDocument.copyOfPins(schemaVersions);
  }

  /**
   * @param sealed {@code s.headers()} sealed ({@link EndpointHeaders#seal})
   * @param sealedOAuth {@code s.oauth()} sealed ({@link EndpointOAuth#seal})
   * @param sealedTls {@code s.tls()} sealed ({@link EndpointTlsSettings#seal})
   */
  EndpointRow withSettings(
      EndpointSettings s,
      Map<String, String> sealed,
      EndpointDocument.OAuth sealedOAuth,
      EndpointDocument.Tls sealedTls,
      Instant now) {
    return new EndpointRow(
        id,
        seq,
        tenantId,
        s.url(),
        s.description(),
        enabled,
        disabledReason,
        s.eventTypes(),
        s.timeoutMs(),
        s.maxInFlight(),
        s.rateLimitPerSecond(),
        sealed,
        s.metadata(),
        sealedOAuth,
        sealedTls,
        s.order(),
        s.schemaVersions(),
        createdAt,
        now,
        verification);
  }

  /** Disabled and waiting for the answer to its challenge. */
  boolean verificationPending() {
    return !enabled && verification != null && verification.pending();
  }

  /** {@code enabled}, {@code disabled} or {@code pending_verification}, as the API shows it. */
  String status() {
    return enabled ? "enabled" : verificationPending() ? "pending_verification" : "disabled";
  }

  EndpointRow withVerification(Verification v) {
    return new EndpointRow(
        id,
        seq,
        tenantId,
        url,
        description,
        enabled,
        disabledReason,
        eventTypes,
        timeoutMs,
        maxInFlight,
        rateLimitPerSecond,
        sealedHeaders,
        metadata,
        oauth,
        tls,
        order,
        schemaVersions,
        createdAt,
        updatedAt,
        v);
  }

  EndpointRow withEnabled(boolean on, String reason, Instant now) {
    return new EndpointRow(
        id,
        seq,
        tenantId,
        url,
        description,
        on,
        on ? null : reason,
        eventTypes,
        timeoutMs,
        maxInFlight,
        rateLimitPerSecond,
        sealedHeaders,
        metadata,
        oauth,
        tls,
        order,
        schemaVersions,
        createdAt,
        now,
        verification);
  }
}
