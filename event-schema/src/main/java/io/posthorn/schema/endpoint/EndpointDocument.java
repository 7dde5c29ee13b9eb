package io.posthorn.schema.endpoint;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One endpoint as it travels on {@code posthorn.endpoints} (key = endpoint id, a tombstone
 * deletes): what a worker needs to route, sign and send, secrets still sealed ({@link SecretSeal}).
 * The registry writes it, the relay carries it, the worker reads it; {@link EndpointDocumentCodec}
 * is the one JSON form. Construction checks nothing: the codec checks a decoded document field by
 * field, and each side adds its own policy (the registry its URL policy, the worker its address
 * guard).
 *
 * @param tenantId the owning tenant, {@code null} for a global endpoint (every tenant's events)
 * @param eventTypes exact types, {@code prefix.*} or {@code *}
 * @param secrets every secret that may still sign; one without {@code expiresAt} is current, the
 *     others sign until they expire (rotation overlap)
 * @param sealedHeaders extra request headers, never {@link #RESERVED_HEADERS}, by lower-case name;
 *     each value sealed with {@link SecretSeal#sealHeader} (header values are credentials)
 * @param legacyPlainHeaders the same, in plain text, as registries before sealed headers wrote
 *     them; read so a worker can deliver during an upgrade, never written by the registry
 * @param privateNetworkAllowed the endpoint may resolve to loopback/private/link-local addresses
 * @param oauth OAuth 2.0 client credentials for a bearer token on every delivery, {@code null} for
 *     none (decision 0043)
 * @param tls a client certificate and/or a CA bundle for this endpoint's TLS handshakes, {@code
 *     null} for none (decision 0044)
 * @param verificationPending the endpoint is disabled until it answers its verification challenge
 *     (decision 0046): it matches no event, but its {@link #VERIFICATION_EVENT_TYPE} tasks are
 *     delivered
 * @param order concurrent or ordered per aggregate, and what a dead letter does when ordered
 *     (decision 0045); never {@code null}
 * @param schemaVersions the schema versions the endpoint accepts, by exact event type (decision
 *     0047): an event of a type listed here is delivered only when its {@code schemaVersion} is in
 *     the list; a type not listed is delivered in every version (the default: empty)
 */
public record EndpointDocument(
    String id,
    String tenantId,
    String url,
    boolean enabled,
    List<String> eventTypes,
    List<Secret> secrets,
    int timeoutMs,
    int maxInFlight,
    int rateLimitPerSecond,
    Map<String, String> sealedHeaders,
    Map<String, String> legacyPlainHeaders,
    boolean privateNetworkAllowed,
    OAuth oauth,
    Tls tls,
    boolean verificationPending,
    DeliveryOrder order,
    Map<String, List<Integer>> schemaVersions) {

  /**
   * The event type of the challenge a pending endpoint must answer, the only type it receives
   * (decision 0046).
   */
  public static final String VERIFICATION_EVENT_TYPE = "posthorn.ping";

  public static final int MAX_TIMEOUT_MS = 30_000;
  public static final int MAX_IN_FLIGHT = 10_000;
  public static final int MAX_RATE_PER_SECOND = 1_000_000;

  /** Headers a subscriber may not set: hop-by-hop, framing, and the ones Posthorn signs or sets. */
  public static final Set<String> RESERVED_HEADERS =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-authenticate",
          "proxy-authorization",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "host",
          "content-length",
          "content-type",
          "user-agent",
          "webhook-id",
          "webhook-timestamp",
          "webhook-signature",
          "traceparent",
          "posthorn-event-type");

  private static final Pattern TYPE_PATTERN =
      Pattern.compile("^\\*$|^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*(\\.\\*)?$");

  /** A sealed secret and the end of its rotation overlap ({@code null}: the current secret). */
  public record Secret(String sealed, Instant expiresAt) {
    public Secret {
      Objects.requireNonNull(sealed, "sealed");
    }
  }

  /**
   * OAuth 2.0 client credentials grant settings.
   *
   * @param tokenUrl the token endpoint, an absolute http(s) URL
   * @param sealedClientSecret sealed with {@link SecretSeal#sealClientSecret}
   * @param scope space-separated scopes, or {@code null}
   * @param audience the {@code audience} form parameter some servers want, or {@code null}
   */
  public record OAuth(
      String tokenUrl, String clientId, String sealedClientSecret, String scope, String audience) {
    public OAuth {
      Objects.requireNonNull(tokenUrl, "tokenUrl");
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(sealedClientSecret, "sealedClientSecret");
    }
  }

  /**
   * Mutual TLS settings (decision 0044): at least one of a client certificate (with its key) and a
   * CA bundle.
   *
   * @param clientCertificate PEM certificate chain presented to this endpoint, leaf first, or
   *     {@code null}
   * @param sealedClientKey the PKCS#8 PEM private key of the leaf, sealed with {@link
   *     SecretSeal#sealClientKey}; present exactly when {@code clientCertificate} is
   * @param caBundle PEM certificates this endpoint's server certificate may chain to instead of the
   *     JDK's trust store, or {@code null}
   */
  public record Tls(String clientCertificate, String sealedClientKey, String caBundle) {
    public Tls {
      if ((clientCertificate == null) != (sealedClientKey == null)) {
        throw new IllegalArgumentException("a client certificate goes with its key");
      }
      if (clientCertificate == null && caBundle == null) {
        throw new IllegalArgumentException("a client certificate or a CA bundle is required");
      }
    }
  }

  /**
   * A concurrent document (decision 0045's default) without version pins (every version of every
   * type it subscribes to), with this verification state.
   */
  public EndpointDocument(
      String id,
      String tenantId,
      String url,
      boolean enabled,
      List<String> eventTypes,
      List<Secret> secrets,
      int timeoutMs,
      int maxInFlight,
      int rateLimitPerSecond,
      Map<String, String> sealedHeaders,
      Map<String, String> legacyPlainHeaders,
      boolean privateNetworkAllowed,
      OAuth oauth,
      Tls tls,
      boolean verificationPending) {
    this(
        id,
        tenantId,
        url,
        enabled,
        eventTypes,
        secrets,
        timeoutMs,
        maxInFlight,
        rateLimitPerSecond,
        sealedHeaders,
        legacyPlainHeaders,
        privateNetworkAllowed,
        oauth,
        tls,
        verificationPending,
        DeliveryOrder.CONCURRENT,
        Map.of());
  }

  /** A document without a pending verification or version pins, in this delivery order. */
  public EndpointDocument(
      String id,
      String tenantId,
      String url,
      boolean enabled,
      List<String> eventTypes,
      List<Secret> secrets,
      int timeoutMs,
      int maxInFlight,
      int rateLimitPerSecond,
      Map<String, String> sealedHeaders,
      Map<String, String> legacyPlainHeaders,
      boolean privateNetworkAllowed,
      OAuth oauth,
      Tls tls,
      DeliveryOrder order) {
    this(
        id,
        tenantId,
        url,
        enabled,
        eventTypes,
        secrets,
        timeoutMs,
        maxInFlight,
        rateLimitPerSecond,
        sealedHeaders,
        legacyPlainHeaders,
        privateNetworkAllowed,
        oauth,
        tls,
        false,
        order,
        Map.of());
  }

  /** A concurrent document without a pending verification. */
  public EndpointDocument(
      String id,
      String tenantId,
      String url,
      boolean enabled,
      List<String> eventTypes,
      List<Secret> secrets,
      int timeoutMs,
      int maxInFlight,
      int rateLimitPerSecond,
      Map<String, String> sealedHeaders,
      Map<String, String> legacyPlainHeaders,
      boolean privateNetworkAllowed,
      OAuth oauth,
      Tls tls) {
    this(
        id,
        tenantId,
        url,
        enabled,
        eventTypes,
        secrets,
        timeoutMs,
        maxInFlight,
        rateLimitPerSecond,
        sealedHeaders,
        legacyPlainHeaders,
        privateNetworkAllowed,
        oauth,
        tls,
        false);
  }

  /** A document without TLS settings. */
  public EndpointDocument(
      String id,
      String tenantId,
      String url,
      boolean enabled,
      List<String> eventTypes,
      List<Secret> secrets,
      int timeoutMs,
      int maxInFlight,
      int rateLimitPerSecond,
      Map<String, String> sealedHeaders,
      Map<String, String> legacyPlainHeaders,
      boolean privateNetworkAllowed,
      OAuth oauth) {
    this(
        id,
        tenantId,
        url,
        enabled,
        eventTypes,
        secrets,
        timeoutMs,
        maxInFlight,
        rateLimitPerSecond,
        sealedHeaders,
        legacyPlainHeaders,
        privateNetworkAllowed,
        oauth,
        null,
        false);
  }

  /** A document without OAuth settings. */
  public EndpointDocument(
      String id,
      String tenantId,
      String url,
      boolean enabled,
      List<String> eventTypes,
      List<Secret> secrets,
      int timeoutMs,
      int maxInFlight,
      int rateLimitPerSecond,
      Map<String, String> sealedHeaders,
      Map<String, String> legacyPlainHeaders,
      boolean privateNetworkAllowed) {
    this(
        id,
        tenantId,
        url,
        enabled,
        eventTypes,
        secrets,
        timeoutMs,
        maxInFlight,
        rateLimitPerSecond,
        sealedHeaders,
        legacyPlainHeaders,
        privateNetworkAllowed,
        null,
        null,
        false);
  }

  public EndpointDocument {
    Objects.requireNonNull(order, "order");
    eventTypes = List.copyOf(eventTypes);
    secrets = List.copyOf(secrets);
    sealedHeaders = Map.copyOf(sealedHeaders);
    legacyPlainHeaders = Map.copyOf(legacyPlainHeaders);
    if (enabled && verificationPending) {
      throw new IllegalArgumentException("an enabled endpoint has no pending verification");
    }
    schemaVersions = copyOfPins(schemaVersions);
  }

  /** An immutable copy, each type's versions in ascending order without repeats. */
  public static Map<String, List<Integer>> copyOfPins(Map<String, List<Integer>> pins) {
    Map<String, List<Integer>> copy = new TreeMap<>();
    pins.forEach(
        (type, versions) -> copy.put(type, versions.stream().distinct().sorted().toList()));
    return Collections.unmodifiableMap(copy);
  }

  /** Whether {@code pattern} is an exact type, a prefix ending in {@code .*}, or {@code *}. */
  public static boolean isTypePattern(String pattern) {
    return pattern != null && TYPE_PATTERN.matcher(pattern).matches();
  }
}
