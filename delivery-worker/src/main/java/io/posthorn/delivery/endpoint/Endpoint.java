package io.posthorn.delivery.endpoint;

import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.schema.endpoint.DeliveryOrder;
import io.posthorn.schema.endpoint.EndpointDocument;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A subscriber endpoint as the routing table holds it: one decoded document from the endpoints
 * topic.
 *
 * @param tenantId the owning tenant, or {@code null} for a global endpoint (receives every tenant's
 *     events and the untenanted ones)
 * @param enabled a disabled endpoint is known (so its pending retries can be dead-lettered with
 *     that reason) but receives nothing
 * @param timeout the whole HTTP call, at most 30 s
 * @param maxInFlight requests on the wire to this endpoint at once; beyond it deliveries wait in
 *     its lane
 * @param ratePerSecond deliveries started per second at most, {@code 0} for no limit
 * @param headers extra request headers the subscriber asked for (never hop-by-hop or signature
 *     ones)
 * @param privateNetworkAllowed the tenant may deliver to loopback/private/link-local addresses
 * @param oauth client credentials for a bearer token on every delivery, {@code null} for none
 * @param tls a client certificate and/or CA bundle for this endpoint's handshakes, {@code null} for
 *     none (decision 0044)
 * @param verificationPending disabled until it answers its verification challenge (decision 0046):
 *     it matches no event, but its challenge tasks ({@link #takesTask}) are delivered
 * @param order concurrent, or ordered per aggregate with its dead-letter choice (decision 0045)
 */
public record Endpoint(
    String id,
    String tenantId,
    URI url,
    boolean enabled,
    EventTypeFilter eventTypes,
    List<EndpointSecret> secrets,
    Duration timeout,
    int maxInFlight,
    int ratePerSecond,
    Map<String, String> headers,
    boolean privateNetworkAllowed,
    OAuthClient oauth,
    EndpointTls tls,
    boolean verificationPending,
    DeliveryOrder order) {

  /** A concurrent endpoint (decision 0045's default) with this verification state. */
  public Endpoint(
      String id,
      String tenantId,
      URI url,
      boolean enabled,
      EventTypeFilter eventTypes,
      List<EndpointSecret> secrets,
      Duration timeout,
      int maxInFlight,
      int ratePerSecond,
      Map<String, String> headers,
      boolean privateNetworkAllowed,
      OAuthClient oauth,
      EndpointTls tls,
      boolean verificationPending) {
    this(
        id,
        tenantId,
        url,
        enabled,
        eventTypes,
        secrets,
        timeout,
        maxInFlight,
        ratePerSecond,
        headers,
        privateNetworkAllowed,
        oauth,
        tls,
        verificationPending,
        DeliveryOrder.CONCURRENT);
  }

  /** An endpoint without a pending verification. */
  public Endpoint(
      String id,
      String tenantId,
      URI url,
      boolean enabled,
      EventTypeFilter eventTypes,
      List<EndpointSecret> secrets,
      Duration timeout,
      int maxInFlight,
      int ratePerSecond,
      Map<String, String> headers,
      boolean privateNetworkAllowed,
      OAuthClient oauth,
      EndpointTls tls) {
    this(
        id,
        tenantId,
        url,
        enabled,
        eventTypes,
        secrets,
        timeout,
        maxInFlight,
        ratePerSecond,
        headers,
        privateNetworkAllowed,
        oauth,
        tls,
        false);
  }

  /** An endpoint without TLS settings. */
  public Endpoint(
      String id,
      String tenantId,
      URI url,
      boolean enabled,
      EventTypeFilter eventTypes,
      List<EndpointSecret> secrets,
      Duration timeout,
      int maxInFlight,
      int ratePerSecond,
      Map<String, String> headers,
      boolean privateNetworkAllowed,
      OAuthClient oauth) {
    this(
        id,
        tenantId,
        url,
        enabled,
        eventTypes,
        secrets,
        timeout,
        maxInFlight,
        ratePerSecond,
        headers,
        privateNetworkAllowed,
        oauth,
        null,
        false);
  }

  /** An endpoint without OAuth. */
  public Endpoint(
      String id,
      String tenantId,
      URI url,
      boolean enabled,
      EventTypeFilter eventTypes,
      List<EndpointSecret> secrets,
      Duration timeout,
      int maxInFlight,
      int ratePerSecond,
      Map<String, String> headers,
      boolean privateNetworkAllowed) {
    this(
        id,
        tenantId,
        url,
        enabled,
        eventTypes,
        secrets,
        timeout,
        maxInFlight,
        ratePerSecond,
        headers,
        privateNetworkAllowed,
        null,
        null,
        false);
  }

  public Endpoint {
    Objects.requireNonNull(order, "order");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(eventTypes, "eventTypes");
    Objects.requireNonNull(timeout, "timeout");
    secrets = List.copyOf(secrets);
    headers = Map.copyOf(headers);
  }

  /**
   * An enabled global endpoint for every event type, for tests and the dev stack: 3 s timeout, no
   * rate limit, private networks allowed, and an in-flight bound of 1000.
   */
  public static Endpoint simple(String id, URI url, SigningSecret secret) {
    return new Endpoint(
        id,
        null,
        url,
        true,
        new EventTypeFilter(List.of("*")),
        List.of(new EndpointSecret(secret, null)),
        Duration.ofSeconds(3),
        1000,
        0,
        Map.of(),
        true);
  }

  /** Secrets that sign at {@code now}: the current one and any still in its rotation overlap. */
  public List<SigningSecret> signingSecrets(Instant now) {
    return secrets.stream().filter(s -> s.validAt(now)).map(EndpointSecret::secret).toList();
  }

  /** Whether this endpoint receives an event of this type for this tenant ({@code null}: none). */
  public boolean accepts(String eventType, String eventTenant) {
    return enabled
        && (tenantId == null || tenantId.equals(eventTenant))
        && eventTypes.matches(eventType);
  }

  /**
   * Whether a task of this event type from a retry tier or the redeliveries topic is delivered: any
   * type while enabled; only the verification challenge ({@code posthorn.ping}) while it waits for
   * verification; none otherwise (the task is dead-lettered).
   */
  public boolean takesTask(String eventType) {
    return enabled
        || verificationPending && EndpointDocument.VERIFICATION_EVENT_TYPE.equals(eventType);
  }

  public Endpoint withEnabled(boolean v) {
    return copy(c -> c.enabled = v);
  }

  /** This endpoint disabled and waiting for the answer to its challenge, or no longer waiting. */
  public Endpoint withVerificationPending(boolean v) {
    return copy(
        c -> {
          c.verificationPending = v;
          c.enabled = c.enabled && !v;
        });
  }

  public Endpoint withTenant(String v) {
    return copy(c -> c.tenantId = v);
  }

  public Endpoint withEventTypes(String... patterns) {
    return copy(c -> c.eventTypes = new EventTypeFilter(List.of(patterns)));
  }

  public Endpoint withEventTypes(EventTypeFilter v) {
    return copy(c -> c.eventTypes = v);
  }

  public Endpoint withTimeout(Duration v) {
    return copy(c -> c.timeout = v);
  }

  public Endpoint withMaxInFlight(int v) {
    return copy(c -> c.maxInFlight = v);
  }

  public Endpoint withRatePerSecond(int v) {
    return copy(c -> c.ratePerSecond = v);
  }

  public Endpoint withPrivateNetworkAllowed(boolean v) {
    return copy(c -> c.privateNetworkAllowed = v);
  }

  public Endpoint withOAuth(OAuthClient v) {
    return copy(c -> c.oauth = v);
  }

  public Endpoint withTls(EndpointTls v) {
    return copy(c -> c.tls = v);
  }

  public Endpoint withOrder(DeliveryOrder v) {
    return copy(c -> c.order = v);
  }

  /** This endpoint with the fields {@code change} sets, the others as they are. */
  private Endpoint copy(Consumer<Fields> change) {
    Fields c = new Fields(this);
    change.accept(c);
    return new Endpoint(
        c.id,
        c.tenantId,
        c.url,
        c.enabled,
        c.eventTypes,
        c.secrets,
        c.timeout,
        c.maxInFlight,
        c.ratePerSecond,
        c.headers,
        c.privateNetworkAllowed,
        c.oauth,
        c.tls,
        c.verificationPending,
        c.order);
  }

  /** The fields of an endpoint being copied, one changed at a time by the {@code with} methods. */
  private static final class Fields {
    final String id;
    String tenantId;
    final URI url;
    boolean enabled;
    EventTypeFilter eventTypes;
    final List<EndpointSecret> secrets;
    Duration timeout;
    int maxInFlight;
    int ratePerSecond;
    final Map<String, String> headers;
    boolean privateNetworkAllowed;
    OAuthClient oauth;
    EndpointTls tls;
    DeliveryOrder order;
    boolean verificationPending;

    Fields(Endpoint e) {
      id = e.id;
      tenantId = e.tenantId;
      url = e.url;
      enabled = e.enabled;
      eventTypes = e.eventTypes;
      secrets = e.secrets;
      timeout = e.timeout;
      maxInFlight = e.maxInFlight;
      ratePerSecond = e.ratePerSecond;
      headers = e.headers;
      privateNetworkAllowed = e.privateNetworkAllowed;
      oauth = e.oauth;
      tls = e.tls;
      order = e.order;
      verificationPending = e.verificationPending;
    }
  }

  @Override
  public String toString() {
    return "Endpoint["
        + id
        + (tenantId == null ? "" : " tenant " + tenantId)
        + " "
        + url.getScheme()
        + "://"
        + url.getAuthority()
        + url.getPath()
        + (enabled ? "" : verificationPending ? " pending verification" : " disabled")
        + "]";
  }
}
